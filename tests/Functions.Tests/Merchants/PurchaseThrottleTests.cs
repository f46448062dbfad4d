using System.Net;
using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Tests.Infrastructure;
using LoyaltyBot.Functions.Tests.Redemptions;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyBot.Functions.Tests.Merchants;

/// <summary>Telling who is registered by cards and Telegram ids: failed look-ups are throttled like codes; phones never are.</summary>
[Collection(ThrottleApp.Collection)]
public sealed class PurchaseThrottleTests(ThrottleApp app)
{
    [Fact]
    public async Task UnknownCardsAndTelegramIdsCountTogetherAndThenEvenAKnownCardGets429()
    {
        var till = (await MerchantClient.CreateAsync(app)).At("203.0.113.20");
        var customer = await RegisterAsync();
        for (var i = 0; i < app.Limits.FailuresPerAddress; i++)
        {
            using var unknown = await till.PostAsync("purchases", i % 2 == 0 ? ByCard(CardNumber.NewRandom().Digits) : ByTelegram(Random.Shared.NextInt64(1, long.MaxValue / 2)));
            Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        }

        using var card = await till.PostAsync("purchases", ByCard(customer.CardNumber));
        using var telegram = await till.PostAsync("purchases", ByTelegram(customer.TelegramUserId!.Value));

        await RedemptionThrottleTests.AssertThrottledAsync(card);
        await RedemptionThrottleTests.AssertThrottledAsync(telegram);
        app.NextWindow();
        using var later = await till.PostAsync("purchases", ByCard(customer.CardNumber));
        Assert.Equal(HttpStatusCode.Accepted, later.StatusCode);
    }

    [Fact]
    public async Task PurchasesByPhoneAreNeverThrottled()
    {
        var till = (await MerchantClient.CreateAsync(app)).At("203.0.113.21");
        for (var i = 0; i < app.Limits.FailuresPerMerchant; i++)
        {
            using var unknown = await till.At($"203.0.113.{100 + i}").PostAsync("purchases", ByCard(CardNumber.NewRandom().Digits));
            Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        }

        using var throttled = await till.PostAsync("purchases", ByCard(CardNumber.NewRandom().Digits));
        using var byPhone = await till.PostAsync("purchases", MerchantClient.Purchase(MerchantClient.NewPhone()));

        await RedemptionThrottleTests.AssertThrottledAsync(throttled);
        Assert.Equal(HttpStatusCode.Accepted, byPhone.StatusCode);
    }

    [Fact]
    public async Task AReplayOfARecordedCardPurchaseGetsItsFirstAnswerWhileThrottled()
    {
        var till = (await MerchantClient.CreateAsync(app)).At("203.0.113.22");
        var purchase = ByCard((await RegisterAsync()).CardNumber);
        using var first = await till.PostAsync("purchases", purchase);
        for (var i = 0; i < app.Limits.FailuresPerAddress; i++)
        {
            using var unknown = await till.PostAsync("purchases", ByCard(CardNumber.NewRandom().Digits));
        }

        using var replay = await till.PostAsync("purchases", purchase);
        using var another = await till.PostAsync("purchases", ByCard((string)purchase["cardNumber"]!));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await replay.Content.ReadAsStringAsync());
        await RedemptionThrottleTests.AssertThrottledAsync(another);
    }

    private async Task<CustomerProfile> RegisterAsync()
    {
        var directory = app.Services.GetRequiredService<CustomerDirectory>();
        var customer = new NewCustomer(Random.Shared.NextInt64(1, long.MaxValue / 2), PhoneNumber.Parse(MerchantClient.NewPhone()).Value, "Anna");
        return (await directory.RegisterAsync(customer, ProgramRules.Default, default)).Value.Profile;
    }

    private static Dictionary<string, object?> ByCard(string cardNumber) =>
        new(MerchantClient.Purchase(MerchantClient.NewPhone())) { ["phone"] = null, ["cardNumber"] = cardNumber };

    private static Dictionary<string, object?> ByTelegram(long telegramUserId) =>
        new(MerchantClient.Purchase(MerchantClient.NewPhone())) { ["phone"] = null, ["telegramUserId"] = telegramUserId };
}
