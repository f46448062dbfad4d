using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Jobs;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Outbox;
using LoyaltyBot.Functions.Rules;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace LoyaltyBot.Functions.Tests.Jobs;

/// <summary>
/// The tier review on a <see cref="JobHarness"/>: customers who buy their way up, runs as separate app instances make them.
/// </summary>
internal sealed class TierReviewJob : JobHarness
{
    private TierReviewJob(StorageOfItsOwn storage, LedgerHarness ledger)
        : base(storage, ledger)
    {
    }

    /// <summary>A fresh Azurite, the clock at <paramref name="now"/>, the program under <paramref name="rules"/>.</summary>
    public static async Task<TierReviewJob> StartAsync(DateTimeOffset now, ProgramRules rules)
    {
        var (storage, ledger) = await StartStorageAsync(now, rules);
        return new TierReviewJob(storage, ledger);
    }

    /// <summary>A run as one app instance makes it: a store and a program cache of its own.</summary>
    public TierReviewRun Run() => new(
        new TierReviewIndex(Storage), NewLedgerStore(),
        new ProgramStore(Storage, Time), new Notifier(Storage), new JobProgress(Storage), Time, NullLogger<TierReviewRun>.Instance);

    public Task<TierReviewSummary> RunAsync() => Run().RunAsync(default);

    /// <summary>A customer of the bot (or a till-only one, without a chat) who has just bought for <paramref name="spent"/>.</summary>
    public async Task<string> CustomerWhoSpentAsync(decimal spent, bool withChat = true)
    {
        var customerId = await CustomerAsync(withChat);
        await Ledger.EarnAsync(customerId, spent);
        return customerId;
    }

    public async Task<string> TierAsync(string customerId) => (await Ledger.AccountAsync(customerId)).Tier;

    /// <summary>Moves the clock to <paramref name="moment"/>, which must not be earlier.</summary>
    public void MoveTo(DateTimeOffset moment) => Time.Advance(moment - Time.GetUtcNow());
}
