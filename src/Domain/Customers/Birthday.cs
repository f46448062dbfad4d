using System.Globalization;
using LoyaltyBot.Domain.Errors;

namespace LoyaltyBot.Domain.Customers;

/// <summary>A day and month of birth, the year optional: 29 February is a birthday with no year or in a leap year.</summary>
public readonly record struct Birthday
{
    public const int EarliestYear = 1900;
    private static readonly char[] Separators = ['.', '/', '-', ' '];

    private Birthday(int day, int month, int? year)
    {
        Day = day;
        Month = month;
        Year = year;
    }

    public int Day { get; }

    public int Month { get; }

    public int? Year { get; }

    /// <summary>
    /// <c>31.12</c>, <c>31.12.1990</c>, <c>31/12</c>, <c>31-12-1990</c>: day first. The year, when given, is from
    /// <see cref="EarliestYear"/> to <paramref name="today"/>'s, and the date is not after today. The error's field says
    /// what is wrong: <c>format</c>, <c>date</c> (no such day) or <c>year</c>.
    /// </summary>
    public static Result<Birthday> Parse(string? text, DateOnly today)
    {
        var parts = (text ?? "").Trim().Split(Separators, StringSplitOptions.RemoveEmptyEntries);
        if (text is not { Length: <= 20 } || parts.Length is < 2 or > 3 || !parts.All(p => p.Length <= 4 && p.All(char.IsAsciiDigit)))
        {
            return new LoyaltyError(LoyaltyErrorCode.InvalidBirthday, "format", "must be day and month, such as 31.12 or 31.12.1990");
        }

        var day = int.Parse(parts[0], CultureInfo.InvariantCulture);
        var month = int.Parse(parts[1], CultureInfo.InvariantCulture);
        int? year = parts.Length == 3 ? int.Parse(parts[2], CultureInfo.InvariantCulture) : null;
        if (year is { } y && (parts[2].Length != 4 || y < EarliestYear || y > today.Year))
        {
            return new LoyaltyError(LoyaltyErrorCode.InvalidBirthday, "year", $"must be a year from {EarliestYear} to {today.Year}");
        }

        // A leap year (2000) stands in for a missing year, so 29.02 alone is a date.
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year ?? 2000, month))
        {
            return new LoyaltyError(LoyaltyErrorCode.InvalidBirthday, "date", "there is no such day");
        }

        if (year is { } born && new DateOnly(born, month, day) > today)
        {
            return new LoyaltyError(LoyaltyErrorCode.InvalidBirthday, "date", "is in the future");
        }

        return new Birthday(day, month, year);
    }

    /// <summary>
    /// ISO forms, year first: <c>1990-12-31</c> or <c>12-31</c> (<c>--12-31</c> too), checked as <see cref="Parse"/> checks
    /// a date typed in the bot; the error's field is <paramref name="field"/>.
    /// </summary>
    public static Result<Birthday> ParseIso(string? text, DateOnly today, string field)
    {
        var parts = (text ?? "").Trim().TrimStart('-').Split('-');
        var shaped = parts.Length is 2 or 3 && parts[^1].Length == 2 && parts[^2].Length == 2 && (parts.Length == 2 || parts[0].Length == 4);
        if (!shaped)
        {
            return new LoyaltyError(LoyaltyErrorCode.InvalidBirthday, field, "must be yyyy-MM-dd or MM-dd, such as 1990-12-31 or 12-31");
        }

        var parsed = Parse(string.Join('.', Enumerable.Reverse(parts)), today);
        return parsed.IsSuccess ? parsed : new LoyaltyError(LoyaltyErrorCode.InvalidBirthday, field, parsed.Error!.Message);
    }

    /// <summary>The BirthdayIndex partition: <c>MMdd</c>.</summary>
    public string MonthDay => string.Create(CultureInfo.InvariantCulture, $"{Month:D2}{Day:D2}");
}
