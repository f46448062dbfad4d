using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Domain.Errors;
using LoyaltyBot.Functions.Accrual;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Merchants;
using LoyaltyBot.Functions.Storage;
using LoyaltyBot.Functions.Tests.Infrastructure;

namespace LoyaltyBot.Functions.Tests.Accrual;

public sealed class PurchaseAccrualTests
{
    [Fact]
    public async Task APurchaseForAPhoneNoOneRegisteredAccruesToAnAccountKeyedByThatPhone()
    {
        var (accrual, harness) = await AccrualAsync();
        var phone = $"+7912{Random.Shared.Next(1_000_000, 9_999_999)}";

        var outcome = await accrual.ApplyAsync(Message(harness, phone: phone), CancellationToken.None);

        var holder = await harness.Directory.FindAsync(LookupKey.Phone(PhoneNumber.Parse(phone).Value), CancellationToken.None);
        Assert.Equal(outcome.CustomerId, holder);
        Assert.Equal(outcome.Earned!.Entry.Delta, (await harness.AccountAsync(holder!)).Balance);
        Assert.True(outcome.Earned.Entry.Delta > 0);
    }

    [Fact]
    public async Task APurchaseForAKnownPhoneReadsTheLookupAndTheAccountOnceAndCommitsOneTransaction()
    {
        var (accrual, harness) = await AccrualAsync();
        var phone = $"+7912{Random.Shared.Next(1_000_000, 9_999_999)}";
        await accrual.ApplyAsync(Message(harness, phone: phone), CancellationToken.None);
        harness.Requests.Reset();

        var outcome = await accrual.ApplyAsync(Message(harness, phone: phone), CancellationToken.None);

        Assert.True(outcome.Earned!.Entry.Delta > 0);
        Assert.Equal(
            new Dictionary<string, long> { ["table GET Lookup"] = 1, ["table GET Customers"] = 1, ["table POST $batch"] = 1 },
            StorageRequestCounter.ByResource(harness.Requests.Counts()));
    }

    [Fact]
    public async Task TheSameMessageDeliveredTwiceEarnsOnce()
    {
        var (accrual, harness) = await AccrualAsync();
        var telegramId = Random.Shared.NextInt64(1, long.MaxValue);
        var customer = await harness.RegisterAsync(telegramId);
        var message = Message(harness, telegramUserId: telegramId);

        var first = await accrual.ApplyAsync(message, CancellationToken.None);
        var second = await accrual.ApplyAsync(message, CancellationToken.None);

        Assert.Equal(first.Earned!.Entry.Id, second.Earned!.Entry.Id);
        Assert.Equal(first.Earned.Entry.Delta, (await harness.AccountAsync(customer)).Balance);
    }

    [Fact]
    public async Task AnUnknownCardIsSetAsideNotApplied()
    {
        var (accrual, harness) = await AccrualAsync();

        var outcome = await accrual.ApplyAsync(Message(harness, card: CardNumber.NewRandom().Digits), CancellationToken.None);

        Assert.Equal((LoyaltyErrorCode.CustomerNotFound, "cardNumber"), (outcome.Rejected?.Code, outcome.Rejected?.Field));
        Assert.Null(outcome.CustomerId);
    }

    private static PurchaseMessage Message(LedgerHarness harness, string? phone = null, string? card = null, long? telegramUserId = null) =>
        new("m1", Guid.NewGuid().ToString("N"), phone, card, telegramUserId, 1_000m, "RUB", harness.Time.GetUtcNow().AddMinutes(-1), [], 0);

    private static async Task<(PurchaseAccrual, LedgerHarness)> AccrualAsync()
    {
        var harness = await LedgerHarness.StartAsync();
        return (harness.Accrual(), harness);
    }
}
