using LoyaltyBot.Functions.Bot.Start;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Rules;
using Telegram.Bot;
using Telegram.Bot.Types;
using Telegram.Bot.Types.ReplyMarkups;

namespace LoyaltyBot.Functions.Bot.Invite;

/// <summary>
/// <c>/invite</c>: the customer's deep link <c>https://t.me/&lt;bot&gt;?start=ref_&lt;code&gt;</c>, a button that opens
/// Telegram's share sheet with it, the rewards, and what the invitations brought so far (one read of the referrer's counters).
/// </summary>
public sealed class InviteCommand(BotIdentity identity, ReferralStore referrals, ProgramStore program) : IBotCommand
{
    public string Name => "invite";

    public BotText Description { get; } = new("Пригласить друзей", "Invite friends");

    public BotText? Button { get; } = new("👥 Пригласить", "👥 Invite");

    public bool NeedsCustomer => true;

    public async Task HandleAsync(BotContext context, string argument)
    {
        ArgumentNullException.ThrowIfNull(context);
        var customer = context.Customer!;
        var rules = await program.GetAsync(context.Cancellation);
        var link = Link(await identity.UsernameAsync(context.Cancellation), customer.Profile.InviteCode);
        var counters = await referrals.GetAsync(customer.CustomerId, context.Cancellation);
        string Points(long points) => BotNoun.Points.Count(points, context.Language);

        var rewarded = rules.ReferrerBonus > 0 || rules.ReferredFriendBonus > 0;
        var text = rewarded
            ? context.T(InviteTexts.WithRewards, Points(rules.ReferrerBonus), Points(rules.ReferredFriendBonus), link)
            : context.T(InviteTexts.WithoutRewards, link);
        text += "\n\n" + context.T(InviteTexts.Progress, counters.Joined, counters.Rewarded, Points(counters.Earned));

        var share = rules.ReferredFriendBonus > 0 ? context.T(InviteTexts.ShareWithBonus, Points(rules.ReferredFriendBonus)) : context.T(InviteTexts.Share);
        var button = InlineKeyboardButton.WithUrl(context.T(InviteTexts.ShareButton), ShareUrl(link, share));
        await context.Bot.SendMessage(context.ChatId, text, replyMarkup: new InlineKeyboardMarkup(button),
            linkPreviewOptions: new LinkPreviewOptions { IsDisabled = true }, cancellationToken: context.Cancellation);
    }

    public static string Link(string botUsername, string inviteCode) => $"https://t.me/{botUsername}?start={StartCommand.ReferralPrefix}{inviteCode}";

    /// <summary>Telegram's share sheet: the user picks chats, and the link goes there with the text.</summary>
    public static string ShareUrl(string link, string text) => $"https://t.me/share/url?url={Uri.EscapeDataString(link)}&text={Uri.EscapeDataString(text)}";
}

public static class InviteTexts
{
    public static readonly BotText WithRewards = new(
        "👥 Приглашайте друзей! Когда друг по вашей ссылке впервые совершит покупку, вы получите {0}, а друг — {1}.\n\nВаша ссылка:\n{2}",
        "👥 Invite your friends! When a friend who joined by your link makes a first purchase, you get {0} and your friend gets {1}.\n\nYour link:\n{2}");

    public static readonly BotText WithoutRewards = new(
        "👥 Приглашайте друзей в программу по вашей ссылке:\n{0}",
        "👥 Invite your friends to the program with your link:\n{0}");

    /// <summary>{0} friends joined, {1} of them made a purchase, {2} points earned.</summary>
    public static readonly BotText Progress = new(
        "Друзей присоединилось: {0}\nСовершили первую покупку: {1}\nВы получили за приглашения: {2}",
        "Friends joined: {0}\nMade a first purchase: {1}\nYou earned for invitations: {2}");

    public static readonly BotText ShareButton = new("📤 Поделиться ссылкой", "📤 Share the link");

    public static readonly BotText Share = new("Присоединяйтесь к нашей программе лояльности!", "Join our loyalty program!");

    public static readonly BotText ShareWithBonus = new(
        "Присоединяйтесь к нашей программе лояльности — и получите {0} за первую покупку!",
        "Join our loyalty program and get {0} for your first purchase!");
}
