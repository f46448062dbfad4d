namespace LoyaltyBot.Domain.Customers;

/// <summary>
/// When birthdays are celebrated: on their own day, and those of 29 February on 28 February in a year that has no
/// 29 February, so that everyone is celebrated once a year.
/// </summary>
public static class BirthdayCalendar
{
    /// <summary>The day of <paramref name="year"/> on which a birthday of <paramref name="month"/>/<paramref name="day"/> is celebrated.</summary>
    public static DateOnly CelebratedIn(int year, int month, int day) =>
        month == 2 && day == 29 && !DateTime.IsLeapYear(year) ? new DateOnly(year, 2, 28) : new DateOnly(year, month, day);

    /// <summary>The birthdays (month, day) celebrated on <paramref name="date"/>.</summary>
    public static IReadOnlyList<(int Month, int Day)> CelebratedOn(DateOnly date) =>
        date is { Month: 2, Day: 28 } && !DateTime.IsLeapYear(date.Year) ? [(2, 28), (2, 29)] : [(date.Month, date.Day)];
}
