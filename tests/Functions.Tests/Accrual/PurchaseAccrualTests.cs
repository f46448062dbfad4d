using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Domain.Errors;
using LoyaltyBot.Functions.Accrual;
using LoyaltyBot.Functions.Bot.DeleteData;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Merchants;
using LoyaltyBot.Functions.Storage;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

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
        var phone = MerchantClient.NewPhone();
        var customer = await harness.RegisterAsync(phone: phone);
        // A first purchase by card reads the rules and campaigns (then cached) and files the expiry day and the customer's KPI day.
        await accrual.ApplyAsync(Message(harness, card: (await harness.AccountAsync(customer)).Profile.CardNumber), CancellationToken.None);
        harness.Requests.Reset();

        var outcome = await accrual.ApplyAsync(Message(harness, phone: phone), CancellationToken.None);

        Assert.True(outcome.Earned!.Entry.Delta > 0);
        Assert.Equal(
            new Dictionary<string, long> { ["table GET Lookup"] = 1, ["table GET Customers"] = 1, ["table POST $batch"] = 1 },
            StorageRequestCounter.ByResource(harness.Requests.Counts()));
    }

    [Fact]
    public async Task AReturningPhonesPurchaseOfTheSameDayReadsOnlyTheAccountAndCommitsOneTransaction()
    {
        var (accrual, harness) = await AccrualAsync();
        var phone = MerchantClient.NewPhone();
        await accrual.ApplyAsync(Message(harness, phone: phone), CancellationToken.None);
        harness.Requests.Reset();

        var outcome = await accrual.ApplyAsync(Message(harness, phone: phone), CancellationToken.None);

        Assert.True(outcome.Earned!.Entry.Delta > 0);
        Assert.Equal(
            new Dictionary<string, long> { ["table GET Customers"] = 1, ["table POST $batch"] = 1 },
            StorageRequestCounter.ByResource(harness.Requests.Counts()));
    }

    [Fact]
    public async Task APhoneRememberedBeforeABotCustomerBoundItEarnsForThatCustomerFromThenOn()
    {
        var (accrual, harness) = await AccrualAsync();
        var phone = MerchantClient.NewPhone();
        var before = await accrual.ApplyAsync(Message(harness, phone: phone), CancellationToken.None);
        var customer = await harness.RegisterAsync();
        var binding = new PhoneBinding(harness.Directory, harness.Ledger, NullLogger<PhoneBinding>.Instance);
        Assert.Equal(PhoneBindingStatus.Bound, (await binding.BindAsync(customer, PhoneNumber.Parse(phone).Value, harness.Rules, CancellationToken.None)).Status);

        var after = await accrual.ApplyAsync(Message(harness, phone: phone), CancellationToken.None);

        Assert.NotEqual(customer, before.CustomerId);
        Assert.Equal(customer, after.CustomerId);
        Assert.Equal(before.Earned!.Entry.Delta + after.Earned!.Entry.Delta, (await harness.AccountAsync(customer)).Balance);
        Assert.Equal(0, (await harness.AccountAsync(before.CustomerId!)).Balance);
        await harness.AssertLedgerBalancesAsync(customer);
    }

    [Fact]
    public async Task APhoneRememberedForACustomerWhoErasedTheirDataOpensAFreshAccountInstead()
    {
        var (accrual, harness) = await AccrualAsync();
        var phone = MerchantClient.NewPhone();
        var customer = await harness.RegisterAsync(phone: phone);
        var before = await accrual.ApplyAsync(Message(harness, phone: phone), CancellationToken.None);
        await harness.Directory.ReleaseAsync(LookupKey.Phone(PhoneNumber.Parse(phone).Value), customer, CancellationToken.None);
        await harness.Ledger.UpdateProfileAsync(customer, p => Erasure.Erased(p, harness.Time.GetUtcNow()), CancellationToken.None);

        var after = await accrual.ApplyAsync(Message(harness, phone: phone), CancellationToken.None);

        Assert.Equal(customer, before.CustomerId);
        Assert.NotEqual(customer, after.CustomerId);
        Assert.Equal(before.Earned!.Entry.Delta, (await harness.AccountAsync(customer)).Balance);
        Assert.Equal(after.Earned!.Entry.Delta, (await harness.AccountAsync(after.CustomerId!)).Balance);
        Assert.Equal(after.CustomerId, await harness.Directory.FindAsync(LookupKey.Phone(PhoneNumber.Parse(phone).Value), CancellationToken.None));
    }

    [Fact]
    public async Task ACustomerIdCarriedWithTheMessageThatIsNotTheCardsHolderEarnsNothingThereAndTheHolderEarns()
    {
        var (accrual, harness) = await AccrualAsync();
        var holder = await harness.RegisterAsync();
        var stranger = await harness.RegisterAsync();
        var card = (await harness.AccountAsync(holder)).Profile.CardNumber;

        var outcome = await accrual.ApplyAsync(Message(harness, card: card) with { CustomerId = stranger }, CancellationToken.None);

        Assert.Equal(holder, outcome.CustomerId);
        Assert.Equal(outcome.Earned!.Entry.Delta, (await harness.AccountAsync(holder)).Balance);
        Assert.Equal(0, (await harness.AccountAsync(stranger)).Balance);
        Assert.Empty(await harness.Ledger.ReadEntriesAsync(stranger, null, CancellationToken.None));
    }

    [Fact]
    public async Task ACarriedCustomerIdThatIsTheCardsHolderSparesTheLookup()
    {
        var (accrual, harness) = await AccrualAsync();
        var telegramId = Random.Shared.NextInt64(1, long.MaxValue);
        var holder = await harness.RegisterAsync(telegramId);
        var card = (await harness.AccountAsync(holder)).Profile.CardNumber;
        // A first purchase by Telegram id reads the rules and campaigns (then cached) and files the expiry day and the customer's KPI day.
        await accrual.ApplyAsync(Message(harness, telegramUserId: telegramId), CancellationToken.None);
        harness.Requests.Reset();

        var outcome = await accrual.ApplyAsync(Message(harness, card: card) with { CustomerId = holder }, CancellationToken.None);

        Assert.Equal(holder, outcome.CustomerId);
        Assert.Equal(
            new Dictionary<string, long> { ["table GET Customers"] = 1, ["table POST $batch"] = 1 },
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
