using System.Globalization;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Bot;
using LoyaltyBot.Functions.Bot.Offers;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Merchants;
using LoyaltyBot.Functions.Rules;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyBot.Functions.Tests.Bot;

/// <summary>The tests share one program: each puts the campaigns and rules it needs in place before it asks.</summary>
public sealed class OffersCommandTests(BotApp app) : IClassFixture<BotApp>
{
    private static readonly ProgramRules Rules = ProgramRules.Default;

    private LedgerStore Ledger => app.Services.GetRequiredService<LedgerStore>();

    private CampaignStore Campaigns => app.Services.GetRequiredService<CampaignStore>();

    private ProgramStore Program => app.Services.GetRequiredService<ProgramStore>();

    [Fact]
    public async Task RunningAndComingCampaignsTierPerksTheComingBirthdayAndTheReviewBonusAreOffered()
    {
        await Program.SaveAsync(Rules, default);
        var now = DateTimeOffset.UtcNow;
        var bakery = await app.Services.GetRequiredService<MerchantStore>().CreateAsync("Пекарня", default);
        await Campaigns.SaveAsync(new Campaign("double-coffee", "Двойные баллы за кофе", now.AddDays(-1), now.AddDays(10), 2m, ["coffee"]), default);
        await Campaigns.SaveAsync(new Campaign("bakery-week", "Неделя пекарни", now.AddDays(-1), now.AddDays(5), 1.5m, MerchantIds: [bakery.MerchantId]), default);
        await Campaigns.SaveAsync(new Campaign("old", "Прошлая акция", now.AddDays(-20), now.AddDays(-10), 3m), default);
        await Campaigns.SaveAsync(new Campaign("soon", "Тройные выходные", now.AddDays(3), now.AddDays(5), 3m), default);
        await Campaigns.SaveAsync(new Campaign("far", "Новогодняя акция", now.AddDays(OffersCommand.ComingSoonDays + 1), now.AddDays(30), 2m), default);
        var user = TelegramUser.NewRandom("Anna", "ru");
        var customer = await app.StartAsync(user);
        await EarnAsync(customer.CustomerId, 60_000m); // Gold, whose perk is free delivery.
        var birthday = TimeZoneInfo.ConvertTime(now, Rules.Zone).AddDays(3);
        await Ledger.UpdateProfileAsync(customer.CustomerId, p => p with { BirthDay = birthday.Day, BirthMonth = birthday.Month }, default);

        var reply = await app.ReplyAsync(user, user.Text("🎁 Предложения"));

        var lines = reply.Text!.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("🎁 Для вас сейчас:", lines[0]);
        Assert.StartsWith("🔥 Неделя пекарни: баллы ×1,5 до ", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(" — в магазинах: Пекарня", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("🔥 Двойные баллы за кофе: баллы ×2 до ", lines[2], StringComparison.Ordinal);
        Assert.EndsWith(" — на товары: coffee", lines[2], StringComparison.Ordinal);
        var soon = TimeZoneInfo.ConvertTime(now.AddDays(3), Rules.Zone);
        Assert.Equal(string.Create(CultureInfo.GetCultureInfo("ru-RU"), $"🔜 Тройные выходные: баллы ×3 с {soon:d MMMM HH:mm}"), lines[3]);
        Assert.Equal("🏅 Привилегии уровня «Золотой»: free-delivery", lines[4]);
        Assert.Equal("🎂 До вашего дня рождения 3 дня — в этот день мы подарим вам 300 баллов.", lines[5]);
        Assert.Equal("⭐ Оцените покупку после визита — 20 баллов за отзыв.", lines[6]);
        Assert.Equal(7, lines.Length);
        Assert.DoesNotContain("Прошлая акция", reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Новогодняя акция", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABirthdayFarAwayIsNotOfferedAndAnUnknownOneIsAskedForInEnglish()
    {
        await Program.SaveAsync(Rules, default);
        await EndAllCampaignsAsync();
        var far = TelegramUser.NewRandom("John", "en");
        var unknown = TelegramUser.NewRandom("Jane", "en");
        var farCustomer = await app.StartAsync(far);
        await app.StartAsync(unknown);
        var birthday = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Rules.Zone).AddDays(30);
        await Ledger.UpdateProfileAsync(farCustomer.CustomerId, p => p with { BirthDay = birthday.Day, BirthMonth = birthday.Month }, default);

        var farReply = await app.ReplyAsync(far, far.Text("/offers"));
        var unknownReply = await app.ReplyAsync(unknown, unknown.Text("/offers"));

        Assert.Equal("🎁 For you now:\n\n⭐ Rate your purchase after a visit — 20 points for a review.", farReply.Text);
        Assert.Contains("🎂 Tell us your birthday (/birthday) and we will give you 300 points on the day.", unknownReply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnTheBirthdayItselfTheGiftIsAnnounced()
    {
        await Program.SaveAsync(Rules, default);
        var user = TelegramUser.NewRandom("Pavel", "en");
        var customer = await app.StartAsync(user);
        var today = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Rules.Zone);
        await Ledger.UpdateProfileAsync(customer.CustomerId, p => p with { BirthDay = today.Day, BirthMonth = today.Month, BirthYear = 1990 }, default);

        var reply = await app.ReplyAsync(user, user.Text("/offers"));

        Assert.Contains("🎂 Happy birthday! Today we give you 300 points.", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithNothingActiveTheBotSaysSo()
    {
        await EndAllCampaignsAsync();
        await Program.SaveAsync(Rules with { BirthdayBonus = 0, ReviewBonus = 0 }, default);
        try
        {
            var user = TelegramUser.NewRandom("Ivan", "ru");
            await app.StartAsync(user);

            var reply = await app.ReplyAsync(user, user.Text("/offers"));

            Assert.Equal("🎁 Сейчас нет активных акций и предложений. Загляните позже!", reply.Text);
        }
        finally
        {
            await Program.SaveAsync(Rules, default);
        }
    }

    private async Task EndAllCampaignsAsync()
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var campaign in await Campaigns.GetAllAsync(default))
        {
            await Campaigns.SaveAsync(campaign with { StartsAt = now.AddDays(-30), EndsAt = now.AddDays(-20) }, default);
        }
    }

    private async Task EarnAsync(string customerId, decimal amount)
    {
        var purchase = Purchase.Create("m1", Guid.NewGuid().ToString("N"), amount, "RUB", DateTimeOffset.UtcNow.AddMinutes(-5), null, 0, Rules).Value;
        Assert.True((await Ledger.EarnAsync(customerId, purchase, Rules, [], default)).IsSuccess);
    }
}
