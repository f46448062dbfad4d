using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Rules;
using LoyaltyBot.Functions.Tests.Infrastructure;
using static LoyaltyBot.Functions.Tests.Admin.AdminHttp;

namespace LoyaltyBot.Functions.Tests.Boosts;

/// <summary>The owner publishes boosted categories in the rules document through <c>PUT /api/admin/program</c>.</summary>
public sealed class BoostedRulesAdminTests(LoyaltyApp app) : IClassFixture<LoyaltyApp>
{
    [Fact]
    public async Task PublishedMonthsAreSavedWithTheirNamesAndComeBack()
    {
        var boosted = JsonNode.Parse("""
            {"picks": 3, "months": {
              "2026-12": [{"category": "coffee", "multiplier": 3, "names": {"ru": "Кофе", "en": "Coffee"}}, {"category": "books", "multiplier": 1.5}],
              "2027-01": [{"category": "taxi", "multiplier": 4}]}}
            """)!;

        using var response = await PutAsync(d => d["boostedCategories"] = boosted);

        await JsonAsync(response, HttpStatusCode.OK);
        var stored = (await StoredAsync()).BoostedCategories;
        Assert.Equal(3, stored.Picks);
        Assert.Equal(["2026-12", "2027-01"], stored.Months.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("Кофе", stored.Months["2026-12"][0].NameIn("ru"));
        Assert.Equal("books", stored.Months["2026-12"][1].NameIn("ru"));
        Assert.Equal(1.5m, stored.Months["2026-12"][1].Multiplier);
    }

    [Fact]
    public async Task BadBoostedCategoriesAreRefusedNamingEachFieldAndChangeNothing()
    {
        var before = JsonSerializer.Serialize(await StoredAsync(), ProgramStore.Json);
        var boosted = JsonNode.Parse("""
            {"picks": 0, "months": {
              "2026-13": [{"category": "coffee", "multiplier": 3}],
              "2026-12": [{"category": "coffee", "multiplier": 1}, {"category": "COFFEE", "multiplier": 2, "names": {"de": "Kaffee"}}]}}
            """)!;

        using var response = await PutAsync(d => d["boostedCategories"] = boosted);

        Assert.Equal(
            ["boostedCategories.months.2026-12[0].multiplier", "boostedCategories.months.2026-12[1].category", "boostedCategories.months.2026-12[1].names.de",
             "boostedCategories.months.2026-13", "boostedCategories.picks"],
            await InvalidFieldsAsync(response));
        Assert.Equal(before, JsonSerializer.Serialize(await StoredAsync(), ProgramStore.Json));
    }

    [Theory]
    [InlineData("null", "boostedCategories")]
    [InlineData("""{"picks": "2", "months": {}}""", "boostedCategories.picks")]
    [InlineData("""{"picks": 2, "months": {"2026-12": [{"category": "coffee"}]}}""", "boostedCategories.months.2026-12[0]")]
    public async Task ABoostedCategoriesRuleOfTheWrongShapeIsRefusedNamingTheField(string boosted, string field)
    {
        using var response = await PutAsync(d => d["boostedCategories"] = JsonNode.Parse(boosted));

        Assert.Equal([field], await InvalidFieldsAsync(response));
    }

    private async Task<HttpResponseMessage> PutAsync(Action<JsonObject> change)
    {
        var document = JsonSerializer.SerializeToNode(ProgramRules.Default, ProgramStore.Json)!.AsObject();
        change(document);
        using var admin = app.AdminClient();
        return await admin.PutAsync(Path("/api/admin/program"), Json(document.ToJsonString()));
    }

    /// <summary>The rules in storage, read by a store of its own so that no cache answers.</summary>
    private Task<ProgramRules> StoredAsync() => new ProgramStore(app.Storage, TimeProvider.System).GetAsync(CancellationToken.None);
}
