using System.Security.Cryptography;
using LoyaltyBot.Domain.Errors;
using LoyaltyBot.Domain.Ledger;

namespace LoyaltyBot.Domain.Redemptions;

/// <summary>
/// A one-time code the customer shows at the till: 6 digits from a cryptographic RNG, valid for 10 minutes, spent by one
/// redemption. Whoever holds it may spend the customer's points, so it is never shown in full outside the customer's chat.
/// </summary>
public sealed record RedemptionCode
{
    public const int Length = 6;

    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    public RedemptionCode(string value, string customerId, DateTimeOffset issuedAt, DateTimeOffset expiresAt, string? usedBy = null)
    {
        if (!IsWellFormed(value))
        {
            throw new ArgumentException($"A redemption code is {Length} digits.", nameof(value));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(customerId);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(expiresAt, issuedAt);
        Value = value;
        CustomerId = customerId;
        IssuedAt = issuedAt;
        ExpiresAt = expiresAt;
        UsedBy = usedBy;
    }

    public string Value { get; }

    public string CustomerId { get; }

    public DateTimeOffset IssuedAt { get; }

    public DateTimeOffset ExpiresAt { get; }

    /// <summary>The redemption that spent the code (its operation key), or null while it is unused.</summary>
    public string? UsedBy { get; private init; }

    /// <summary>The code with its last two digits, for logs and support screens.</summary>
    public string Masked => Mask(Value);

    /// <summary>A fresh code for a customer, valid for <see cref="Lifetime"/> from <paramref name="now"/>; <paramref name="value"/> when given, else <see cref="NewValue"/>.</summary>
    public static RedemptionCode Issue(string customerId, DateTimeOffset now, string? value = null) => new(value ?? NewValue(), customerId, now, now + Lifetime);

    /// <summary>Six uniformly random digits; leading zeros are part of the code.</summary>
    public static string NewValue() => RandomNumberGenerator.GetString("0123456789", Length);

    public static bool IsWellFormed(string? value) => value is { Length: Length } && value.All(char.IsAsciiDigit);

    public static string Mask(string? value) => value is { Length: > 2 } ? "****" + value[^2..] : "****";

    public bool IsValidAt(DateTimeOffset now) => now < ExpiresAt;

    /// <summary>Once expired nobody can spend it, so a new code may take its value.</summary>
    public bool IsReplaceableAt(DateTimeOffset now) => !IsValidAt(now);

    /// <summary>
    /// Spends the code for <paramref name="redemption"/>. The same redemption may claim it again (a retry of the
    /// merchant's request); any other finds it used.
    /// </summary>
    public Result<RedemptionCode> ClaimFor(OperationKey redemption, DateTimeOffset now)
    {
        var claimant = redemption.ToString();
        if (UsedBy == claimant)
        {
            return this;
        }

        if (UsedBy is not null)
        {
            return new LoyaltyError(LoyaltyErrorCode.RedemptionCodeUsed, "code", "this code was already used; the customer can get a new one in the bot");
        }

        if (!IsValidAt(now))
        {
            return new LoyaltyError(LoyaltyErrorCode.RedemptionCodeExpired, "code", "this code has expired; the customer can get a new one in the bot");
        }

        return this with { UsedBy = claimant };
    }

    /// <summary>Makes the code usable again after <paramref name="redemption"/> could not be applied.</summary>
    public RedemptionCode ReleaseFor(OperationKey redemption) => UsedBy == redemption.ToString() ? this with { UsedBy = null } : this;

    public override string ToString() => $"redemption code {Masked} of {CustomerId}, valid until {ExpiresAt:O}{(UsedBy is null ? "" : $", used by {UsedBy}")}";
}
