using LoyaltyBot.Domain.Errors;
using PhoneNumbers;

namespace LoyaltyBot.Domain.Customers;

/// <summary>
/// A valid phone number in E.164 form (+79123456789), whatever common format it was typed in: digits with spaces and
/// <c>+ - ( ) .</c> only.
/// </summary>
public readonly record struct PhoneNumber
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    private PhoneNumber(string e164) => E164 = e164;

    public string E164 { get; }

    /// <param name="defaultRegion">Region assumed for numbers typed without a country code (ISO 3166 alpha-2).</param>
    public static Result<PhoneNumber> Parse(string? text, string defaultRegion = "RU", string field = "phone")
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 32)
        {
            return new LoyaltyError(LoyaltyErrorCode.InvalidPhone, field, "must be a phone number such as +7 912 345-67-89");
        }

        // libphonenumber reads letters as keypad digits ("+7 912 FLOWERS") and skips other marks; a number is only digits and punctuation.
        if (!text.All(IsAllowed))
        {
            return new LoyaltyError(LoyaltyErrorCode.InvalidPhone, field, "may contain only digits, spaces and + - ( ) .");
        }

        try
        {
            var parsed = Util.Parse(text, defaultRegion);
            if (!Util.IsValidNumber(parsed))
            {
                return new LoyaltyError(LoyaltyErrorCode.InvalidPhone, field, "is not a valid phone number");
            }

            return new PhoneNumber(Util.Format(parsed, PhoneNumberFormat.E164));
        }
        catch (NumberParseException)
        {
            return new LoyaltyError(LoyaltyErrorCode.InvalidPhone, field, "must be a phone number such as +7 912 345-67-89");
        }
    }

    private static bool IsAllowed(char c) => char.IsAsciiDigit(c) || c is ' ' or '+' or '-' or '(' or ')' or '.';

    /// <summary>For logs: the country code and the last two digits only.</summary>
    public string Masked => E164.Length <= 5 ? "***" : $"{E164[..2]}******{E164[^2..]}";

    public override string ToString() => E164;
}
