using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Domain.Tests.Support;

namespace LoyaltyBot.Domain.Tests.Accounts;

/// <summary>Inactivity expiry: the whole balance lapses a set number of days after the latest purchase, and each purchase moves that day.</summary>
public class AccountInactivityTests
{
    private static readonly ProgramRules NinetyDays = ProgramRules.Default with { InactivityExpiryDays = 90 };
    private static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");

    [Fact]
    public void EachPurchaseMovesTheLapseToNinetyDaysAfterTheLatestPurchaseAndFilesItsDay()
    {
        var account = new AccountBuilder().Under(NinetyDays).WithEarned(30, Moment.T0).Build();
        var firstLapse = account.LapsesAt;

        account.EarnPoints(20, NinetyDays, Moment.T0.AddDays(40));
        // A purchase made before the latest one, sent late, does not move it back.
        account.EarnPoints(10, NinetyDays, Moment.T0.AddDays(10), now: Moment.T0.AddDays(41));

        Assert.Equal(Moment.T0.AddDays(90), firstLapse);
        Assert.Equal((Moment.T0.AddDays(40), Moment.T0.AddDays(130)), (account.LastPurchaseAt, account.LapsesAt));
        Assert.Contains(DateOnly.FromDateTime(Moment.T0.AddDays(130).UtcDateTime), account.ExpiryDays());
    }

    [Fact]
    public void WithoutInactivityExpiryNothingLapses()
    {
        var account = new AccountBuilder().WithEarned(30, Moment.T0).Build();

        Assert.Equal((Moment.T0, (DateTimeOffset?)null), (account.LastPurchaseAt, account.LapsesAt));
        Assert.Null(account.ExpireDue(Ops.Next(), Moment.T0.AddDays(300), inactivityExpiry: true));
    }

    [Fact]
    public void AtTheLapseTheWholeBalanceExpiresOnceIncludingPointsNotYetDue()
    {
        var account = new AccountBuilder().Under(NinetyDays).WithEarned(30, Moment.T0).WithBonus(50, Moment.T0.AddDays(60)).Build();
        var lapse = Moment.T0.AddDays(90);

        var early = account.ExpireDue(Ops.Next(), lapse.AddTicks(-1), inactivityExpiry: true);
        var ownerTurnedItOff = account.ExpireDue(Ops.Next(), lapse, inactivityExpiry: false);
        var lapsed = account.ExpireDue(Ops.Next(), lapse, inactivityExpiry: true);
        var again = account.ExpireDue(Ops.Next(), lapse.AddDays(1), inactivityExpiry: true);

        Assert.Null(early);
        Assert.Null(ownerTurnedItOff);
        Assert.Equal((-80L, CustomerAccount.InactivityNote), (lapsed!.Delta, lapsed.Note));
        Assert.Null(again);
        Assert.Equal(0, account.Balance);
        Assert.Null(account.LapsesAt);
    }

    [Fact]
    public void TheLapseDayIsWarnedOfWithTheWholeBalance()
    {
        var account = new AccountBuilder().Under(NinetyDays).WithEarned(30, Moment.T0).WithBonus(50, Moment.T0.AddDays(60)).Build();
        var lapse = Moment.T0.AddDays(90);
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(lapse, Moscow).DateTime);

        Assert.Equal((80L, lapse), account.ExpiringOn(day, Moscow, lapse.AddDays(-7), inactivityExpiry: true));
        Assert.Null(account.ExpiringOn(day, Moscow, lapse.AddDays(-7), inactivityExpiry: false));
    }
}
