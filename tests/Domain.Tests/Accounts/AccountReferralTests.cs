using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Domain.Tests.Support;

namespace LoyaltyBot.Domain.Tests.Accounts;

public class AccountReferralTests
{
    private static readonly ProgramRules Rules = ProgramRules.Default;

    [Fact]
    public void TheFirstPurchaseThatEarnsPointsNamesTheReferrerToReward()
    {
        var account = Referred().WithBonus(100).Build();

        var outcome = account.EarnPoints(30, Rules, Moment.T0);

        Assert.Equal("c-referrer", outcome.ReferrerToReward);
    }

    [Fact]
    public void ALaterPurchaseNamesNobody()
    {
        var account = Referred().WithEarned(30).Build();

        var outcome = account.EarnPoints(30, Rules, Moment.T0.AddDays(1));

        Assert.Null(outcome.ReferrerToReward);
    }

    [Fact]
    public void APurchaseThatEarnsNothingDoesNotQualifyButTheNextOneDoes()
    {
        var account = Referred().Build();

        var nothing = account.EarnPoints(0, Rules, Moment.T0);
        var first = account.EarnPoints(5, Rules, Moment.T0.AddHours(1));

        Assert.Null(nothing.ReferrerToReward);
        Assert.Equal("c-referrer", first.ReferrerToReward);
    }

    [Fact]
    public void ACustomerNobodyInvitedNamesNobody()
    {
        var account = new AccountBuilder().Build();

        Assert.Null(account.EarnPoints(30, Rules, Moment.T0).ReferrerToReward);
    }

    private static AccountBuilder Referred() => new AccountBuilder().WithProfile(p => p with { ReferredBy = "c-referrer" });
}
