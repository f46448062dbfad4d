using System.Globalization;
using LoyaltyBot.Domain.Customers;

namespace LoyaltyBot.Functions.Ledger;

/// <summary>A partition of the Lookup table: one way of finding a customer.</summary>
public readonly record struct LookupKey(string Partition)
{
    /// <summary>What every phone's partition starts with, the E.164 number following: a range of them is a prefix search.</summary>
    public const string PhonePrefix = "phone-";

    /// <summary>What every card's partition starts with, its digits following.</summary>
    public const string CardPrefix = "card-";

    public static LookupKey Phone(PhoneNumber phone) => new($"{PhonePrefix}{phone.E164}");

    public static LookupKey Card(CardNumber card) => new($"{CardPrefix}{card.Digits}");

    public static LookupKey Invite(string code) => new($"ref-{code}");

    public static LookupKey Telegram(long userId) => new($"tg-{userId.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>
    /// Whether the account's profile still holds this phone, card, invite code or Telegram id. A merged account holds
    /// none: it takes no more operations, and its phone names the customer it was merged into.
    /// </summary>
    public bool IsHeldBy(CustomerProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return profile.MergedInto is null && ((profile.Phone is { } phone && Partition == $"phone-{phone}")
            || (profile.CardNumber.Length > 0 && Partition == $"card-{profile.CardNumber}")
            || (profile.InviteCode.Length > 0 && Partition == $"ref-{profile.InviteCode}")
            || (profile.TelegramUserId is { } userId && this == Telegram(userId)));
    }

    public override string ToString() => Partition.StartsWith("phone-", StringComparison.Ordinal) ? "phone-***" + Partition[^2..] : Partition;
}
