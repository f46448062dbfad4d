using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Bot;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Redemptions;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyBot.Functions.Tests.Bot;

public sealed class PayCommandTests(BotApp app) : IClassFixture<BotApp>
{
    private static readonly ProgramRules Rules = ProgramRules.Default;

    [Fact]
    public async Task PayIssuesAOneTimeCodeAndSaysHowLongItIsValidAndWhatCanBeSpent()
    {
        var user = TelegramUser.NewRandom("Anna", "ru");
        var customer = await app.StartAsync(user);

        var reply = await app.ReplyAsync(user, user.Text("🛒 Оплатить баллами"));

        var code = System.Text.RegularExpressions.Regex.Match(reply.Text!, "<code>(\\d{6})</code>").Groups[1].Value;
        var issued = await app.Services.GetRequiredService<RedemptionCodeStore>().FindAsync(code, default);
        Assert.NotNull(issued);
        Assert.Equal(customer.CustomerId, issued.CustomerId);
        Assert.Null(issued.UsedBy);
        Assert.Equal(TimeSpan.FromMinutes(10), issued.ExpiresAt - issued.IssuedAt);
        var until = TimeZoneInfo.ConvertTime(issued.ExpiresAt, Rules.Zone).ToString("HH:mm", BotText.Russian);
        Assert.Equal(
            $"🛒 Код для оплаты баллами: <code>{code}</code>\nНазовите его кассиру. Код действует 10 минут — до {until} — и только один раз.\n\n" +
            "Доступно: 100 баллов. Баллами можно оплатить до 30% покупки.",
            reply.Text);
        Assert.Equal("html", reply.Parameter("parse_mode"), ignoreCase: true);
    }

    [Fact]
    public async Task EachPayGivesANewCodeInEnglish()
    {
        var user = TelegramUser.NewRandom("John", "en");
        await app.StartAsync(user);

        var first = await app.ReplyAsync(user, user.Text("/pay"));
        var second = await app.ReplyAsync(user, user.Text("/pay"));

        Assert.StartsWith("🛒 Your code to pay with points: <code>", first.Text, StringComparison.Ordinal);
        Assert.Contains("It is valid for 10 minutes — until ", first.Text, StringComparison.Ordinal);
        Assert.EndsWith("Spendable: 100 points. Points may pay up to 30% of a purchase.", first.Text, StringComparison.Ordinal);
        Assert.NotEqual(first.Text, second.Text);
    }

    [Fact]
    public async Task WithoutPointsNoCodeIsIssuedAndTheBotSaysWhy()
    {
        var user = TelegramUser.NewRandom("Vera", "ru");
        // Registered without /start, so without the welcome bonus.
        await app.Services.GetRequiredService<CustomerDirectory>().RegisterAsync(new NewCustomer(user.Id, null, "Vera", "ru", user.Id), Rules, default);

        var reply = await app.ReplyAsync(user, user.Text("/pay"));

        Assert.Equal("🛒 Пока нечем платить: на счёте нет доступных баллов. Они начисляются за покупки.", reply.Text);
        Assert.Null(reply.Parameter("parse_mode"));
    }

    [Fact]
    public async Task WithOnlyPendingPointsTheBotSaysWhenTheyBecomeSpendable()
    {
        var user = TelegramUser.NewRandom("Jane", "en");
        var registered = await app.Services.GetRequiredService<CustomerDirectory>().RegisterAsync(new NewCustomer(user.Id, null, "Jane", "en", user.Id), Rules, default);
        var pending = Rules with { PendingDays = 14 };
        var paidAt = DateTimeOffset.UtcNow.AddMinutes(-1);
        var purchase = Purchase.Create("m1", Guid.NewGuid().ToString("N"), 1_000m, "RUB", paidAt, null, 0, pending).Value;
        Assert.True((await app.Services.GetRequiredService<LedgerStore>().EarnAsync(registered.Value.CustomerId, purchase, pending, [], default)).IsSuccess);

        var reply = await app.ReplyAsync(user, user.Text("/pay"));

        var day = TimeZoneInfo.ConvertTime(paidAt.AddDays(14), Rules.Zone).ToString("d MMMM yyyy", BotText.English);
        Assert.Equal($"🛒 Nothing to pay with yet: 30 points are still pending, the first become spendable on {day}.", reply.Text);
    }
}
