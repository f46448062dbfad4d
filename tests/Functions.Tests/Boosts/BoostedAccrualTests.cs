using LoyaltyBot.Domain.Boosts;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Accrual;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Rules;
using LoyaltyBot.Functions.Tests.Infrastructure;

namespace LoyaltyBot.Functions.Tests.Boosts;

/// <summary>
/// Purchases accrued from the queue for a customer who picked a boosted category, on a controlled clock in Moscow: the month is
/// the program's, picks live on the account row (no request more), a replay earns once, and a refund takes back its share.
/// </summary>
public sealed class BoostedAccrualTests
{
    /// <summary>23:00 on 30 November in Moscow; UTC says 20:00.</summary>
    private static readonly DateTimeOffset LateOnNovember30 = new(2026, 11, 30, 20, 0, 0, TimeSpan.Zero);

    private static readonly BoostMonth November = new(2026, 11);

    /// <summary>The customer's, new for each test: the tables are shared with other tests.</summary>
    private readonly long telegramUserId = Random.Shared.NextInt64(1, long.MaxValue);

    private static readonly ProgramRules Rules = ProgramRules.Default with
    {
        TimeZone = "Europe/Moscow",
        BoostedCategories = new BoostedCategories
        {
            Months = new Dictionary<string, IReadOnlyList<BoostedCategory>>
            {
                ["2026-11"] = [new("coffee", 3m), new("books", 2m)],
                ["2026-12"] = [new("coffee", 3m), new("books", 2m)],
            },
        },
    };

    [Fact]
    public async Task APurchaseAtHalfPastElevenOnNovember30InMoscowIsBoostedByNovembersPickAndOneHalfAnHourLaterIsNot()
    {
        var (harness, customer) = await CustomerWhoPickedCoffeeInNovemberAsync();
        var accrual = harness.Accrual();

        var november = await accrual.ApplyAsync(Coffee(LateOnNovember30.AddMinutes(30)), CancellationToken.None);
        harness.Time.Advance(TimeSpan.FromHours(1.5));
        // 00:30 on 1 December in Moscow, though UTC still says 30 November.
        var december = await accrual.ApplyAsync(Coffee(LateOnNovember30.AddMinutes(90)), CancellationToken.None);

        Assert.Equal(90, november.Earned!.Entry.Delta);
        Assert.Contains("boost-2026-11-coffee", november.Earned.Entry.Note, StringComparison.Ordinal);
        Assert.Equal(30, december.Earned!.Entry.Delta);
        await harness.AssertLedgerBalancesAsync(customer);
    }

    [Fact]
    public async Task AReplayedPurchaseEarnsTheBoostedPointsOnce()
    {
        var (harness, customer) = await CustomerWhoPickedCoffeeInNovemberAsync();
        var accrual = harness.Accrual();
        var purchase = Coffee(LateOnNovember30);

        var first = await accrual.ApplyAsync(purchase, CancellationToken.None);
        var balance = (await harness.AccountAsync(customer)).Balance;
        var replay = await accrual.ApplyAsync(purchase, CancellationToken.None);

        Assert.Equal(90, first.Earned!.Entry.Delta);
        Assert.Equal(first.Earned.Entry, replay.Earned!.Entry);
        var earn = Assert.Single(await harness.Ledger.ReadEntriesAsync(customer, null, CancellationToken.None), e => e.Kind == LedgerEntryKind.Earn);
        Assert.Equal(90, earn.Delta);
        Assert.Equal(balance, (await harness.AccountAsync(customer)).Balance);
    }

    [Fact]
    public async Task ARefundOfHalfABoostedPurchaseTakesBackHalfItsPoints()
    {
        var (harness, customer) = await CustomerWhoPickedCoffeeInNovemberAsync();
        var purchase = Coffee(LateOnNovember30);
        await harness.Accrual().ApplyAsync(purchase, CancellationToken.None);

        var refund = await harness.Ledger.RefundAsync(customer, OperationKey.Of(purchase.MerchantId, "r-1"), purchase.MerchantId, purchase.PurchaseId,
            Domain.Money.Money.CreatePositive(500m, "RUB", Rules.MaxAmount).Value, Rules, CancellationToken.None);

        Assert.Equal(-45, refund.Value.Entry.Delta);
        await harness.AssertLedgerBalancesAsync(customer);
    }

    [Fact]
    public async Task AnEarnWithPicksStillCostsOneReadAndOneTransaction()
    {
        var (harness, customer) = await CustomerWhoPickedCoffeeInNovemberAsync();
        await harness.Accrual().ApplyAsync(Coffee(LateOnNovember30.AddMinutes(-10)), CancellationToken.None);
        var purchase = Domain.Ledger.Purchase.Create("m1", "p-budget", 1_000m, "RUB", LateOnNovember30, [new PurchaseItem(null, "coffee", 1m, 1_000m)], 0, Rules).Value;
        harness.Requests.Reset();

        var earned = await harness.Ledger.EarnAsync(customer, purchase, Rules, [], CancellationToken.None);

        Assert.Equal(90, earned.Value.Entry.Delta);
        // The ledger's read and transaction, as any earn of a day the customer was filed under (LedgerStoreRequestBudgetTests): the picks add nothing.
        Assert.Equal(new Dictionary<string, long> { ["table GET"] = 1, ["table POST $batch"] = 1 }, harness.Requests.Snapshot());
    }

    /// <summary>A registered customer who picked coffee for November, the rules saved where the accrual reads them.</summary>
    private async Task<(LedgerHarness Harness, string CustomerId)> CustomerWhoPickedCoffeeInNovemberAsync()
    {
        var harness = await LedgerHarness.StartAsync(Rules, LateOnNovember30);
        await new ProgramStore(harness.Storage, harness.Time).SaveAsync(Rules, CancellationToken.None);
        var customer = await harness.RegisterAsync(telegramUserId);
        var profiles = new CustomerProfiles(harness.Directory, harness.Ledger, new BirthdayIndex(harness.Storage));
        var picked = await profiles.ToggleBoostAsync(customer, Rules.BoostedCategories, November, 0, November, CancellationToken.None);
        Assert.Equal(BoostChoice.Picked, picked!.Value.Choice);
        return (harness, customer);
    }

    /// <summary>A check of 1 000 RUB, all coffee, paid at <paramref name="at"/> by the customer's Telegram id.</summary>
    private PurchaseMessage Coffee(DateTimeOffset at) =>
        new("m1", $"p-{at.UtcTicks}", null, null, telegramUserId, 1_000m, "RUB", at, [new PurchaseItemMessage(null, "coffee", 1m, 1_000m)], 0);
}
