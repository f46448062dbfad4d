using LoyaltyBot.Domain.Boosts;

namespace LoyaltyBot.Domain.Tests.Boosts;

/// <summary>Picking boosted categories: up to the limit, for this month or a published next month only.</summary>
public class BoostPickTests
{
    private static readonly BoostMonth November = new(2026, 11);

    private static readonly BoostedCategories Boosts = new()
    {
        Picks = 2,
        Months = new Dictionary<string, IReadOnlyList<BoostedCategory>>
        {
            ["2026-11"] = [new("coffee", 3m), new("books", 2m), new("cinema", 5m)],
            ["2026-12"] = [new("taxi", 4m)],
        },
    };

    [Fact]
    public void ACustomerPicksUpToTheLimit()
    {
        var (first, afterFirst) = Boosts.Toggle(BoostPicks.None, November, 0, November);
        var (second, afterSecond) = Boosts.Toggle(afterFirst, November, 2, November);

        Assert.Equal((BoostChoice.Picked, BoostChoice.Picked), (first, second));
        Assert.Equal(["coffee", "cinema"], afterSecond.In(November));
    }

    [Fact]
    public void APickOverTheLimitIsRefusedAndChangesNothing()
    {
        var two = Pick(BoostPicks.None, 0, 1);

        var (choice, after) = Boosts.Toggle(two, November, 2, November);

        Assert.Equal(BoostChoice.LimitReached, choice);
        Assert.Same(two, after);
        Assert.Equal(["coffee", "books"], after.In(November));
    }

    [Fact]
    public void PressingAPickedCategoryUnpicksItAndFreesItsPlace()
    {
        var two = Pick(BoostPicks.None, 0, 1);

        var (unpicked, one) = Boosts.Toggle(two, November, 0, November);
        var (picked, after) = Boosts.Toggle(one, November, 2, November);

        Assert.Equal((BoostChoice.Unpicked, BoostChoice.Picked), (unpicked, picked));
        Assert.Equal(["books", "cinema"], after.In(November));
    }

    [Fact]
    public void TheLimitIsTheOwners()
    {
        var three = Boosts with { Picks = 3 };

        var (choice, after) = three.Toggle(Pick(BoostPicks.None, 0, 1), November, 2, November);

        Assert.Equal(BoostChoice.Picked, choice);
        Assert.Equal(3, after.In(November).Count);
    }

    [Fact]
    public void NextMonthsPublishedCategoriesArePickedOnTheirOwnLimitAndKeepThisMonths()
    {
        var thisMonth = Pick(BoostPicks.None, 0, 1);

        var (choice, after) = Boosts.Toggle(thisMonth, November.Next, 0, November);

        Assert.Equal(BoostChoice.Picked, choice);
        Assert.Equal(["coffee", "books"], after.In(November));
        Assert.Equal(["taxi"], after.In(November.Next));
    }

    [Theory]
    [InlineData(2027, 1, 0)]
    [InlineData(2026, 10, 0)]
    [InlineData(2026, 11, 3)]
    [InlineData(2026, 11, -1)]
    public void AMonthNotOpenForPicksOrACategoryItDoesNotOfferIsRefused(int year, int month, int index)
    {
        var withJanuary = Boosts with
        {
            Months = new Dictionary<string, IReadOnlyList<BoostedCategory>>(Boosts.Months) { ["2027-01"] = [new("coffee", 2m)], ["2026-10"] = [new("coffee", 2m)] },
        };

        var (choice, after) = withJanuary.Toggle(BoostPicks.None, new BoostMonth(year, month), index, November);

        Assert.Equal(BoostChoice.NotOffered, choice);
        Assert.True(after.IsEmpty);
    }

    [Fact]
    public void PicksOfMonthsGoneByAreDroppedWhenThePicksChange()
    {
        var october = EarnBoostedCategoryTests.Picks((new BoostMonth(2026, 10), ["coffee"]));

        var (_, after) = Boosts.Toggle(october, November, 0, November);

        Assert.Equal([November], after.Months.Keys);
    }

    [Fact]
    public void ACategoryTheOwnerWithdrewNoLongerTakesAPlace()
    {
        var withdrawnPick = EarnBoostedCategoryTests.Picks((November, ["coffee", "karaoke"]));

        var (choice, after) = Boosts.Toggle(withdrawnPick, November, 1, November);

        Assert.Equal(BoostChoice.Picked, choice);
        Assert.Equal(["coffee", "books"], after.In(November));
    }

    [Fact]
    public void PicksHoldingTheSameCategoriesAreEqual()
    {
        Assert.Equal(Pick(BoostPicks.None, 0, 1), Pick(BoostPicks.None, 0, 1));
        Assert.NotEqual(Pick(BoostPicks.None, 0, 1), Pick(BoostPicks.None, 1, 0));
        Assert.NotEqual(Pick(BoostPicks.None, 0), BoostPicks.None);
    }

    private static BoostPicks Pick(BoostPicks picks, params int[] indexes) =>
        indexes.Aggregate(picks, (current, index) => Boosts.Toggle(current, November, index, November).Picks);
}
