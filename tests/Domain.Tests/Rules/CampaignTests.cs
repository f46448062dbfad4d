using LoyaltyBot.Domain.Errors;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Domain.Tests.Support;

namespace LoyaltyBot.Domain.Tests.Rules;

public class CampaignTests
{
    private static readonly DateTimeOffset Now = Moment.T0;

    private static readonly Campaign Week = new("week", "Double points week", Now.AddHours(1), Now.AddDays(7), 2m, ["coffee"], ["m1"]);

    public static TheoryData<string, Campaign> BrokenAt => new()
    {
        { "name", Week with { Name = " " } },
        { "name", Week with { Name = new string('a', Campaign.MaxNameLength + 1) } },
        { "startsAt", Week with { StartsAt = Now - Campaign.StartGrace - TimeSpan.FromSeconds(1) } },
        { "endsAt", Week with { EndsAt = Week.StartsAt } },
        { "endsAt", Week with { StartsAt = Now.AddMinutes(-4), EndsAt = Now } },
        { "multiplier", Week with { Multiplier = 1m } },
        { "multiplier", Week with { Multiplier = 0.5m } },
        { "multiplier", Week with { Multiplier = Campaign.MaxMultiplier + 0.01m } },
        { "categories[1]", Week with { Categories = ["coffee", ""] } },
        { "categories[0]", Week with { Categories = [new string('c', Campaign.MaxCategoryLength + 1)] } },
        { "categories", Week with { Categories = [.. Enumerable.Range(0, Campaign.MaxTargets + 1).Select(i => $"c{i}")] } },
        { "merchantIds[0]", Week with { MerchantIds = ["  "] } },
        { "merchantIds", Week with { MerchantIds = [.. Enumerable.Range(0, Campaign.MaxTargets + 1).Select(i => $"m{i}")] } },
    };

    [Fact]
    public void ASoundCampaignHasNoProblems()
    {
        Assert.Empty(Week.ValidateNew(Now));
        Assert.Empty((Week with { StartsAt = Now - Campaign.StartGrace, Multiplier = Campaign.MaxMultiplier, Categories = null, MerchantIds = null }).ValidateNew(Now));
    }

    [Theory]
    [MemberData(nameof(BrokenAt))]
    public void ABrokenCampaignIsRefusedNamingTheField(string field, Campaign campaign)
    {
        var problem = Assert.Single(campaign.ValidateNew(Now));

        Assert.Equal((LoyaltyErrorCode.InvalidCampaign, field), (problem.Code, problem.Field));
    }

    [Fact]
    public void EveryProblemIsNamedAtOnce()
    {
        var problems = (Week with { Name = "", EndsAt = Week.StartsAt.AddDays(-1), Multiplier = 1m }).ValidateNew(Now);

        Assert.Equal(["name", "endsAt", "multiplier"], problems.Select(p => p.Field));
    }

    [Fact]
    public void ItIsScheduledBeforeItsStartRunningFromItAndEndedFromItsEnd()
    {
        Assert.Equal(CampaignStatus.Scheduled, Week.StatusAt(Week.StartsAt.AddTicks(-1)));
        Assert.Equal(CampaignStatus.Running, Week.StatusAt(Week.StartsAt));
        Assert.Equal(CampaignStatus.Running, Week.StatusAt(Week.EndsAt.AddTicks(-1)));
        Assert.Equal(CampaignStatus.Ended, Week.StatusAt(Week.EndsAt));
    }

    [Fact]
    public void EndingARunningCampaignStopsItAtThatMomentForLaterPurchasesOnly()
    {
        var endedAt = Week.StartsAt.AddDays(2);

        var ended = Week.EndAt(endedAt);

        Assert.Equal(endedAt, ended.EndsAt);
        Assert.Equal(CampaignStatus.Ended, ended.StatusAt(endedAt));
        Assert.True(ended.AppliesTo("m1", "coffee", endedAt.AddTicks(-1)));
        Assert.False(ended.AppliesTo("m1", "coffee", endedAt));
        Assert.Equal(Week with { EndsAt = endedAt }, ended);
    }

    [Fact]
    public void EndingAScheduledCampaignMeansItNeverRuns()
    {
        var ended = Week.EndAt(Now);

        Assert.Equal(CampaignStatus.Ended, ended.StatusAt(Now));
        Assert.Equal(CampaignStatus.Ended, ended.StatusAt(Week.StartsAt));
        Assert.False(ended.AppliesTo("m1", "coffee", Week.StartsAt));
        Assert.Equal(Week.StartsAt, ended.StartsAt);
    }

    [Fact]
    public void EndingAnEndedCampaignChangesNothing()
    {
        var ended = Week.EndAt(Week.StartsAt.AddDays(1));

        Assert.Same(ended, ended.EndAt(Week.StartsAt.AddDays(3)));
        Assert.Same(Week, Week.EndAt(Week.EndsAt.AddDays(1)));
    }
}
