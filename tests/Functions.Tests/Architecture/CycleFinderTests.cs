namespace LoyaltyBot.Functions.Tests.Architecture;

public class CycleFinderTests
{
    private static Dictionary<string, IReadOnlySet<string>> Graph(params (string From, string To)[] edges) =>
        edges.GroupBy(edge => edge.From)
            .ToDictionary(group => group.Key, group => (IReadOnlySet<string>)group.Select(edge => edge.To).ToHashSet());

    [Fact]
    public void AGraphThatPointsOneWayHasNoCycle()
    {
        var graph = Graph(("Bot", "Customers"), ("Customers", "Ledger"), ("Bot", "Ledger"), ("Ledger", "Storage"));

        Assert.Null(DependencyCycles.FindOne(graph));
    }

    [Fact]
    public void ATwoWayDependencyIsACycle()
    {
        var graph = Graph(("Merchants", "Accrual"), ("Accrual", "Merchants"), ("Accrual", "Ledger"));

        Assert.Equal(["Accrual", "Merchants", "Accrual"], DependencyCycles.FindOne(graph));
    }

    [Fact]
    public void ALongCycleIsReportedAsTheWholePath()
    {
        var graph = Graph(("Admin", "Hosting"), ("Hosting", "Ledger"), ("Ledger", "Rules"), ("Rules", "Hosting"));

        Assert.Equal(["Hosting", "Ledger", "Rules", "Hosting"], DependencyCycles.FindOne(graph));
    }

    [Fact]
    public void ANamespaceUsingItselfIsNoCycle()
    {
        var graph = Graph(("Ledger", "Ledger"), ("Ledger", "Storage"));

        Assert.Null(DependencyCycles.FindOne(graph));
    }
}
