using System.Net;
using System.Text.Json.Nodes;
using LoyaltyBot.Functions.Offers;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static LoyaltyBot.Functions.Tests.Admin.AdminHttp;

namespace LoyaltyBot.Functions.Tests.Admin;

public sealed class OfferAdminTests(LoyaltyApp app) : IClassFixture<LoyaltyApp>
{
    private OfferRuleStore Rules => app.Services.GetRequiredService<OfferRuleStore>();

    public static TheoryData<string, string[]> BadBodies => new()
    {
        { "{}", ["multiplier", "name", "trigger", "validDays"] },
        { Body(b => b["name"] = " "), ["name"] },
        { Body(b => b["trigger"] = "sometimes"), ["trigger"] },
        { Body(b => b["multiplier"] = 1), ["multiplier"] },
        { Body(b => b["validDays"] = 0), ["validDays"] },
        { Body(b => b["validDays"] = 1.5), ["validDays"] },
        { Body(b => b["validDays"] = 10_000_000_000), ["validDays"] },
        { Body(b => b["boughtCategories"] = null), ["boughtCategories"] },
        { Body(b => b["categories"] = new JsonArray("cables", 7)), ["categories[1]"] },
        { Body(b => { b["trigger"] = "tier"; b["tiers"] = new JsonArray("Gold", "Diamond"); }), ["tiers[1]"] },
        { Body(b => b["trigger"] = "winBack"), ["inactiveDays"] },
        { Body(b => { b["trigger"] = "birthday"; b["daysBeforeBirthday"] = 31; }), ["daysBeforeBirthday"] },
        { Body(b => b["tier"] = new JsonArray("Gold")), ["tier"] },
        { "[]", ["$"] },
        { Body(b => b["segment"] = "vip"), ["segment"] },
        { Body(b => b["segment"] = 5), ["segment"] },
    };

    [Fact]
    public async Task ARuleMayTargetASegmentKeptAsTheProgramSpellsIt()
    {
        using var admin = app.AdminClient();

        using var response = await admin.PostAsync(Path("/api/admin/offers"), Json(Body(b => b["segment"] = "TIER:gold")));

        var created = await JsonAsync(response, HttpStatusCode.Created);
        Assert.Equal("tier:Gold", created.GetProperty("segment").GetString());
        Assert.Equal("tier:Gold", Assert.Single(await Rules.ReadAllAsync(default), r => r.Id == created.GetProperty("offerRuleId").GetString()).Segment);
    }

    [Fact]
    public async Task ACreatedRuleIsAnsweredListedAndStored()
    {
        using var admin = app.AdminClient();
        var before = DateTimeOffset.UtcNow;

        using var response = await admin.PostAsync(Path("/api/admin/offers"), Json(Body(_ => { })));

        var created = await JsonAsync(response, HttpStatusCode.Created);
        Assert.Equal(
            ["offerRuleId", "name", "trigger", "multiplier", "validDays", "categories", "tiers", "boughtCategories", "inactiveDays", "daysBeforeBirthday",
                "createdAt", "endedAt", "status", "segment"],
            Names(created));
        var ruleId = created.GetProperty("offerRuleId").GetString()!;
        Assert.Equal($"/api/admin/offers/{ruleId}", response.Headers.Location?.OriginalString);
        Assert.Equal(("category", 2m, 7, "running"), (created.GetProperty("trigger").GetString(), created.GetProperty("multiplier").GetDecimal(),
            created.GetProperty("validDays").GetInt32(), created.GetProperty("status").GetString()));
        Assert.Equal(["headphones"], created.GetProperty("boughtCategories").EnumerateArray().Select(c => c.GetString()));
        Assert.InRange(created.GetProperty("createdAt").GetDateTimeOffset(), before, DateTimeOffset.UtcNow);
        var stored = Assert.Single(await Rules.ReadAllAsync(default), r => r.Id == ruleId);
        Assert.Equal(["accessories"], stored.Categories);
        var listed = await JsonAsync(await admin.GetAsync(Path("/api/admin/offers")), HttpStatusCode.OK);
        Assert.Equal(created.GetRawText(), Assert.Single(listed.GetProperty("offerRules").EnumerateArray(), r => r.GetProperty("offerRuleId").GetString() == ruleId).GetRawText());
    }

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task ABadBodyIsRefusedNamingEachFieldAndNothingIsSaved(string body, string[] fields)
    {
        var before = (await Rules.ReadAllAsync(default)).Count;
        using var admin = app.AdminClient();

        using var response = await admin.PostAsync(Path("/api/admin/offers"), Json(body));

        Assert.Equal(fields, await InvalidFieldsAsync(response));
        Assert.Equal(before, (await Rules.ReadAllAsync(default)).Count);
    }

    [Fact]
    public async Task EndingARuleKeepsItListedAsEndedAndEndingItAgainChangesNothing()
    {
        using var admin = app.AdminClient();
        var ruleId = (await JsonAsync(await admin.PostAsync(Path("/api/admin/offers"), Json(Body(_ => { }))), HttpStatusCode.Created)).GetProperty("offerRuleId").GetString();

        var ended = await JsonAsync(await admin.DeleteAsync(Path($"/api/admin/offers/{ruleId}")), HttpStatusCode.OK);
        var again = await JsonAsync(await admin.DeleteAsync(Path($"/api/admin/offers/{ruleId}")), HttpStatusCode.OK);

        Assert.Equal("ended", ended.GetProperty("status").GetString());
        Assert.Equal(ended.GetRawText(), again.GetRawText());
        Assert.False(Assert.Single(await Rules.ReadAllAsync(default), r => r.Id == ruleId).IsRunningAt(DateTimeOffset.UtcNow));
    }

    [Theory]
    [InlineData("ofr0000000000000000000000")]
    [InlineData("not%20a%20rule")]
    public async Task AnUnknownRuleIsNotFound(string ruleId)
    {
        using var admin = app.AdminClient();

        using var response = await admin.DeleteAsync(Path($"/api/admin/offers/{ruleId}"));

        await ProblemAsync(response, HttpStatusCode.NotFound);
    }

    /// <summary>A valid body (bought headphones → ×2 on accessories for a week), changed by <paramref name="change"/>.</summary>
    private static string Body(Action<JsonObject> change)
    {
        var body = new JsonObject
        {
            ["name"] = "Accessories for your headphones",
            ["trigger"] = "category",
            ["multiplier"] = 2,
            ["validDays"] = 7,
            ["categories"] = new JsonArray("accessories"),
            ["boughtCategories"] = new JsonArray("headphones"),
        };
        change(body);
        return body.ToJsonString();
    }
}
