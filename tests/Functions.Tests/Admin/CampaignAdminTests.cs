using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoyaltyBot.Functions.Merchants;
using LoyaltyBot.Functions.Rules;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static LoyaltyBot.Functions.Tests.Admin.AdminHttp;

namespace LoyaltyBot.Functions.Tests.Admin;

public sealed class CampaignAdminTests(LoyaltyApp app) : IClassFixture<LoyaltyApp>
{
    private CampaignStore Campaigns => app.Services.GetRequiredService<CampaignStore>();

    public static TheoryData<string, string[]> BadBodies => new()
    {
        { "{}", ["endsAt", "multiplier", "name", "startsAt"] },
        { Body(b => b["name"] = null), ["name"] },
        { Body(b => b["name"] = "   "), ["name"] },
        { Body(b => b["name"] = new string('n', 101)), ["name"] },
        { Body(b => b["startsAt"] = "2026-12-01 10:00"), ["startsAt"] },
        { Body(b => b["startsAt"] = "2026-12-01T10:00:00"), ["startsAt"] },
        { Body(b => b["startsAt"] = Iso(DateTimeOffset.UtcNow.AddDays(-1))), ["startsAt"] },
        { Body(b => b["endsAt"] = b["startsAt"]!.DeepClone()), ["endsAt"] },
        { Body(b => b["endsAt"] = 1_700_000_000), ["endsAt"] },
        { Body(b => b["multiplier"] = "2"), ["multiplier"] },
        { Body(b => b["multiplier"] = 1), ["multiplier"] },
        { Body(b => b["multiplier"] = 0.5), ["multiplier"] },
        { Body(b => b["multiplier"] = 101), ["multiplier"] },
        { Body(b => b["categories"] = "coffee"), ["categories"] },
        { Body(b => b["categories"] = new JsonArray("coffee", 7)), ["categories[1]"] },
        { Body(b => b["categories"] = new JsonArray("coffee", " ")), ["categories[1]"] },
        { Body(b => b["merchantIds"] = new JsonArray("m-unknown")), ["merchantIds[0]"] },
        { Body(b => b["stackable"] = "yes"), ["stackable"] },
        { Body(b => b["category"] = new JsonArray("coffee")), ["category"] },
        { "[]", ["$"] },
        { "not json", ["$"] },
        { "{\"name\": \"a\", \"NAME\": \"b\"}", ["NAME"] },
    };

    [Fact]
    public async Task ACreatedCampaignIsAnsweredListedAndShownAsStored()
    {
        var merchant = await app.Services.GetRequiredService<MerchantStore>().CreateAsync("Bakery", default);
        var tomorrow = DateTimeOffset.UtcNow.AddDays(1);
        // Whole seconds, as an owner writes a time (the body carries milliseconds at most).
        var startsAt = tomorrow.AddTicks(-(tomorrow.Ticks % TimeSpan.TicksPerSecond)).ToOffset(TimeSpan.FromHours(3));
        var body = Body(b =>
        {
            b["name"] = "  Pastry week  ";
            b["startsAt"] = Iso(startsAt);
            b["endsAt"] = Iso(startsAt.AddDays(7));
            b["multiplier"] = 1.5;
            b["categories"] = new JsonArray("pastry", "bread");
            b["merchantIds"] = new JsonArray(merchant.MerchantId);
            b["stackable"] = true;
        });
        using var admin = app.AdminClient();

        using var response = await admin.PostAsync(Path("/api/admin/campaigns"), Json(body));

        var created = await JsonAsync(response, HttpStatusCode.Created);
        Assert.Equal(["campaignId", "name", "startsAt", "endsAt", "multiplier", "categories", "merchantIds", "stackable", "status"], Names(created));
        var campaignId = created.GetProperty("campaignId").GetString()!;
        Assert.Equal($"/api/admin/campaigns/{campaignId}", response.Headers.Location?.OriginalString);
        Assert.Equal("Pastry week", created.GetProperty("name").GetString());
        Assert.Equal(startsAt, created.GetProperty("startsAt").GetDateTimeOffset());
        Assert.Equal(TimeSpan.FromHours(3), created.GetProperty("startsAt").GetDateTimeOffset().Offset);
        Assert.Equal(startsAt.AddDays(7), created.GetProperty("endsAt").GetDateTimeOffset());
        Assert.Equal(1.5m, created.GetProperty("multiplier").GetDecimal());
        Assert.Equal(["pastry", "bread"], created.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal([merchant.MerchantId], created.GetProperty("merchantIds").EnumerateArray().Select(c => c.GetString()));
        Assert.True(created.GetProperty("stackable").GetBoolean());
        Assert.Equal("scheduled", created.GetProperty("status").GetString());

        var stored = await Campaigns.FindAsync(campaignId, default);
        Assert.Equal((startsAt, 1.5m, true), (stored!.StartsAt, stored.Multiplier, stored.Stackable));
        var listed = await JsonAsync(await admin.GetAsync(Path("/api/admin/campaigns")), HttpStatusCode.OK);
        Assert.Equal(["campaigns"], Names(listed));
        Assert.Equal(created.GetRawText(), Assert.Single(listed.GetProperty("campaigns").EnumerateArray(), c => c.GetProperty("campaignId").GetString() == campaignId).GetRawText());
        var shown = await JsonAsync(await admin.GetAsync(Path($"/api/admin/campaigns/{campaignId}")), HttpStatusCode.OK);
        Assert.Equal(created.GetRawText(), shown.GetRawText());
    }

    [Fact]
    public async Task OnlyNameDatesAndMultiplierAreNeededAndACampaignFromNowRunsAtOnce()
    {
        using var admin = app.AdminClient();

        // A minute back is within the start's grace: the time a request takes.
        using var response = await admin.PostAsync(Path("/api/admin/campaigns"), Json(Body(b => b["startsAt"] = Iso(DateTimeOffset.UtcNow.AddMinutes(-1)))));

        var created = await JsonAsync(response, HttpStatusCode.Created);
        Assert.Equal("running", created.GetProperty("status").GetString());
        Assert.Empty(created.GetProperty("categories").EnumerateArray());
        Assert.Empty(created.GetProperty("merchantIds").EnumerateArray());
        Assert.False(created.GetProperty("stackable").GetBoolean());
        await EndAsync(created.GetProperty("campaignId").GetString()!);
    }

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task ABadBodyIsRefusedNamingEachFieldAndNothingIsSaved(string body, string[] fields)
    {
        var before = (await Campaigns.ReadAllAsync(default)).Count;
        using var admin = app.AdminClient();

        using var response = await admin.PostAsync(Path("/api/admin/campaigns"), Json(body));

        Assert.Equal(fields, await InvalidFieldsAsync(response));
        Assert.Equal(before, (await Campaigns.ReadAllAsync(default)).Count);
    }

    [Fact]
    public async Task TheListShowsTheLatestToStartFirst()
    {
        var later = await CreateAsync(DateTimeOffset.UtcNow.AddDays(20));
        var sooner = await CreateAsync(DateTimeOffset.UtcNow.AddDays(10));
        using var admin = app.AdminClient();

        var listed = await JsonAsync(await admin.GetAsync(Path("/api/admin/campaigns")), HttpStatusCode.OK);

        var ids = listed.GetProperty("campaigns").EnumerateArray().Select(c => c.GetProperty("campaignId").GetString()).ToList();
        Assert.True(ids.IndexOf(later) < ids.IndexOf(sooner), string.Join(",", ids));
        var starts = listed.GetProperty("campaigns").EnumerateArray().Select(c => c.GetProperty("startsAt").GetDateTimeOffset()).ToList();
        Assert.Equal(starts.OrderDescending(), starts);
    }

    [Fact]
    public async Task EndingARunningCampaignStopsItNowKeepsItListedAndEndingItAgainChangesNothing()
    {
        var campaignId = await CreateAsync(DateTimeOffset.UtcNow);
        using var admin = app.AdminClient();
        var before = DateTimeOffset.UtcNow;

        var ended = await JsonAsync(await admin.DeleteAsync(Path($"/api/admin/campaigns/{campaignId}")), HttpStatusCode.OK);
        var again = await JsonAsync(await admin.DeleteAsync(Path($"/api/admin/campaigns/{campaignId}")), HttpStatusCode.OK);

        Assert.Equal("ended", ended.GetProperty("status").GetString());
        Assert.InRange(ended.GetProperty("endsAt").GetDateTimeOffset(), before, DateTimeOffset.UtcNow);
        Assert.Equal(ended.GetRawText(), again.GetRawText());
        var listed = await JsonAsync(await admin.GetAsync(Path("/api/admin/campaigns")), HttpStatusCode.OK);
        Assert.Equal(ended.GetRawText(), listed.GetProperty("campaigns").EnumerateArray().Single(c => c.GetProperty("campaignId").GetString() == campaignId).GetRawText());
        Assert.DoesNotContain(await Campaigns.GetAllAsync(default), c => c.Id == campaignId && c.IsActiveAt(DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task TwoEndsAtOnceAgreeOnOneEnd()
    {
        var campaignId = await CreateAsync(DateTimeOffset.UtcNow);

        var ends = await Task.WhenAll(EndAsync(campaignId), EndAsync(campaignId), EndAsync(campaignId));

        var stored = await Campaigns.FindAsync(campaignId, default);
        Assert.All(ends, end => Assert.Equal(stored!.EndsAt, end.GetProperty("endsAt").GetDateTimeOffset()));
    }

    [Fact]
    public async Task EndingAScheduledCampaignMeansItNeverStarts()
    {
        var startsAt = DateTimeOffset.UtcNow.AddDays(3);
        var campaignId = await CreateAsync(startsAt);

        var ended = await EndAsync(campaignId);

        Assert.Equal("ended", ended.GetProperty("status").GetString());
        Assert.Equal(ended.GetProperty("startsAt").GetDateTimeOffset(), ended.GetProperty("endsAt").GetDateTimeOffset());
        var stored = await Campaigns.FindAsync(campaignId, default);
        Assert.False(stored!.IsActiveAt(startsAt.AddDays(1)));
    }

    [Theory]
    [InlineData("GET", "cmp0000000000000000000000")]
    [InlineData("DELETE", "cmp0000000000000000000000")]
    [InlineData("DELETE", "not%20a%20campaign")]
    [InlineData("GET", "%23")]
    public async Task AnUnknownCampaignIsNotFound(string method, string campaignId)
    {
        using var admin = app.AdminClient();

        using var response = await admin.SendAsync(new HttpRequestMessage(new HttpMethod(method), Path($"/api/admin/campaigns/{campaignId}")));

        await ProblemAsync(response, HttpStatusCode.NotFound);
    }

    /// <summary>
    /// A valid body, from an hour on for a week at ×2, changed by <paramref name="change"/>. An hour, not now: theory data
    /// is made when the tests are found, which may be minutes before they run.
    /// </summary>
    private static string Body(Action<JsonObject> change)
    {
        var now = DateTimeOffset.UtcNow;
        var body = new JsonObject
        {
            ["name"] = "Double points week",
            ["startsAt"] = Iso(now.AddHours(1)),
            ["endsAt"] = Iso(now.AddDays(7)),
            ["multiplier"] = 2,
        };
        change(body);
        return body.ToJsonString();
    }

    private static string Iso(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    /// <summary>Creates a campaign of a week from <paramref name="startsAt"/>; its id.</summary>
    private async Task<string> CreateAsync(DateTimeOffset startsAt)
    {
        using var admin = app.AdminClient();
        var body = Body(b =>
        {
            b["startsAt"] = Iso(startsAt);
            b["endsAt"] = Iso(startsAt.AddDays(7));
        });
        using var response = await admin.PostAsync(Path("/api/admin/campaigns"), Json(body));
        return (await JsonAsync(response, HttpStatusCode.Created)).GetProperty("campaignId").GetString()!;
    }

    private async Task<JsonElement> EndAsync(string campaignId)
    {
        using var admin = app.AdminClient();
        return await JsonAsync(await admin.DeleteAsync(Path($"/api/admin/campaigns/{campaignId}")), HttpStatusCode.OK);
    }
}
