using LoyaltyBot.Domain.Errors;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Accrual;
using LoyaltyBot.Functions.Rules;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Money = LoyaltyBot.Domain.Money.Money;

namespace LoyaltyBot.Functions.Tests.Ledger;

/// <summary>
/// Every operation refuses bad input with a typed error naming the field, and leaves storage as it was. A purchase comes
/// to the ledger as a queued message through the accrual, which checks it under the program's rules as stored; so the
/// earn rows go that way, on an Azurite of this class's own where those rules are saved.
/// </summary>
public sealed class LedgerStoreBadInputTests(StorageOfItsOwn storage) : IClassFixture<StorageOfItsOwn>
{
    private static readonly ProgramRules Rules = ProgramRules.Default with { PendingDays = 14, MaxAmount = 100_000m };

    public static TheoryData<string, LoyaltyErrorCode, string> BadOperations => new()
    {
        { "earn of a zero amount", LoyaltyErrorCode.AmountNotPositive, "amount" },
        { "earn of a negative amount", LoyaltyErrorCode.AmountNotPositive, "amount" },
        { "earn in an unknown currency", LoyaltyErrorCode.UnknownCurrency, "currency" },
        { "earn in another currency than the program's", LoyaltyErrorCode.CurrencyMismatch, "currency" },
        { "earn with more decimals than roubles have", LoyaltyErrorCode.TooManyDecimals, "amount" },
        { "earn above the maximum amount", LoyaltyErrorCode.AmountAboveMaximum, "amount" },
        { "earn with an empty purchase id", LoyaltyErrorCode.InvalidOperationId, "purchaseId" },
        { "redeem zero points", LoyaltyErrorCode.PointsNotPositive, "points" },
        { "redeem negative points", LoyaltyErrorCode.PointsNotPositive, "points" },
        { "redeem more than the cap of the check", LoyaltyErrorCode.RedemptionAboveCap, "points" },
        { "redeem points that are still pending", LoyaltyErrorCode.InsufficientPoints, "points" },
        { "redeem points that have expired", LoyaltyErrorCode.InsufficientPoints, "points" },
        { "refund more than was paid", LoyaltyErrorCode.RefundExceedsPurchase, "amount" },
        { "refund of an unknown purchase", LoyaltyErrorCode.PurchaseNotFound, "purchaseId" },
        { "bonus of zero points", LoyaltyErrorCode.PointsNotPositive, "points" },
        { "adjustment taking more than the account holds", LoyaltyErrorCode.InsufficientPoints, "points" },
        { "any operation on an unknown customer", LoyaltyErrorCode.CustomerNotFound, "customer" },
    };

    [Theory]
    [MemberData(nameof(BadOperations))]
    public async Task BadInputGivesATypedErrorAndLeavesStorageUnchanged(string operation, LoyaltyErrorCode expected, string field)
    {
        var harness = await LedgerHarness.StartAsync(Rules, storage: storage.Account);
        Assert.Empty(await new ProgramStore(harness.Storage, harness.Time).SaveAsync(Rules, CancellationToken.None));
        var telegramUserId = Random.Shared.NextInt64(1, long.MaxValue);
        var customer = await harness.RegisterAsync(telegramUserId);
        // A purchase long enough ago that its points are spendable, one still pending, and one lot that expired unprocessed.
        var start = harness.Time.GetUtcNow();
        await harness.Ledger.EarnAsync(customer, harness.Purchase(10_000m, "old", occurredAt: start.AddDays(-400)), Rules, [], CancellationToken.None);
        await harness.Ledger.EarnAsync(customer, harness.Purchase(2_000m, "recent", occurredAt: start.AddDays(-2)), Rules, [], CancellationToken.None);
        var before = await harness.PartitionSnapshotAsync(customer);
        var requestsBefore = harness.Requests.Snapshot();

        var error = await RunAsync(operation, harness, customer, telegramUserId);

        Assert.NotNull(error);
        Assert.Equal(expected, error.Code);
        Assert.Equal(field, error.Field);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        Assert.Equal(before, await harness.PartitionSnapshotAsync(customer));
        Assert.Equal(requestsBefore.GetValueOrDefault("table POST $batch"), harness.Requests.Snapshot().GetValueOrDefault("table POST $batch"));
    }

    private static async Task<LoyaltyError?> RunAsync(string operation, LedgerHarness h, string customer, long telegramUserId)
    {
        var ct = CancellationToken.None;
        var check = Money.CreatePositive(10_000m, "RUB", Rules.MaxAmount).Value;
        async Task<LoyaltyError?> Earn(decimal amount, string currency = "RUB")
        {
            var message = new PurchaseMessage("m1", "p-new", null, null, telegramUserId, amount, currency, h.Time.GetUtcNow(), [], 0);
            var outcome = await h.Accrual().ApplyAsync(message, ct);
            Assert.Equal(customer, outcome.CustomerId);
            return outcome.Rejected;
        }

        var key = OperationKey.Of("m1", "op-1");
        return operation switch
        {
            "earn of a zero amount" => await Earn(0m),
            "earn of a negative amount" => await Earn(-5m),
            "earn in an unknown currency" => await Earn(100m, "XXX"),
            "earn in another currency than the program's" => await Earn(100m, "USD"),
            "earn with more decimals than roubles have" => await Earn(100.001m),
            // Within the default maximum (1 000 000), above this program's: the stored rules are the ones applied.
            "earn above the maximum amount" => await Earn(100_000.01m),
            "earn with an empty purchase id" => (await h.Ledger.EarnAsync(customer, Purchase.Create("m1", " ", 100m, "RUB", h.Time.GetUtcNow(), null, 0, Rules).Value, Rules, [], ct)).Error,
            "redeem zero points" => (await h.Ledger.RedeemAsync(customer, key, "m1", 0, check, Rules, ct)).Error,
            "redeem negative points" => (await h.Ledger.RedeemAsync(customer, key, "m1", -10, check, Rules, ct)).Error,
            "redeem more than the cap of the check" => (await h.Ledger.RedeemAsync(customer, key, "m1", 31, Money.CreatePositive(100m, "RUB", Rules.MaxAmount).Value, Rules, ct)).Error,
            // The recent purchase's 60 points are pending for 14 days; nothing else is spendable.
            "redeem points that are still pending" => (await h.Ledger.RedeemAsync(customer, key, "m1", 50, check, Rules, ct)).Error,
            // The old purchase's 300 points expired 35 days ago but no expiry run has removed them yet.
            "redeem points that have expired" => (await h.Ledger.RedeemAsync(customer, key, "m1", 250, check, Rules, ct)).Error,
            "refund more than was paid" => (await h.Ledger.RefundAsync(customer, key, "m1", "recent", Money.CreatePositive(2_000.01m, "RUB", Rules.MaxAmount).Value, Rules, ct)).Error,
            "refund of an unknown purchase" => (await h.Ledger.RefundAsync(customer, key, "m1", "never-bought", Money.CreatePositive(10m, "RUB", Rules.MaxAmount).Value, Rules, ct)).Error,
            "bonus of zero points" => (await h.Ledger.GrantBonusAsync(customer, key, 0, "welcome", Rules, ct)).Error,
            "adjustment taking more than the account holds" => (await h.Ledger.AdjustAsync(customer, key, -100_000, "correction", Rules, ct)).Error,
            "any operation on an unknown customer" => (await h.Ledger.RedeemAsync("c-nobody", key, "m1", 10, check, Rules, ct)).Error,
            _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
        };
    }
}
