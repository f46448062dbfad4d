using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static LoyaltyBot.Functions.Tests.Admin.AdminHttp;
using static LoyaltyBot.Functions.Tests.Notifications.BotScenario;

namespace LoyaltyBot.Functions.Tests.Broadcasts;

/// <summary>Segment counts and broadcast previews of the admin API over members of the real app.</summary>
public sealed class SegmentAudienceTests(BotApp app) : IClassFixture<BotApp>, IAsyncLifetime
{
    private static readonly int ThisMonth = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow")).Month;

    private LedgerStore Ledger => app.Services.GetRequiredService<LedgerStore>();

    /// <summary>
    /// Five members, all new: one to write to; one born this month; one born this month without a chat; one who blocked
    /// the bot; one at Gold. Made once for the class, before its first test.
    /// </summary>
    public async Task InitializeAsync()
    {
        if ((await Counts()).GetValueOrDefault("all").Members > 0)
        {
            return;
        }

        await RegisterAsync(app, "ru");
        var (_, born) = await RegisterAsync(app, "en");
        await Ledger.UpdateProfileAsync(born.CustomerId, p => p with { BirthMonth = ThisMonth, BirthDay = 1 }, default);
        var (_, bornWithoutChat) = await RegisterAsync(app, "ru", withChat: false);
        await Ledger.UpdateProfileAsync(bornWithoutChat.CustomerId, p => p with { BirthMonth = ThisMonth, BirthDay = 2 }, default);
        var (_, blocked) = await RegisterAsync(app, "ru");
        await Ledger.UpdateProfileAsync(blocked.CustomerId, p => p with { Unreachable = true, BirthMonth = ThisMonth % 12 + 1, BirthDay = 3 }, default);
        var (gold, _) = await RegisterAsync(app, "en");
        await BuyAsync(app, await MerchantAsync(app, "Кофейня"), gold, 60_000m);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task EverySegmentIsCountedWithTheMembersTheBotCanReach()
    {
        var counts = await Counts();

        Assert.Equal(["all", "new", "champions", "loyal", "atRisk", "lost", "birthdayThisMonth", "tier:Bronze", "tier:Silver", "tier:Gold"], counts.Keys);
        Assert.Equal((5, 3), counts["all"]);
        Assert.Equal((5, 3), counts["new"]);
        Assert.Equal((2, 1), counts["birthdayThisMonth"]);
        Assert.Equal((4, 2), counts["tier:Bronze"]);
        Assert.Equal((1, 1), counts["tier:Gold"]);
        Assert.All(["champions", "loyal", "atRisk", "lost", "tier:Silver"], s => Assert.Equal((0, 0), counts[s]));
    }

    [Theory]
    [InlineData("all", "all", 3, 2)]
    [InlineData("birthdayThisMonth", "birthdayThisMonth", 1, 1)]
    [InlineData("TIER:gold", "tier:Gold", 1, 0)]
    [InlineData("lost", "lost", 0, 0)]
    public async Task APreviewCountsTheRecipientsAndTheSkippedOfItsSegmentAndSendsNothing(string segment, string named, int recipients, int skipped)
    {
        var sent = app.Telegram.CallsOf("sendMessage").Count;
        using var admin = app.AdminClient();

        using var response = await admin.PostAsync(Path("/api/admin/broadcasts/preview"), Json(Body(segment, "Скидки недели", "Deals of the week")));

        var preview = await JsonAsync(response, HttpStatusCode.OK);
        Assert.Equal(named, preview.GetProperty("segment").GetString());
        Assert.Equal(recipients, preview.GetProperty("recipients").GetInt32());
        Assert.Equal(skipped, preview.GetProperty("skipped").GetInt32());
        Assert.Equal("Скидки недели", preview.GetProperty("preview").GetProperty("ru").GetString());
        Assert.Equal("Deals of the week", preview.GetProperty("preview").GetProperty("en").GetString());
        Assert.Equal(sent, app.Telegram.CallsOf("sendMessage").Count);
    }

    [Fact]
    public async Task APreviewOrBroadcastNamesEachBadFieldAndRecordsNothing()
    {
        using var admin = app.AdminClient();

        using var preview = await admin.PostAsync(Path("/api/admin/broadcasts/preview"), Json(Body("vip", " ", new string('x', 4097))));
        var sent = new JsonObject { ["broadcastId"] = "bad id!", ["segment"] = "all", ["text"] = new JsonObject { ["ru"] = "Привет", ["de"] = "Hallo" } };
        using var broadcast = await admin.PostAsync(Path("/api/admin/broadcasts"), Json(sent.ToJsonString()));

        Assert.Equal(["segment", "text.en", "text.ru"], await InvalidFieldsAsync(preview));
        Assert.Equal(["broadcastId", "text.de", "text.en"], await InvalidFieldsAsync(broadcast));
        using var list = await admin.GetAsync(Path("/api/admin/broadcasts"));
        Assert.Empty((await JsonAsync(list, HttpStatusCode.OK)).GetProperty("broadcasts").EnumerateArray());
    }

    private static string Body(string segment, string ru, string en) =>
        new JsonObject { ["segment"] = segment, ["text"] = new JsonObject { ["ru"] = ru, ["en"] = en } }.ToJsonString();

    private async Task<Dictionary<string, (int Members, int Reachable)>> Counts()
    {
        using var admin = app.AdminClient();
        using var response = await admin.GetAsync(Path("/api/admin/segments"));
        var json = await JsonAsync(response, HttpStatusCode.OK);
        return json.GetProperty("segments").EnumerateArray().ToDictionary(
            s => s.GetProperty("segment").GetString()!, s => (s.GetProperty("members").GetInt32(), s.GetProperty("reachable").GetInt32()));
    }
}
