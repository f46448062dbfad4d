using System.Security.Cryptography;
using LoyaltyBot.Domain.Errors;

namespace LoyaltyBot.Domain.Customers;

/// <summary>A 12-digit loyalty card number whose last digit is a Luhn check digit, so a mistyped number is caught.</summary>
public readonly record struct CardNumber
{
    public const int Length = 12;

    private CardNumber(string digits) => Digits = digits;

    public string Digits { get; }

    /// <summary>Accepts spaces and dashes between digits, as cashiers type them.</summary>
    public static Result<CardNumber> Parse(string? text, string field = "cardNumber")
    {
        var digits = new string((text ?? "").Where(c => c is not (' ' or '-')).ToArray());
        if (digits.Length != Length || !digits.All(char.IsAsciiDigit))
        {
            return new LoyaltyError(LoyaltyErrorCode.InvalidCard, field, $"must be {Length} digits");
        }

        if (CheckDigit(digits.AsSpan(0, Length - 1)) != digits[^1] - '0')
        {
            return new LoyaltyError(LoyaltyErrorCode.InvalidCard, field, "check digit does not match: the number was mistyped");
        }

        return new CardNumber(digits);
    }

    /// <summary>A new random card number; '7' first so numbers never start with zero.</summary>
    public static CardNumber NewRandom()
    {
        Span<char> body = stackalloc char[Length - 1];
        body[0] = '7';
        for (var i = 1; i < body.Length; i++)
        {
            body[i] = (char)('0' + RandomNumberGenerator.GetInt32(10));
        }

        return new CardNumber(string.Concat(body, [(char)('0' + CheckDigit(body))]));
    }

    /// <summary>Grouped by four for reading aloud at a till.</summary>
    public string Display => $"{Digits[..4]} {Digits[4..8]} {Digits[8..]}";

    /// <summary>A stored card number as <see cref="Display"/> writes it; the text itself when it is not a card number.</summary>
    public static string Grouped(string? text) => Parse(text) is { IsSuccess: true } card ? card.Value.Display : text ?? "";

    public override string ToString() => Digits;

    private static int CheckDigit(ReadOnlySpan<char> body)
    {
        // Luhn: double every second digit from the right of the body (the check digit's left neighbour first).
        var sum = 0;
        for (var i = 0; i < body.Length; i++)
        {
            var digit = body[body.Length - 1 - i] - '0';
            if (i % 2 == 0)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }

            sum += digit;
        }

        return (10 - (sum % 10)) % 10;
    }
}
