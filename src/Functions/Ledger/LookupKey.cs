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

    public override string ToString() => Partition.StartsWith("phone-", StringComparison.Ordinal) ? "phone-***" + Partition[^2..] : Partition;
}
