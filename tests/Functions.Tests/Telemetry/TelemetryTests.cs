using System.Net;
using LoyaltyBot.Functions.Accrual;
using LoyaltyBot.Functions.Merchants;
using LoyaltyBot.Functions.Notifications;
using LoyaltyBot.Functions.Outbox;
using LoyaltyBot.Functions.Storage;
using LoyaltyBot.Functions.Telemetry;
using LoyaltyBot.Functions.Tests.Infrastructure;
using LoyaltyBot.TelegramDouble;
using static LoyaltyBot.Functions.Telemetry.LoyaltyMetrics;
using static LoyaltyBot.Functions.Tests.Notifications.BotScenario;

namespace LoyaltyBot.Functions.Tests.Telemetry;

/// <summary>What the app measures, through the real app on Azurite: each event an operator watches is counted once, with its attributes.</summary>
[Collection(TelemetryRunsAlone.Name)]
public sealed class TelemetryTests(TelemetryApp app) : IClassFixture<TelemetryApp>
{
    [Fact]
    public async Task ASignedPurchaseIsCountedAsAcceptedForItsMerchant()
    {
        using var metrics = new MetricRecorder();
        var till = await MerchantClient.CreateAsync(app);

        using var response = await till.PostAsync("purchases", MerchantClient.Purchase(MerchantClient.NewPhone()));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(1, metrics.Sum("loyalty.merchant.requests", (KindTag, RequestKinds.Purchase), (OutcomeTag, Outcomes.Accepted), (MerchantIdTag, till.MerchantId)));
        Assert.Equal(1, metrics.Sum("loyalty.merchant.requests", (MerchantIdTag, till.MerchantId)));
    }

    [Fact]
    public async Task APurchaseWithABadSignatureIsCountedAsRefusedForThatReason()
    {
        using var metrics = new MetricRecorder();
        var till = await MerchantClient.CreateAsync(app);

        using var response = await till.PostAsync("purchases", MerchantClient.Purchase(MerchantClient.NewPhone()), signature: "t=1,v1=" + new string('0', 64));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(1, metrics.Sum("loyalty.merchant.requests", (KindTag, RequestKinds.Purchase), (OutcomeTag, RefusalReasons.BadSignature), (MerchantIdTag, till.MerchantId)));
        Assert.Equal(0, metrics.Sum("loyalty.merchant.requests", (OutcomeTag, Outcomes.Accepted)));
    }

    [Fact]
    public async Task APurchaseForAnUnknownMerchantIsCountedWithoutTheIdItNamed()
    {
        using var metrics = new MetricRecorder();
        var till = await MerchantClient.CreateAsync(app);

        using var response = await till.PostAsync("purchases", MerchantClient.Purchase(MerchantClient.NewPhone()), merchantId: "no-such-merchant");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var refused = Assert.Single(metrics.Of("loyalty.merchant.requests"));
        Assert.Equal(RefusalReasons.UnknownMerchant, refused.Tag(OutcomeTag));
        Assert.Null(refused.Tag(MerchantIdTag));
    }

    [Fact]
    public async Task AnAccruedPurchaseIsCountedOnceWithItsLagBehindTheQueueAndASpan()
    {
        using var metrics = new MetricRecorder();
        var till = await MerchantClient.CreateAsync(app);

        using var response = await till.PostAsync("purchases", MerchantClient.Purchase(MerchantClient.NewPhone()));
        await metrics.WaitForAsync("loyalty.accruals", (MerchantIdTag, till.MerchantId));

        Assert.Equal(1, metrics.Sum("loyalty.accruals", (MerchantIdTag, till.MerchantId)));
        var lag = Assert.Single(metrics.Of("loyalty.accrual.lag"), m => m.Tag(MerchantIdTag) == till.MerchantId);
        Assert.InRange(lag.Value, 0, 30);
        var span = await app.Spans.WaitForAsync(s => s.OperationName == "AccruePurchase" && (string?)s.GetTagItem(MerchantIdTag) == till.MerchantId, "the accrual's span");
        Assert.Equal(LoyaltyTelemetry.Name, span.Source.Name);
    }

    [Fact]
    public async Task ARefundBeforeItsPurchaseIsCountedAsWaiting()
    {
        using var metrics = new MetricRecorder();
        var till = await MerchantClient.CreateAsync(app);
        var purchase = MerchantClient.Purchase(MerchantClient.NewPhone());

        using var refund = await till.PostAsync("refunds", new { refundId = MerchantClient.NewId("r"), purchaseId = purchase["purchaseId"], amount = 100m, currency = "RUB" });
        Assert.Equal(HttpStatusCode.Accepted, refund.StatusCode);
        await metrics.WaitForAsync("loyalty.refunds.waiting", (MerchantIdTag, till.MerchantId));

        Assert.Equal(1, metrics.Sum("loyalty.merchant.requests", (KindTag, RequestKinds.Refund), (OutcomeTag, Outcomes.Accepted), (MerchantIdTag, till.MerchantId)));
        // The purchase comes after all, so the refund stops waiting.
        using var late = await till.PostAsync("purchases", purchase);
        Assert.Equal(HttpStatusCode.Accepted, late.StatusCode);
    }

    [Fact]
    public async Task AMessageMovedToThePoisonQueueIsCountedForItsFunctionAndQueue()
    {
        using var metrics = new MetricRecorder();

        await app.Storage.Queue(QueueNames.Purchases).SendMessageAsync("{\"neither\": \"purchase nor refund\"}");
        await metrics.WaitForAsync("loyalty.queue.poisoned", (QueueTag, QueueNames.Purchases));

        var poisoned = Assert.Single(metrics.Of("loyalty.queue.poisoned"));
        Assert.Equal("AccruePurchase", poisoned.Tag(FunctionTag));
        Assert.Equal(1, poisoned.Value);
    }

    [Fact]
    public async Task ASentNotificationIsCountedByItsKindInASpan()
    {
        using var metrics = new MetricRecorder();
        var (user, customer) = await RegisterAsync(app, "en");

        await EnqueueAsync(app, new Notification(NewId("birthday"), customer.CustomerId, NotificationKind.Birthday, 300));
        await MessageToAsync(app, user, "Happy birthday");
        await metrics.WaitForAsync("loyalty.notifications.sent", (KindTag, nameof(NotificationKind.Birthday)));

        Assert.Equal(1, metrics.Sum("loyalty.notifications.sent"));
        await app.Spans.WaitForAsync(s => s.OperationName == "SendNotification" && (string?)s.GetTagItem(KindTag) == nameof(NotificationKind.Birthday), "the send's span");
    }

    [Fact]
    public async Task ATooManyRequestsAnswerWaitedOutIsCountedWithItsRetryAfter()
    {
        using var metrics = new MetricRecorder();
        var (user, customer) = await RegisterAsync(app, "en");
        var refused = 0;
        app.Telegram.FailWith = call => call.ChatId == user.Id && Interlocked.Increment(ref refused) == 1 ? BotApiFailure.TooManyRequests(1) : null;
        try
        {
            await EnqueueAsync(app, new Notification(NewId("tier"), customer.CustomerId, NotificationKind.TierChanged, Tier: "Gold"));
            await MessageToAsync(app, user, "Your tier is now Gold");
            await metrics.WaitForAsync("loyalty.notifications.sent");
        }
        finally
        {
            app.Telegram.FailWith = null;
        }

        Assert.Equal(1, metrics.Sum("loyalty.telegram.rate_limited"));
        Assert.Equal(1, Assert.Single(metrics.Of("loyalty.telegram.retry_after")).Value);
    }

    [Fact]
    public async Task ExpirePointsRunNowIsCountedAsASucceededJobRunWithItsDuration()
    {
        using var metrics = new MetricRecorder();

        await app.RunFunctionAsync("ExpirePoints");

        Assert.Equal(1, metrics.Sum("loyalty.jobs.runs", (JobTag, "ExpirePoints"), (OutcomeTag, Outcomes.Succeeded)));
        Assert.InRange(Assert.Single(metrics.Of("loyalty.jobs.duration")).Value, 0, 30);
        await app.Spans.WaitForAsync(s => s.OperationName == "ExpirePoints" && (string?)s.GetTagItem(OutcomeTag) == Outcomes.Succeeded, "the job's span");
    }
}
