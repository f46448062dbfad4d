using LoyaltyBot.Domain.Customers;
using QRCoder;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace LoyaltyBot.Functions.Bot.Card;

/// <summary><c>/card</c>: the loyalty card as a QR code of its number for a scanner, with the number in the caption for a cashier to type.</summary>
public sealed class CardCommand : IBotCommand
{
    private const int PixelsPerModule = 20;

    public string Name => "card";

    public BotText Description { get; } = new("Карта лояльности с QR-кодом", "Loyalty card with a QR code");

    public BotText? Button { get; } = new("💳 Карта", "💳 Card");

    public bool NeedsCustomer => true;

    public async Task HandleAsync(BotContext context, string argument)
    {
        ArgumentNullException.ThrowIfNull(context);
        var card = CardNumber.Parse(context.Customer!.Profile.CardNumber);
        if (!card.IsSuccess)
        {
            await context.ReplyAsync(CardTexts.NoCard);
            return;
        }

        using var image = new MemoryStream(Render(card.Value));
        await context.Bot.SendPhoto(context.ChatId, InputFile.FromStream(image, "card.png"), caption: context.T(CardTexts.Caption, card.Value.Display),
            cancellationToken: context.Cancellation);
    }

    /// <summary>A PNG of the QR code of the card's digits; medium error correction survives a scratched phone screen.</summary>
    public static byte[] Render(CardNumber card) => PngByteQRCodeHelper.GetQRCode(card.Digits, QRCodeGenerator.ECCLevel.M, PixelsPerModule);
}

public static class CardTexts
{
    public static readonly BotText Caption = new(
        "💳 Ваша карта: {0}\nПокажите QR-код на кассе или назовите номер.",
        "💳 Your card: {0}\nShow the QR code at the till or tell the cashier the number.");

    public static readonly BotText NoCard = new(
        "Карта для этого аккаунта сейчас недоступна.",
        "There is no card for this account at the moment.");
}
