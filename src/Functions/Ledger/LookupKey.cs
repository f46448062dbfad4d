using System.Globalization;
using LoyaltyBot.Domain.Customers;

namespace LoyaltyBot.Functions.Ledger;

/// <summary>A partition of the Lookup table: one way of finding a customer.</summary>
public readonly record struct LookupKey(string Partition)
{
    public static LookupKey Phone(PhoneNumber phone) => new($"phone-{phone.E164}");

    public static LookupKey Card(CardNumber card) => new($"card-{card.Digits}");

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
