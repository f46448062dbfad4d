using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Domain.Tests.Support;

namespace LoyaltyBot.Domain.Tests.Accounts;

/// <summary>Points of one expiry day and availability day share a lot; spendable points never become pending by sharing it.</summary>
public class AccountLotDaysTests
{
    private static readonly ProgramRules Pending = ProgramRules.Default with { PendingDays = 3 };

    [Fact]
    public void PointsAlreadySpendableStaySpendableWhenPointsOfTheSameDaysThatAreStillPendingArrive()
    {
        var account = new AccountBuilder().Build();
        var morning = new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
        account.EarnPoints(50, Pending, occurredAt: morning, now: morning);
        var noonThreeDaysOn = morning.AddDays(3).AddHours(4);

        // A purchase of the same day at 20:00, sent late: its points become spendable three days on at 20:00.
        account.EarnPoints(30, Pending, occurredAt: morning.AddHours(12), now: noonThreeDaysOn);

        Assert.Equal(50, account.SpendableAt(noonThreeDaysOn));
        Assert.Equal(30, account.PendingAt(noonThreeDaysOn));
        Assert.Equal(80, account.SpendableAt(morning.AddDays(3).AddHours(12)));
        Assert.Equal(2, account.Lots.Count);
    }

    [Fact]
    public void PendingPointsOfADayPairJoinTheSpendableOnesOnceBothAreSpendable()
    {
        var account = new AccountBuilder().Build();
        var morning = new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
        account.EarnPoints(50, Pending, occurredAt: morning, now: morning);
        // Purchases of that day at 20:00 and 21:00, sent at noon three days on: pending together until 21:00.
        account.EarnPoints(30, Pending, occurredAt: morning.AddHours(12), now: morning.AddDays(3).AddHours(4));
        account.EarnPoints(20, Pending, occurredAt: morning.AddHours(13), now: morning.AddDays(3).AddHours(4));
        var evening = morning.AddDays(3).AddHours(14);

        // At 22:00 both lots of the day pair are spendable; a purchase of 23:00 that day folds them and takes the second.
        account.EarnPoints(10, Pending, occurredAt: morning.AddHours(15), now: evening);

        Assert.Equal((100L, 10L), (account.SpendableAt(evening), account.PendingAt(evening)));
        Assert.Equal(2, account.Lots.Count);
        Assert.Equal(110, account.SpendableAt(morning.AddDays(3).AddHours(15)));
    }
}
