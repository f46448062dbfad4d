using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Rules;
using LoyaltyBot.Functions.Tests.Infrastructure;
using static LoyaltyBot.Functions.Tests.Admin.AdminHttp;

namespace LoyaltyBot.Functions.Tests.Admin;

public sealed class ProgramAdminTests(LoyaltyApp app) : IClassFixture<LoyaltyApp>
{
    // Not the defaults, so that rules left unchanged cannot be mistaken for rules never saved.
    private static readonly ProgramRules Saved = ProgramRules.Default with { PendingDays = 7, WelcomeBonus = 50 };

    public static TheoryData<string, string> BadShapes => new()
    {
        { "{\"currency\": \"RUB\"", "$" },
        { "[]", "$" },
        { "", "$" },
        { Document(d => d.Remove("pendingDays")), "pendingDays" },
        { Document(d => d["pendingDay"] = 3), "pendingDay" },
        { Document(d => d["pendingDays"] = "14"), "pendingDays" },
        { Document(d => d["pendingDays"] = 1.5), "pendingDays" },
        { Document(d => d["welcomeBonus"] = JsonNode.Parse("99999999999999999999")), "welcomeBonus" },
        { Document(d => d["timeZone"] = null), "timeZone" },
        { Document(d => d["tiers"] = null), "tiers" },
        { Document(d => d["tiers"] = new JsonObject()), "tiers" },
        { Document(d => d["tiers"] = new JsonArray(null, Tier())), "tiers[0]" },
        { Document(d => d["tiers"]![0]!.AsObject().Remove("ratePercent")), "tiers[0]" },
        { Document(d => d["tiers"]![1]!["rate"] = 4), "tiers[1].rate" },
        { Document(d => d["tiers"]![0]!["perks"] = new JsonArray("lounge", null)), "tiers[0].perks[1]" },
        { Document(d => d["categoryMultipliers"] = new JsonObject { ["coffee"] = "2" }), "categoryMultipliers.coffee" },
        { Document(d => d["thresholdBonuses"] = new JsonArray((JsonNode?)null)), "thresholdBonuses[0]" },
        { Document(d => d["tierDowngrade"] = "sometimes"), "tierDowngrade" },
    };

    [Fact]
    public async Task TheProgramIsOneDocumentOfEveryRule()
    {
        await SaveAsync(Saved);

        var document = await GetProgramAsync();

        Assert.Equal(
            ["currency", "timeZone", "tiers", "tierWindowDays", "categoryMultipliers", "thresholdBonuses", "expiryDays", "bonusExpiryDays",
             "pendingDays", "redemptionCapPercent", "maxAmount", "welcomeBonus", "referrerBonus", "referredFriendBonus", "referralMinPurchase",
             "referralMonthlyCap", "referralReturnDays", "birthdayBonus", "birthdayBonusExpiryDays", "reviewBonus", "expiryWarningDays",
             "expiryLastChanceDays", "inactivityExpiryDays", "tierDowngrade", "tierGraceDays", "tierWarningDays", "boostedCategories",
             "fixedCostPerMonth", "baselineRevenuePerMonth", "rfm"],
            Names(document));
        Assert.Equal(7, document.GetProperty("pendingDays").GetInt32());
        Assert.Equal(["Bronze", "Silver", "Gold"], document.GetProperty("tiers").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task APutDocumentIsSavedWholeAndComesBack()
    {
        var document = JsonNode.Parse((await GetProgramAsync()).GetRawText())!.AsObject();
        document["pendingDays"] = 14;
        document["timeZone"] = "Asia/Yekaterinburg";
        document["tiers"] = new JsonArray(Tier("Basic", 0, 2), Tier("VIP", 30_000, 7.5m, "lounge"));
        document["categoryMultipliers"] = new JsonObject { ["coffee"] = 2 };
        document["thresholdBonuses"] = new JsonArray(new JsonObject { ["minAmount"] = 5_000, ["points"] = 250 });
        document["tierDowngrade"] = "recalculate";
        document["tierGraceDays"] = 0;
        using var admin = app.AdminClient();

        using var response = await admin.PutAsync(Path("/api/admin/program"), Json(document.ToJsonString()));

        var answered = await JsonAsync(response, HttpStatusCode.OK);
        Assert.True(JsonNode.DeepEquals(document, JsonNode.Parse(answered.GetRawText())), answered.GetRawText());
        Assert.True(JsonNode.DeepEquals(document, JsonNode.Parse((await GetProgramAsync()).GetRawText())));
        var stored = await StoredAsync();
        Assert.Equal((14, "Asia/Yekaterinburg"), (stored.PendingDays, stored.TimeZone));
        Assert.Equal(["Basic", "VIP"], stored.Tiers.Select(t => t.Name));
        Assert.Equal(7.5m, stored.Tiers[1].RatePercent);
        Assert.Equal(["lounge"], stored.Tiers[1].Perks!);
        Assert.Equal(2m, stored.CategoryMultipliers["coffee"]);
        Assert.Equal(new ThresholdBonus(5_000m, 250), stored.ThresholdBonuses.Single());
        Assert.Equal((TierDowngradeMode.Recalculate, 0), (stored.TierDowngrade, stored.TierGraceDays));
    }

    [Fact]
    public async Task InvalidRulesAreRefusedNamingEachFieldAndLeaveTheStoredRulesUnchanged()
    {
        await SaveAsync(Saved);
        var invalid = Document(d =>
        {
            d["currency"] = "XYZ";
            d["expiryDays"] = 0;
            d["redemptionCapPercent"] = 130;
            d["tiers"]![1]!["ratePercent"] = 150;
            d["tiers"]![2]!["name"] = " ";
        });
        using var admin = app.AdminClient();

        using var response = await admin.PutAsync(Path("/api/admin/program"), Json(invalid));

        Assert.Equal(["currency", "expiryDays", "redemptionCapPercent", "tiers[1].ratePercent", "tiers[2].name"], await InvalidFieldsAsync(response));
        Assert.Equal(Saved, await StoredAsync(), RulesComparer.Instance);
        Assert.Equal(7, (await GetProgramAsync()).GetProperty("pendingDays").GetInt32());
    }

    [Theory]
    [MemberData(nameof(BadShapes))]
    public async Task ADocumentOfTheWrongShapeIsRefusedNamingTheFieldAndChangesNothing(string body, string field)
    {
        await SaveAsync(Saved);
        using var admin = app.AdminClient();

        using var response = await admin.PutAsync(Path("/api/admin/program"), Json(body));

        Assert.Equal([field], await InvalidFieldsAsync(response));
        Assert.Equal(Saved, await StoredAsync(), RulesComparer.Instance);
    }

    /// <summary>The default rules document with a change.</summary>
    private static string Document(Action<JsonObject> change)
    {
        var document = JsonSerializer.SerializeToNode(ProgramRules.Default, ProgramStore.Json)!.AsObject();
        change(document);
        return document.ToJsonString();
    }

    private static JsonObject Tier(string name = "Extra", decimal minSpend = 100_000, decimal ratePercent = 12, params string[] perks)
    {
        var tier = new JsonObject { ["name"] = name, ["minSpend"] = minSpend, ["ratePercent"] = ratePercent };
        if (perks.Length > 0)
        {
            tier["perks"] = new JsonArray(perks.Select(p => (JsonNode?)p).ToArray());
        }

        return tier;
    }

    private async Task SaveAsync(ProgramRules rules)
    {
        using var admin = app.AdminClient();
        using var response = await admin.PutAsync(Path("/api/admin/program"), Json(JsonSerializer.Serialize(rules, ProgramStore.Json)));
        await JsonAsync(response, HttpStatusCode.OK);
    }

    private async Task<JsonElement> GetProgramAsync()
    {
        using var admin = app.AdminClient();
        using var response = await admin.GetAsync(Path("/api/admin/program"));
        return await JsonAsync(response, HttpStatusCode.OK);
    }

    /// <summary>The rules in storage, read by a store of its own so that no cache answers.</summary>
    private Task<ProgramRules> StoredAsync() => new ProgramStore(app.Storage, TimeProvider.System).GetAsync(CancellationToken.None);

    /// <summary>Rules are equal when their documents are: the record's lists compare by reference.</summary>
    private sealed class RulesComparer : IEqualityComparer<ProgramRules>
    {
        public static readonly RulesComparer Instance = new();

        public bool Equals(ProgramRules? x, ProgramRules? y) =>
            JsonSerializer.Serialize(x, ProgramStore.Json) == JsonSerializer.Serialize(y, ProgramStore.Json);

        public int GetHashCode(ProgramRules obj) => JsonSerializer.Serialize(obj, ProgramStore.Json).GetHashCode(StringComparison.Ordinal);
    }
}
