using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Domain.Segments;
using LoyaltyBot.Domain.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace LoyaltyBot.Domain.Tests.Segments;

/// <summary>RFM scores and the segments they name, as the program's clock moves on.</summary>
public class CustomerSegmentsTests
{
    private static readonly ProgramRules Rules = ProgramRules.Default;

    private readonly FakeTimeProvider clock = new(Moment.T0);

    private DateTimeOffset Now => clock.GetUtcNow();

    [Fact]
    public void AMemberIsNewForTheirFirstDaysWhateverTheyBought()
    {
        var account = new AccountBuilder().Build();
        account.EarnPoints(5_000, Rules, Now, paid: 60_000m);

        Assert.Equal(CustomerSegments.New, Group(account));
        clock.Advance(TimeSpan.FromDays(Rules.Rfm.NewMemberDays));
        Assert.NotEqual(CustomerSegments.New, Group(account));
    }

    [Fact]
    public void AFrequentRecentBigSpenderIsAChampionThenSlipsToLoyalAtRiskAndLost()
    {
        var account = new AccountBuilder().Build();
        clock.Advance(TimeSpan.FromDays(40));
        BuyOnDays(account, days: 8, paidEach: 2_000m);

        Assert.Equal(new RfmScore(5, 4, 4), RfmScore.Of(account, Rules, Now));
        Assert.Equal(CustomerSegments.Champions, Group(account));

        clock.Advance(TimeSpan.FromDays(31));
        Assert.Equal(new RfmScore(3, 4, 4), RfmScore.Of(account, Rules, Now));
        Assert.Equal(CustomerSegments.Loyal, Group(account));

        clock.Advance(TimeSpan.FromDays(60));
        Assert.Equal(2, RfmScore.Of(account, Rules, Now).Recency);
        Assert.Equal(CustomerSegments.AtRisk, Group(account));

        clock.Advance(TimeSpan.FromDays(90));
        Assert.Equal(1, RfmScore.Of(account, Rules, Now).Recency);
        Assert.Equal(CustomerSegments.Lost, Group(account));
    }

    [Fact]
    public void ARecentButRareBuyerIsInNoRfmGroupAndAMemberWhoNeverBoughtIsLost()
    {
        var buyer = new AccountBuilder().Build();
        var idle = new AccountBuilder().Build();
        clock.Advance(TimeSpan.FromDays(40));
        buyer.EarnPoints(30, Rules, Now, paid: 1_000m);

        Assert.Equal(new RfmScore(5, 1, 2), RfmScore.Of(buyer, Rules, Now));
        Assert.Null(Group(buyer));
        Assert.Equal(new RfmScore(1, 1, 1), RfmScore.Of(idle, Rules, Now));
        Assert.Equal(CustomerSegments.Lost, Group(idle));
    }

    [Fact]
    public void FrequencyAndMoneyCountOnlyTheTierWindow()
    {
        var account = new AccountBuilder().Build();
        clock.Advance(TimeSpan.FromDays(40));
        BuyOnDays(account, days: 16, paidEach: 4_000m);
        Assert.Equal(new RfmScore(5, 5, 5), RfmScore.Of(account, Rules, Now));

        clock.Advance(TimeSpan.FromDays(Rules.TierWindowDays - 5));
        Assert.Equal(new RfmScore(1, 3, 4), RfmScore.Of(account, Rules, Now));
    }

    [Fact]
    public void TheOwnersThresholdsDecideTheScores()
    {
        var strict = Rules with { Rfm = new RfmRules { RecencyDays = [1, 2, 3, 4], PurchaseDays = [10, 20, 30, 40], Spend = [1m, 2m, 3m, 1_000_000m], NewMemberDays = 0 } };
        var account = new AccountBuilder().Build();
        account.EarnPoints(30, strict, Now, paid: 1_000m);
        clock.Advance(TimeSpan.FromDays(2.5));

        Assert.Equal(new RfmScore(3, 1, 4), RfmScore.Of(account, strict, Now));
        Assert.Null(CustomerSegments.RfmGroup(account, RfmScore.Of(account, strict, Now), strict.Rfm, Now));
    }

    [Fact]
    public void EveryMemberIsInAllTheirTierAndTheBirthdayMonthOfTheProgramsZone()
    {
        // 31 May, 22:00 UTC is already 1 June in Moscow.
        clock.SetUtcNow(new DateTimeOffset(2025, 5, 31, 22, 0, 0, TimeSpan.Zero));
        var june = new AccountBuilder().OpenedAt(Now).WithProfile(p => p with { BirthMonth = 6, BirthDay = 20 }).Build();
        var may = new AccountBuilder().OpenedAt(Now).WithProfile(p => p with { BirthMonth = 5, BirthDay = 20 }).Build();

        Assert.Equal(["all", "birthdayThisMonth", "new", "tier:Bronze"], CustomerSegments.Of(june, Rules, Now).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(CustomerSegments.BirthdayThisMonth, CustomerSegments.Of(may, Rules, Now));
        Assert.Contains(CustomerSegments.BirthdayThisMonth, CustomerSegments.Of(may, Rules with { TimeZone = "UTC" }, Now));
    }

    [Fact]
    public void AnAccountMergedIntoAnotherIsInNoSegment()
    {
        var account = new AccountBuilder().Build();
        account.ChangeProfile(p => p with { MergedInto = "c-other" });

        Assert.Empty(CustomerSegments.Of(account, Rules, Now));
    }

    [Theory]
    [InlineData("all", "all")]
    [InlineData("ATRISK", "atRisk")]
    [InlineData("tier:gold", "tier:Gold")]
    [InlineData("tier:Platinum", null)]
    [InlineData("vip", null)]
    [InlineData(null, null)]
    public void ASegmentIsFoundByItsNameInAnyCase(string? name, string? found) =>
        Assert.Equal(found, CustomerSegments.Find(name, Rules));

    [Fact]
    public void ThresholdsMustBeFourAscendingSteps()
    {
        var rules = Rules with { Rfm = new RfmRules { RecencyDays = [30, 14, 90, 180], PurchaseDays = [2, 4], Spend = [-1m, 5m, 6m, 7m], NewMemberDays = -1 } };

        Assert.Equal(["rfm.newMemberDays", "rfm.purchaseDays", "rfm.recencyDays[1]", "rfm.spend[0]"],
            rules.Validate().Select(e => e.Field).Order(StringComparer.Ordinal));
        Assert.Empty(Rules.Validate());
    }

    private string? Group(CustomerAccount account) => CustomerSegments.RfmGroup(account, RfmScore.Of(account, Rules, Now), Rules.Rfm, Now);

    /// <summary>A purchase on each of <paramref name="days"/> days up to today, one a day.</summary>
    private void BuyOnDays(CustomerAccount account, int days, decimal paidEach)
    {
        for (var day = days - 1; day >= 0; day--)
        {
            account.EarnPoints(10, Rules, Now.AddDays(-day), paid: paidEach);
        }
    }
}
