using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Domain.Tests.Support;
using static LoyaltyBot.Domain.Tests.Support.AccountOperations;

namespace LoyaltyBot.Domain.Tests.Accounts;

/// <summary>
/// The tier review of one account: what the spend of the trailing window (ending the grace period before the review)
/// keeps, what each downgrade mode lowers to, and which review a customer is filed under.
/// </summary>
public class AccountTierReviewTests
{
    /// <summary>Moscow's defaults with a 90-day window and no grace, so the dates stay readable.</summary>
    private static readonly ProgramRules Rules = ProgramRules.Default with { TierWindowDays = 90, TierGraceDays = 0 };

    /// <summary>Noon in Moscow on 10 January 2030.</summary>
    private static readonly DateTimeOffset January10 = new(2030, 1, 10, 9, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset Review(int year, int month, ProgramRules? rules = null) =>
        TierReviewCalendar.At(new DateOnly(year, month, 1), (rules ?? Rules).Zone);

    /// <summary>A customer raised to Gold by one purchase of <paramref name="paid"/> at <paramref name="at"/>.</summary>
    private static CustomerAccount GoldBy(decimal paid, DateTimeOffset at, ProgramRules? rules = null)
    {
        var account = new AccountBuilder().Under(rules ?? Rules).OpenedAt(at).Build();
        var outcome = account.EarnPoints(10, rules ?? Rules, at, paid);
        Assert.Equal("Gold", outcome.RaisedToTier);
        return account;
    }

    [Fact]
    public void ASpendStillInTheWindowKeepsTheTier()
    {
        var account = GoldBy(60_000m, January10);

        Assert.Equal(0m, account.ShortOfTier(Rules, Review(2030, 4)));
        Assert.Null(account.ReviewTier(Rules, Review(2030, 4)));
        Assert.Equal("Gold", account.Tier);
    }

    [Fact]
    public void OneLevelModeLowersOneTierAtATimeHoweverFarShortTheSpendIs()
    {
        // 10 January + 90 days: the purchase leaves the window on 10 April, so May's review finds nothing spent.
        var account = GoldBy(60_000m, January10);

        Assert.Equal(50_000m, account.ShortOfTier(Rules, Review(2030, 5)));
        Assert.Equal("Silver", account.ReviewTier(Rules, Review(2030, 5))?.Name);
        Assert.Equal("Bronze", account.ReviewTier(Rules, Review(2030, 6))?.Name);
        Assert.Null(account.ReviewTier(Rules, Review(2030, 7)));
        Assert.Equal("Bronze", account.Tier);
    }

    [Fact]
    public void RecalculateModeLowersStraightToTheTierTheSpendReaches()
    {
        var rules = Rules with { TierDowngrade = TierDowngradeMode.Recalculate };
        var account = GoldBy(60_000m, January10, rules);
        account.EarnPoints(1, rules, new DateTimeOffset(2030, 3, 20, 9, 0, 0, TimeSpan.Zero), paid: 20_000m);

        Assert.Equal("Silver", account.ReviewTier(rules, Review(2030, 5, rules))?.Name);
        Assert.Equal("Silver", account.Tier);
    }

    [Fact]
    public void RecalculateModeCanDropSeveralTiersAtOnce()
    {
        var rules = Rules with { TierDowngrade = TierDowngradeMode.Recalculate };
        var account = GoldBy(60_000m, January10, rules);

        Assert.Equal("Bronze", account.ReviewTier(rules, Review(2030, 5, rules))?.Name);
    }

    [Fact]
    public void NoneModeNeverLowersATier()
    {
        var rules = Rules with { TierDowngrade = TierDowngradeMode.None };
        var account = GoldBy(60_000m, January10, rules);

        Assert.Null(account.ReviewTier(rules, Review(2031, 5, rules)));
        Assert.Equal("Gold", account.Tier);
    }

    [Fact]
    public void TheGracePeriodKeepsTheTierThatManyDaysAfterTheSpendFallsShort()
    {
        // The spend falls short on 10 April; 30 days of grace keep Gold at May's review (1 May - 30 days = 1 April), not at June's.
        var rules = Rules with { TierGraceDays = 30 };
        var account = GoldBy(60_000m, January10, rules);

        Assert.Null(account.ReviewTier(rules, Review(2030, 5, rules)));
        Assert.Equal("Silver", account.ReviewTier(rules, Review(2030, 6, rules))?.Name);
    }

    [Fact]
    public void ShortOfTierSaysHowMuchMoreSpendKeepsItAndAPurchaseOfThatMuchDoes()
    {
        var account = GoldBy(60_000m, January10);
        account.EarnPoints(1, Rules, new DateTimeOffset(2030, 4, 20, 9, 0, 0, TimeSpan.Zero), paid: 12_000m);

        var shortBy = account.ShortOfTier(Rules, Review(2030, 5));
        account.EarnPoints(1, Rules, new DateTimeOffset(2030, 4, 25, 9, 0, 0, TimeSpan.Zero), paid: shortBy);

        Assert.Equal(38_000m, shortBy);
        Assert.Null(account.ReviewTier(Rules, Review(2030, 5)));
    }

    [Fact]
    public void ARefundCountsAgainstTheSpendThatKeepsTheTier()
    {
        var account = GoldBy(60_000m, January10);
        var purchase = account.EarnPoints(1, Rules, new DateTimeOffset(2030, 1, 20, 9, 0, 0, TimeSpan.Zero), paid: 10_000m).Purchase;

        Assert.True(account.Refund(Ops.Next(), purchase, Rub(10_000m), Rules, January10.AddDays(11)).IsSuccess);

        Assert.Equal(new DateOnly(2030, 5, 1), account.TierReviewDue(Rules, January10.AddDays(11)));
    }

    [Fact]
    public void TheCustomerIsFiledUnderTheFirstReviewAtWhichTheSpendFallsShort()
    {
        var account = GoldBy(60_000m, January10);

        Assert.Equal(new DateOnly(2030, 5, 1), account.TierReviewDue(Rules, January10));
        Assert.Equal(new DateOnly(2030, 6, 1), account.TierReviewDue(Rules with { TierGraceDays = 30 }, January10));
    }

    [Fact]
    public void ACustomerAtTheTierFromZeroIsFiledNowhere()
    {
        var account = new AccountBuilder().Under(Rules).OpenedAt(January10).WithEarned(10, January10, paid: 1_000m).Build();

        Assert.Null(account.TierReviewDue(Rules, January10));
    }

    [Fact]
    public void AfterAReviewThatKeepsTheTierTheNextFilingIsALaterReview()
    {
        var account = GoldBy(60_000m, January10);
        account.EarnPoints(1, Rules, new DateTimeOffset(2030, 3, 15, 9, 0, 0, TimeSpan.Zero), paid: 50_000m);

        // 15 March + 90 days = 13 June: July's review is the first to find the spend short.
        Assert.Null(account.ReviewTier(Rules, Review(2030, 5)));
        Assert.Equal(new DateOnly(2030, 7, 1), account.TierReviewDue(Rules, Review(2030, 5)));
    }

    [Fact]
    public void WindowDaysAreCountedAcrossALeapDay()
    {
        // Bought on 29 February 2032, the spend counts for 365 days, through 27 February 2033: February's review keeps
        // Gold, March's lowers it.
        var rules = Rules with { TierWindowDays = 365 };
        var account = GoldBy(60_000m, new DateTimeOffset(2032, 2, 29, 9, 0, 0, TimeSpan.Zero), rules);

        Assert.Null(account.ReviewTier(rules, Review(2033, 2, rules)));
        Assert.Equal(new DateOnly(2033, 3, 1), account.TierReviewDue(rules, Review(2033, 2, rules)));
        Assert.Equal("Silver", account.ReviewTier(rules, Review(2033, 3, rules))?.Name);
    }

    [Fact]
    public void TheRulesPagesExampleHolds()
    {
        // docs/rules.md: the defaults (365-day window, 30 days of grace, a warning 7 days before), Gold by 60 000 on 10 January 2030.
        var rules = ProgramRules.Default;
        var account = GoldBy(60_000m, January10, rules);

        Assert.Equal(new DateOnly(2031, 3, 1), account.TierReviewDue(rules, January10));
        Assert.Equal(new DateTimeOffset(2031, 2, 22, 7, 0, 0, TimeSpan.Zero), Review(2031, 3, rules).AddDays(-rules.TierWarningDays));
        Assert.Null(account.ReviewTier(rules, Review(2031, 2, rules)));
        Assert.Equal("Silver", account.ReviewTier(rules, Review(2031, 3, rules))?.Name);
    }
}
