using LoyaltyBot.Domain.Errors;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Rules;
using LoyaltyBot.Functions.Storage;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace LoyaltyBot.Functions.Tests.Rules;

// One collection: the rules are one row that these tests share.
[Collection(nameof(ProgramStoreTests))]
public sealed class ProgramStoreTests
{
    [Fact]
    public async Task SavedRulesComeBackWholeToAnotherInstance()
    {
        var (store, other, _) = await StoresAsync();
        var rules = ProgramRules.Default with
        {
            PendingDays = 14,
            Tiers = [new TierRule("Basic", 0m, 2m), new TierRule("VIP", 30_000m, 7.5m, ["lounge"])],
            CategoryMultipliers = new Dictionary<string, decimal> { ["coffee"] = 2m },
            ThresholdBonuses = [new ThresholdBonus(5_000m, 250)],
        };

        Assert.Empty(await store.SaveAsync(rules, CancellationToken.None));
        var read = await other.GetAsync(CancellationToken.None);

        Assert.Equal(14, read.PendingDays);
        Assert.Equal(["Basic", "VIP"], read.Tiers.Select(t => t.Name));
        Assert.Equal(["lounge"], read.Tiers[1].Perks!);
        Assert.Equal(2m, read.CategoryMultipliers["coffee"]);
        Assert.Equal(250, read.ThresholdBonuses.Single().Points);
        await store.SaveAsync(ProgramRules.Default, CancellationToken.None);
    }

    [Fact]
    public async Task InvalidRulesAreRefusedWithEveryProblemAndNotSaved()
    {
        var (store, other, time) = await StoresAsync();
        Assert.Empty(await store.SaveAsync(ProgramRules.Default, CancellationToken.None));

        var problems = await store.SaveAsync(ProgramRules.Default with { RedemptionCapPercent = 130m, ExpiryDays = 0, Currency = "XYZ" }, CancellationToken.None);
        time.Advance(ProgramStore.CacheFor);

        Assert.Equal(["currency", "expiryDays", "redemptionCapPercent"], problems.Select(p => p.Field).Order(StringComparer.Ordinal));
        Assert.All(problems, p => Assert.Equal(LoyaltyErrorCode.InvalidRules, p.Code));
        Assert.Equal(ProgramRules.Default.RedemptionCapPercent, (await other.GetAsync(CancellationToken.None)).RedemptionCapPercent);
    }

    private static async Task<(ProgramStore Store, ProgramStore Other, FakeTimeProvider Time)> StoresAsync()
    {
        var storage = await TestStorage.CreateAsync();
        var time = new FakeTimeProvider();
        return (new ProgramStore(storage, time), new ProgramStore(storage, time), time);
    }
}
