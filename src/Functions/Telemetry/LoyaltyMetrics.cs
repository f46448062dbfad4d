using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace LoyaltyBot.Functions.Telemetry;

/// <summary>The <c>loyalty.outcome</c> of what went well, or of a job that failed; a refusal's is its <see cref="RefusalReasons"/> code.</summary>
public static class Outcomes
{
    public const string Accepted = "accepted";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
}

/// <summary>
/// What an operator watches, one method per event. Attributes are merchant ids, function, queue and job names, and
/// outcome or reason codes: never a phone, card, Telegram id, customer id, name, code, token or secret.
/// </summary>
public static class LoyaltyMetrics
{
    public const string MerchantIdTag = "loyalty.merchant.id";
    public const string KindTag = "loyalty.kind";
    public const string OutcomeTag = "loyalty.outcome";
    public const string FunctionTag = "loyalty.function";
    public const string QueueTag = "messaging.destination.name";
    public const string JobTag = "loyalty.job";

    private static readonly double[] SecondsBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];

    private static readonly Counter<long> MerchantRequests = LoyaltyTelemetry.Meter.CreateCounter<long>(
        "loyalty.merchant.requests", "{request}", "Purchases and refunds posted by merchants, by outcome: accepted or the reason refused.");

    private static readonly Counter<long> Accruals = LoyaltyTelemetry.Meter.CreateCounter<long>(
        "loyalty.accruals", "{purchase}", "Purchases applied to the ledger from the purchases queue.");

    private static readonly Histogram<double> AccrualLag = LoyaltyTelemetry.Meter.CreateHistogram(
        "loyalty.accrual.lag", "s", "Time from a purchase entering the purchases queue to its points being on the ledger.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });

    private static readonly Counter<long> RefundsWaiting = LoyaltyTelemetry.Meter.CreateCounter<long>(
        "loyalty.refunds.waiting", "{refund}", "Times a refund was put back in the queue to wait for its purchase.");

    private static readonly Counter<long> PoisonedMessages = LoyaltyTelemetry.Meter.CreateCounter<long>(
        "loyalty.queue.poisoned", "{message}", "Queue messages moved to the poison queue after their last try failed.");

    private static readonly Counter<long> NotificationsSent = LoyaltyTelemetry.Meter.CreateCounter<long>(
        "loyalty.notifications.sent", "{notification}", "Notifications delivered to a customer's chat.");

    private static readonly Counter<long> TelegramRateLimited = LoyaltyTelemetry.Meter.CreateCounter<long>(
        "loyalty.telegram.rate_limited", "{response}", "Bot API 429 answers waited out before the message was tried again.");

    private static readonly Histogram<double> TelegramRetryAfter = LoyaltyTelemetry.Meter.CreateHistogram(
        "loyalty.telegram.retry_after", "s", "How long the Bot API asked a notification to wait (its retry_after).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });

    private static readonly Counter<long> JobRuns = LoyaltyTelemetry.Meter.CreateCounter<long>(
        "loyalty.jobs.runs", "{run}", "Runs of a timer job, by outcome.");

    private static readonly Histogram<double> JobDuration = LoyaltyTelemetry.Meter.CreateHistogram(
        "loyalty.jobs.duration", "s", "How long a timer job ran.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });

    /// <summary>A merchant's purchase or refund is durable in the queue (202).</summary>
    public static void RequestAccepted(string kind, string merchantId) =>
        MerchantRequests.Add(1, new(KindTag, kind), new(OutcomeTag, Outcomes.Accepted), new(MerchantIdTag, merchantId));

    /// <summary>
    /// A merchant's purchase or refund was refused for <paramref name="reason"/> (a <see cref="RefusalReasons"/> code).
    /// The merchant id is left out while the merchant is unknown: anyone can post to any id, and each would be a new series.
    /// </summary>
    public static void RequestRefused(string kind, string reason, string merchantId) =>
        MerchantRequests.Add(1, new(KindTag, kind), new(OutcomeTag, reason),
            new(MerchantIdTag, reason == RefusalReasons.UnknownMerchant ? null : merchantId));

    /// <summary>A purchase's points are on the ledger; <paramref name="queuedAt"/> is when its message entered the queue, if known.</summary>
    public static void Accrued(string merchantId, DateTimeOffset? queuedAt)
    {
        var merchant = new KeyValuePair<string, object?>(MerchantIdTag, merchantId);
        Accruals.Add(1, merchant);
        if (queuedAt is { } inserted)
        {
            // The queue service stamped the insertion time, so the wall clock (not the app's TimeProvider) measures the lag.
            AccrualLag.Record(Math.Max(0, (DateTimeOffset.UtcNow - inserted).TotalSeconds), merchant);
        }
    }

    public static void RefundWaiting(string merchantId) => RefundsWaiting.Add(1, new KeyValuePair<string, object?>(MerchantIdTag, merchantId));

    public static void Poisoned(string functionName, string queueName) =>
        PoisonedMessages.Add(1, new(FunctionTag, functionName), new(QueueTag, queueName));

    public static void NotificationSent(string kind) =>
        NotificationsSent.Add(1, new KeyValuePair<string, object?>(KindTag, kind));

    public static void RateLimitWaited(TimeSpan retryAfter)
    {
        TelegramRateLimited.Add(1);
        TelegramRetryAfter.Record(retryAfter.TotalSeconds);
    }

    /// <summary>Starts a job's span and clock: <c>using var run = LoyaltyMetrics.StartJob("ExpirePoints"); … run.Succeeded();</c>.</summary>
    public static JobRun StartJob(string name) => new(name);

    /// <summary>One run of a timer job: a span, and on dispose its run and duration, failed unless <see cref="Succeeded"/> was called.</summary>
    public sealed class JobRun : IDisposable
    {
        private readonly string name;
        private readonly long started = Stopwatch.GetTimestamp();
        private readonly Activity? activity;
        private bool succeeded;

        internal JobRun(string name)
        {
            this.name = name;
            activity = LoyaltyTelemetry.Source.StartActivity(name)?.SetTag(JobTag, name);
        }

        public void Succeeded() => succeeded = true;

        public void Dispose()
        {
            var outcome = succeeded ? Outcomes.Succeeded : Outcomes.Failed;
            KeyValuePair<string, object?>[] tags = [new(JobTag, name), new(OutcomeTag, outcome)];
            JobRuns.Add(1, tags);
            JobDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
            activity?.SetTag(OutcomeTag, outcome).SetStatus(succeeded ? ActivityStatusCode.Ok : ActivityStatusCode.Error);
            activity?.Dispose();
        }
    }
}
