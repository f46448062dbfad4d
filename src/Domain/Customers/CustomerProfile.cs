using LoyaltyBot.Domain.Boosts;

namespace LoyaltyBot.Domain.Customers;

/// <summary>The personal part of an account: erased on request, while the ledger totals stay.</summary>
public sealed record CustomerProfile
{
    public required string CardNumber { get; init; }

    public required string InviteCode { get; init; }

    public long? TelegramUserId { get; init; }

    public long? ChatId { get; init; }

    public string? Name { get; init; }

    /// <summary>"ru" or "en".</summary>
    public string Language { get; init; } = "ru";

    /// <summary>E.164.</summary>
    public string? Phone { get; init; }

    public int? BirthDay { get; init; }

    public int? BirthMonth { get; init; }

    public int? BirthYear { get; init; }

    public string? ReferredBy { get; init; }

    /// <summary>When the invitation was recorded; unset on accounts invited before the qualifying purchase had a minimum.</summary>
    public DateTimeOffset? ReferredAt { get; init; }

    /// <summary>The purchase (<c>merchant/purchaseId</c>) that rewarded the invitation, once one did.</summary>
    public string? ReferralPurchase { get; init; }

    /// <summary>Set when that purchase was refunded within the return window and both bonuses were taken back: for good.</summary>
    public bool ReferralRevoked { get; init; }

    /// <summary>Set when Telegram says the user blocked the bot; notifications stop.</summary>
    public bool Unreachable { get; init; }

    /// <summary>Whether the bot can write to the customer: they have a chat with it and have not blocked it.</summary>
    public bool CanBeMessaged => ChatId is not null && !Unreachable;

    /// <summary>The phone-keyed account (purchases made before joining) whose points this customer took over.</summary>
    public string? MergedFrom { get; init; }

    /// <summary>Set on a phone-keyed account once its points went to this customer: it takes no more operations.</summary>
    public string? MergedInto { get; init; }

    /// <summary>When the customer had their personal data erased; the anonymous ledger stays.</summary>
    public DateTimeOffset? ErasedAt { get; init; }

    /// <summary>The boosted categories the customer picked, by month.</summary>
    public BoostPicks BoostPicks { get; init; } = BoostPicks.None;
}
