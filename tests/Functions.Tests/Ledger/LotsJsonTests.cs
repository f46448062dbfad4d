using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Storage;

namespace LoyaltyBot.Functions.Tests.Ledger;

/// <summary>The account row's compact lots: exact round trips, the old object form still read, and the space saved.</summary>
public sealed class LotsJsonTests
{
    private static readonly DateTimeOffset Earned = new DateTimeOffset(2026, 3, 1, 11, 59, 30, 123, TimeSpan.FromHours(3)).AddTicks(4567);

    private static readonly PointsLot[] Lots =
    [
        new("01a208f4429d722e8601a38cfdc9678f", LotKind.Earned, 30, 12, Earned, Earned.AddDays(14), Earned.AddYears(1), "m1/4994c6466a4d4e59a99fb925acc7da0a"),
        new("01a208f442e17808b1e5e47145441a77", LotKind.Bonus, 100, 100, Earned, Earned, Earned.AddMonths(6), "welcome/c01"),
        new("01a208f442e17808b1e5e47145441a78", LotKind.Restored, 5, 5, Earned.AddTicks(1), Earned.AddTicks(1), Earned.AddDays(30), "m1/r-1"),
    ];

    [Fact]
    public void LotsComeBackExactlyToTheTick()
    {
        var read = LotsJson.Read(LotsJson.Write(Lots));

        Assert.Equal(Lots, read);
        Assert.All(read.Zip(Lots), pair => Assert.Equal(pair.Second.AvailableAt.UtcTicks, pair.First.AvailableAt.UtcTicks));
    }

    [Fact]
    public void LotsStoredAsObjectsStillRead()
    {
        var stored = WireJson.Write(Lots);

        Assert.Equal(Lots, LotsJson.Read(stored));
    }

    [Fact]
    public void NoLotsAndAnEmptyPropertyReadAsNone()
    {
        Assert.Empty(LotsJson.Read(LotsJson.Write([])));
        Assert.Empty(LotsJson.Read(""));
    }

    [Fact]
    public void TheCompactFormIsAtMostHalfTheObjectForm()
    {
        var compact = LotsJson.Write(Lots).Length;
        var objects = WireJson.Write(Lots).Length;

        Assert.True(compact * 2 <= objects + 40, $"compact {compact} chars, as objects {objects}");
    }
}
