using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Domain.Tests.Support;

namespace LoyaltyBot.Domain.Tests.Accounts;

/// <summary>Which points expire on a day of the program's zone: what the expiry reminders tell.</summary>
public class AccountExpiringOnTests
{
    private static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly ProgramRules TenDays = ProgramRules.Default with { ExpiryDays = 10 };

    [Fact]
    public void ThePointsOfEveryLotExpiringThatLocalDayAddUpWithTheLatestExpiry()
    {
        // 22:30 UTC on 1 March is 01:30 on 2 March in Moscow: both lots expire on 12 March there, on two UTC days.
        var late = new DateTimeOffset(2026, 3, 1, 22, 30, 0, TimeSpan.Zero);
        var account = new AccountBuilder().Under(TenDays)
            .WithEarned(40, late).WithEarned(25, late.AddHours(3)).WithEarned(7, late.AddDays(1).AddHours(3)).Build();

        var expiring = account.ExpiringOn(new DateOnly(2026, 3, 12), Moscow, late.AddDays(3));

        Assert.Equal((65L, late.AddHours(3).AddDays(10)), expiring);
    }

    [Fact]
    public void TheDayIsTheZonesDayNotUtcs()
    {
        // 02:00 UTC on 5 November is still 4 November in New York.
        var earned = new DateTimeOffset(2026, 10, 26, 2, 0, 0, TimeSpan.Zero);
        var account = new AccountBuilder().Under(TenDays).WithEarned(30, earned).Build();

        Assert.Equal(30L, account.ExpiringOn(new DateOnly(2026, 11, 4), NewYork, earned)?.Points);
        Assert.Null(account.ExpiringOn(new DateOnly(2026, 11, 5), NewYork, earned));
    }

    [Fact]
    public void SpentAndAlreadyExpiredPointsAreNotCounted()
    {
        // 01:00 and 09:00 on 2 March in Moscow, on two UTC days: two lots, expiring on 12 March there.
        var night = new DateTimeOffset(2026, 3, 1, 22, 0, 0, TimeSpan.Zero);
        var morning = new DateTimeOffset(2026, 3, 2, 6, 0, 0, TimeSpan.Zero);
        var account = new AccountBuilder().Under(TenDays).WithEarned(40, night).WithEarned(60, morning).Build();
        account.Redeem(Ops.Next(), 30, AccountOperations.Rub(1_000m), TenDays, morning.AddDays(1));
        var day = new DateOnly(2026, 3, 12);

        Assert.Equal(70L, account.ExpiringOn(day, Moscow, morning.AddDays(2))?.Points);
        Assert.Equal(60L, account.ExpiringOn(day, Moscow, night.AddDays(10))?.Points);
        Assert.Null(account.ExpiringOn(day, Moscow, morning.AddDays(10)));
    }
}
