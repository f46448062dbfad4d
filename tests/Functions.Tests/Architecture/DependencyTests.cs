namespace LoyaltyBot.Functions.Tests.Architecture;

public class DependencyTests
{
    private static readonly NamespaceDependencies Functions =
        NamespaceDependencies.Read(typeof(Program).Assembly.Location, "LoyaltyBot.Functions");

    [Fact]
    public void NoTwoFeaturesOfTheAppDependOnEachOther()
    {
        var cycle = DependencyCycles.FindOne(Functions.Graph);

        Assert.True(cycle is null, cycle is null ? "" : Describe(cycle));
    }

    [Fact]
    public void TheGraphSeesTheFeaturesTheAppIsBuiltOn()
    {
        // A reader that saw nothing would find no cycle either: the edges every request travels must be there.
        Assert.Contains("Ledger", Functions.Graph["Accrual"]);
        Assert.Contains("Storage", Functions.Graph["Ledger"]);
        Assert.Contains("Accrual", Functions.Graph["Merchants"]);
    }

    [Fact]
    public void TheDomainUsesNothingOfTheFunctionsApp()
    {
        var domain = typeof(LoyaltyBot.Domain.Money.Money).Assembly;

        Assert.DoesNotContain(domain.GetReferencedAssemblies(), name => name.Name == typeof(Program).Assembly.GetName().Name);
    }

    private static string Describe(IReadOnlyList<string> cycle) =>
        "Features depend on each other: " + string.Join(" → ", cycle) + Environment.NewLine +
        string.Join(Environment.NewLine, cycle.Zip(cycle.Skip(1), (from, to) => $"  {from} → {to}: {Functions.Edges[from][to]}"));
}
