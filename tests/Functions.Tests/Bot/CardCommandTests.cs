using System.Security.Cryptography;
using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Functions.Bot.Card;
using LoyaltyBot.Functions.Tests.Infrastructure;

namespace LoyaltyBot.Functions.Tests.Bot;

public sealed class CardCommandTests(BotApp app) : IClassFixture<BotApp>
{
    [Fact]
    public async Task TheCardIsAQrCodePhotoOfTheNumberWithTheNumberGroupedForACashierInTheCaption()
    {
        var user = TelegramUser.NewRandom("Anna", "ru");
        var customer = await app.StartAsync(user);
        var card = CardNumber.Parse(customer.Profile.CardNumber).Value;

        var photo = await app.ReplyAsync(user, user.Text("/card"), "sendPhoto");

        Assert.Equal($"💳 Ваша карта: {card.Digits[..4]} {card.Digits[4..8]} {card.Digits[8..]}\nПокажите QR-код на кассе или назовите номер.", photo.Text);
        var file = photo.File("photo")!;
        Assert.Equal("card.png", file["file_name"]!.GetValue<string>());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(CardCommand.Render(card))), file["sha256"]!.GetValue<string>());
    }

    [Fact]
    public async Task TheMenuButtonSendsTheCardWithAnEnglishCaption()
    {
        var user = TelegramUser.NewRandom("John", "en");
        var customer = await app.StartAsync(user);

        var photo = await app.ReplyAsync(user, user.Text("💳 Card"), "sendPhoto");

        Assert.StartsWith($"💳 Your card: {CardNumber.Parse(customer.Profile.CardNumber).Value.Display}", photo.Text, StringComparison.Ordinal);
        Assert.Contains("Show the QR code at the till", photo.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void TheImageIsAPngThatDiffersFromCardToCard()
    {
        var (one, other) = (CardNumber.NewRandom(), CardNumber.NewRandom());
        Assert.NotEqual(one, other);

        var first = CardCommand.Render(one);
        var second = CardCommand.Render(other);

        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], first[..4]);
        Assert.NotEqual(first, second);
    }
}
