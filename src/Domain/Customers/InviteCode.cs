using System.Security.Cryptography;

namespace LoyaltyBot.Domain.Customers;

/// <summary>The code in a referral deep link (<c>?start=ref_&lt;code&gt;</c>): short, unambiguous, URL-safe.</summary>
public static class InviteCode
{
    // No 0/o/1/l/i, so a code read aloud or retyped survives.
    private const string Alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
    public const int Length = 8;

    public static string NewRandom() => RandomNumberGenerator.GetString(Alphabet, Length);

    public static bool IsWellFormed(string? code) =>
        code is { Length: Length } && code.All(c => Alphabet.Contains(c, StringComparison.Ordinal));
}
