using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Domain.Errors;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Accrual;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Rules;
using LoyaltyBot.Functions.Tests.Infrastructure;

namespace LoyaltyBot.Functions.Tests.Accrual;

/// <summary>A purchase accepted under the rules of its day and refused under today's leaves no trace, not even an account.</summary>
public sealed class RefusedPurchaseTests(StorageOfItsOwn storage) : IClassFixture<StorageOfItsOwn>
{
    [Fact]
    public async Task APurchaseAboveTodaysMaximumOpensNoAccountForItsUnknownPhone()
    {
        var rules = ProgramRules.Default with { MaxAmount = 1_000m };
        var harness = await LedgerHarness.StartAsync(rules, storage: storage.Account);
        Assert.Empty(await new ProgramStore(harness.Storage, harness.Time).SaveAsync(rules, CancellationToken.None));
        var phone = $"+7912{Random.Shared.Next(1_000_000, 9_999_999)}";
        var message = new PurchaseMessage("m1", "p-over", phone, null, null, 5_000m, "RUB", harness.Time.GetUtcNow(), [], 0);

        var outcome = await harness.Accrual().ApplyAsync(message, CancellationToken.None);

        Assert.Equal(LoyaltyErrorCode.AmountAboveMaximum, outcome.Rejected?.Code);
        Assert.Null(await harness.Directory.FindAsync(LookupKey.Phone(PhoneNumber.Parse(phone).Value), CancellationToken.None));
    }
}
