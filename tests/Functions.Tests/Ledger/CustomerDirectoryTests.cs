using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Domain.Errors;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Tests.Infrastructure;

namespace LoyaltyBot.Functions.Tests.Ledger;

public sealed class CustomerDirectoryTests
{
    [Fact]
    public async Task ARegisteredCustomerIsFoundByTelegramIdPhoneCardAndInviteCode()
    {
        var harness = await LedgerHarness.StartAsync();
        var telegramId = Random.Shared.NextInt64(1, long.MaxValue);
        var phone = UniquePhone();

        var customer = await harness.RegisterAsync(telegramId, phone);

        var account = await harness.AccountAsync(customer);
        Assert.True(CardNumber.Parse(account.Profile.CardNumber).IsSuccess);
        Assert.True(InviteCode.IsWellFormed(account.Profile.InviteCode));
        foreach (var key in new[]
                 {
                     LookupKey.Telegram(telegramId), LookupKey.Phone(PhoneNumber.Parse(phone).Value),
                     LookupKey.Card(CardNumber.Parse(account.Profile.CardNumber).Value), LookupKey.Invite(account.Profile.InviteCode),
                 })
        {
            Assert.Equal(customer, await harness.Directory.FindAsync(key, CancellationToken.None));
        }
    }

    [Fact]
    public async Task RegisteringTheSameTelegramUserTwiceGivesTheSameCustomer()
    {
        var harness = await LedgerHarness.StartAsync();
        var telegramId = Random.Shared.NextInt64(1, long.MaxValue);

        var first = await harness.RegisterAsync(telegramId);
        var second = await harness.RegisterAsync(telegramId);

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task APhoneBoundToAnotherCustomerIsRefusedAndTheNewcomerKeepsNoClaims()
    {
        var harness = await LedgerHarness.StartAsync();
        var phone = UniquePhone();
        await harness.RegisterAsync(phone: phone);
        var newcomer = Random.Shared.NextInt64(1, long.MaxValue);

        var refused = await harness.Directory.RegisterAsync(new NewCustomer(newcomer, PhoneNumber.Parse(phone).Value), harness.Rules, CancellationToken.None);

        Assert.Equal((LoyaltyErrorCode.AlreadyExists, "phone"), (refused.Error?.Code, refused.Error?.Field));
        Assert.Null(await harness.Directory.FindAsync(LookupKey.Telegram(newcomer), CancellationToken.None));
    }

    [Fact]
    public async Task AnUnknownKeyFindsNoOne()
    {
        var harness = await LedgerHarness.StartAsync();

        Assert.Null(await harness.Directory.FindAsync(LookupKey.Card(CardNumber.NewRandom()), CancellationToken.None));
    }

    private static string UniquePhone() => $"+7912{Random.Shared.Next(1_000_000, 9_999_999)}";
}
