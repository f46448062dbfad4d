using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Functions.Bot.Card;
using LoyaltyBot.Functions.Tests.Infrastructure;
using StbImageSharp;
using ZXing;
using ZXing.Common;
using ZXing.QrCode;

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
        Assert.Equal("card.png", photo.File("photo")!["file_name"]!.GetValue<string>());
        // What a till's scanner reads off the photo the customer got: the card's digits, which the purchase route takes as cardNumber.
        Assert.Equal(card.Digits, QrCodeText(photo.FileContent("photo")!));
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
        Assert.Equal(one.Digits, QrCodeText(first));
        Assert.Equal(other.Digits, QrCodeText(second));
    }

    /// <summary>The text of the one QR code in a PNG, read as a scanner would, from its pixels.</summary>
    private static string QrCodeText(byte[] png)
    {
        var image = ImageResult.FromMemory(png, ColorComponents.RedGreenBlue);
        var pixels = new RGBLuminanceSource(image.Data, image.Width, image.Height, RGBLuminanceSource.BitmapFormat.RGB24);
        var result = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(pixels)));
        Assert.NotNull(result);
        return result.Text;
    }
}
