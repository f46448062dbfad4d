using System.Net;
using System.Text.Json.Nodes;
using LoyaltyBot.Functions.Broadcasts;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Storage;
using LoyaltyBot.Functions.Tests.Infrastructure;
using LoyaltyBot.TelegramDouble;
using Microsoft.Extensions.DependencyInjection;
using static LoyaltyBot.Functions.Tests.Admin.AdminHttp;
using static LoyaltyBot.Functions.Tests.Notifications.BotScenario;

namespace LoyaltyBot.Functions.Tests.Broadcasts;

/// <summary>A broadcast to a thousand members of the real app, through the notifications queue to the Bot API double.</summary>
public sealed class BroadcastDeliveryTests(BotApp app) : IClassFixture<BotApp>
{
    private const int Reachable = 1000;
    private const int Blocked = 20;
    private const int WithoutChat = 10;
    private const string Ru = "Всю неделю двойные баллы на кофе!";
    private const string En = "Double points on coffee all week!";

    [Fact]
    public async Task AThousandMembersGetItOnceEachWithinTelegramsLimitsAndRetriesOrReRunsSendNothingMore()
    {
        var members = await RegisterManyAsync(Reachable, withChat: true);
        var blocked = await RegisterManyAsync(Blocked, withChat: true);
        var silent = await RegisterManyAsync(WithoutChat, withChat: false);
        var ledger = app.Services.GetRequiredService<LedgerStore>();
        foreach (var (_, account) in blocked)
        {
            await ledger.UpdateProfileAsync(account.CustomerId, p => p with { Unreachable = true }, default);
        }

        // As Telegram's flood control: a 31st message within a second would be refused with 429.
        app.Telegram.SendsPerSecondLimit = 30;
        using var admin = app.AdminClient();
        var body = Broadcast("coffee-week", "all");
        using var first = await admin.PostAsync(Path("/api/admin/broadcasts"), Json(body));
        using var retry = await admin.PostAsync(Path("/api/admin/broadcasts"), Json(body));

        foreach (var answer in new[] { await JsonAsync(first, HttpStatusCode.Accepted), await JsonAsync(retry, HttpStatusCode.Accepted) })
        {
            Assert.Equal("coffee-week", answer.GetProperty("broadcastId").GetString());
            Assert.Equal(Reachable, answer.GetProperty("recipients").GetInt32());
            Assert.Equal(Blocked + WithoutChat, answer.GetProperty("skipped").GetInt32());
        }

        await FunctionsHarness.EventuallyAsync(() => Task.FromResult(Broadcasts().Count >= Reachable), "every member got the broadcast", TimeSpan.FromMinutes(3));
        await WhenEverythingIsSentAsync();

        var sends = Broadcasts();
        Assert.Equal(Reachable, sends.Count);
        Assert.Equal(members.Select(m => m.User.Id).Order(), sends.Select(c => c.ChatId!.Value).Order());
        Assert.All(members, m => Assert.Equal(m.Account.Profile.Language == "en" ? En : Ru, Assert.Single(sends, c => c.ChatId == m.User.Id).Text));
        Assert.DoesNotContain(app.Telegram.Calls, c => blocked.Concat(silent).Any(m => m.User.Id == c.ChatId));
        AssertWithinTelegramsLimits(app.Telegram.CallsOf("sendMessage"));
        Assert.Empty(app.Telegram.CallsOf("sendMessage!429"));
        using var list = await admin.GetAsync(Path("/api/admin/broadcasts"));
        var listed = (await JsonAsync(list, HttpStatusCode.OK)).GetProperty("broadcasts").EnumerateArray().Single(b => b.GetProperty("broadcastId").GetString() == "coffee-week");
        Assert.Equal("sent", listed.GetProperty("status").GetString());
        Assert.Equal(Reachable, listed.GetProperty("queued").GetInt32());

        // The same request again, and the fan-out run again from its first page as after a crash: nothing more is sent.
        using var again = await admin.PostAsync(Path("/api/admin/broadcasts"), Json(body));
        Assert.Equal(Reachable, (await JsonAsync(again, HttpStatusCode.Accepted)).GetProperty("recipients").GetInt32());
        await RewindAsync("coffee-week");
        await app.RunFunctionAsync("SendBroadcast", "{\"broadcastId\":\"coffee-week\",\"page\":\"\"}");
        await FunctionsHarness.EventuallyAsync(async () => (await app.Services.GetRequiredService<BroadcastStore>().FindAsync("coffee-week", default))!.Value.Broadcast.Status == "sent",
            "the re-run reached the last page", TimeSpan.FromMinutes(3));
        await WhenEverythingIsSentAsync();
        Assert.Equal(Reachable, Broadcasts().Count);
    }

    [Fact]
    public async Task AnIdUsedForAnotherTextIsAConflictAndSendsNothing()
    {
        using var admin = app.AdminClient();
        using var first = await admin.PostAsync(Path("/api/admin/broadcasts"), Json(Broadcast("tea-week", "tier:Gold")));
        await JsonAsync(first, HttpStatusCode.Accepted);

        using var other = await admin.PostAsync(Path("/api/admin/broadcasts"), Json(Broadcast("tea-week", "all")));

        Assert.Contains("another segment or with another text", (await ProblemAsync(other, HttpStatusCode.Conflict)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static string Broadcast(string id, string segment) =>
        new JsonObject { ["broadcastId"] = id, ["segment"] = segment, ["text"] = new JsonObject { ["ru"] = Ru, ["en"] = En } }.ToJsonString();

    private List<BotApiCall> Broadcasts() => [.. app.Telegram.CallsOf("sendMessage").Where(c => c.Text is Ru or En)];

    /// <summary>At most 30 messages start in any second: any 31 in a row span more than a second.</summary>
    private static void AssertWithinTelegramsLimits(IReadOnlyList<BotApiCall> sends)
    {
        var times = sends.Select(c => c.At).Order().ToList();
        Assert.All(times.Zip(times.Skip(30)), pair => Assert.True(pair.Second - pair.First >= TimeSpan.FromSeconds(1),
            $"31 messages within {(pair.Second - pair.First).TotalMilliseconds} ms"));
    }

    /// <summary>Sets the broadcast back to its first page, as if the fan-out had stopped before recording any.</summary>
    private async Task RewindAsync(string broadcastId)
    {
        var store = app.Services.GetRequiredService<BroadcastStore>();
        var (broadcast, etag) = (await store.FindAsync(broadcastId, default))!.Value;
        Assert.True(await store.TryReplaceAsync(broadcast with { Status = Functions.Broadcasts.Broadcast.Sending, Page = "", Queued = 0, FinishedAt = null }, etag, default));
    }

    private async Task WhenEverythingIsSentAsync()
    {
        await FunctionsHarness.EventuallyAsync(async () =>
            (await app.Storage.Queue(QueueNames.Broadcasts).GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, "the broadcasts queue is empty", TimeSpan.FromMinutes(1));
        await FunctionsHarness.EventuallyAsync(async () =>
            (await Queue(app).GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, "the notifications queue is empty", TimeSpan.FromMinutes(3));
    }

    private async Task<IReadOnlyList<(TelegramUser User, Domain.Ledger.CustomerAccount Account)>> RegisterManyAsync(int count, bool withChat)
    {
        var registered = new System.Collections.Concurrent.ConcurrentBag<(TelegramUser, Domain.Ledger.CustomerAccount)>();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (i, _) => registered.Add(await RegisterAsync(app, i % 2 == 0 ? "ru" : "en", withChat)));
        return [.. registered];
    }
}
