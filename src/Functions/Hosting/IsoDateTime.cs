using System.Globalization;
using System.Text.RegularExpressions;

namespace LoyaltyBot.Functions.Hosting;

/// <summary>
/// The one form of date-time the APIs take: ISO 8601 as RFC 3339 profiles it, with seconds and an offset
/// (<c>2026-11-23T14:05:00+03:00</c>, <c>2026-11-23T11:05:00.250Z</c>). A time without an offset means a different
/// instant on every server, and another culture's format reads day and month the other way round: both are refused.
/// </summary>
public static partial class IsoDateTime
{
    public const string Expected = "must be an ISO 8601 time with an offset, such as 2026-11-23T14:05:00+03:00";

    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        var match = text is null ? Match.Empty : Shape().Match(text);
        if (!match.Success)
        {
            return false;
        }

        // Up to nine fractional digits (Java and Go write nanoseconds); a DateTimeOffset holds seven.
        var fraction = match.Groups["fraction"].Value.PadRight(7, '0')[..7];
        var offset = match.Groups["offset"].Value is "Z" ? "+00:00" : match.Groups["offset"].Value;
        return DateTimeOffset.TryParseExact($"{match.Groups["time"].Value}.{fraction}{offset}", "yyyy-MM-dd'T'HH:mm:ss.fffffffzzz",
            CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }

    [GeneratedRegex("^(?<time>[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2})(?:\\.(?<fraction>[0-9]{1,9}))?(?<offset>Z|[+-][0-9]{2}:[0-9]{2})$")]
    private static partial Regex Shape();
}
