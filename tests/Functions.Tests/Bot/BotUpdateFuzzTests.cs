using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using LoyaltyBot.Functions.Bot;
using LoyaltyBot.Functions.Storage;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyBot.Functions.Tests.Bot;

/// <summary>
/// Ten thousand malformed updates, made reproducibly from valid ones of each kind the bot handles: every one is answered
/// 200, and accounts open only for senders of a /start that still is one.
/// </summary>
public sealed class BotUpdateFuzzTests(BotApp app) : IClassFixture<BotApp>
{
    private const int Seed = 4096;
    private const int UpdateCount = 10_000;

    /// <summary>Updates of one user go one after another, as Telegram sends them; the lanes run side by side.</summary>
    private const int Lanes = 4;

    private const int Members = 8;

    /// <summary>What a field becomes: missing, null, and each wrong JSON type.</summary>
    private static readonly Func<JsonNode?>?[] Mutations =
    [
        null, () => null, () => "string", () => 12345, () => true, () => new JsonObject(), () => new JsonArray(), () => 1e30, () => -42,
        () => new string('x', 5000),
    ];

    [Fact]
    public async Task TenThousandMalformedUpdatesAreAllAcknowledgedAndOpenAccountsOnlyForWellFormedStarts()
    {
        var random = new Random(Seed);
        var members = new List<TelegramUser>();
        for (var i = 0; i < Members; i++)
        {
            members.Add(new TelegramUser(random.NextInt64(10_000_000, 9_000_000_000), "Member", "en"));
            await app.StartAsync(members[^1]);
        }

        var callbacks = app.Services.GetRequiredService<CallbackData>();
        Func<TelegramUser, JsonObject>[] templates =
        [
            u => u.Text("/start"), u => u.Text("hello"), u => u.Text("/balance"), u => u.Contact("+79161234567"),
            u => u.Callback(callbacks.Create("lang", "en")), u => u.MyChatMember(blocked: true), u => u.Edited("/start"),
        ];
        var fuzzed = Fuzz(random, templates, members).Take(UpdateCount).ToList();
        var mayHaveAccount = members.Select(m => m.Id).Concat(fuzzed.Select(f => f.StartedBy).OfType<long>()).ToHashSet();

        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(fuzzed.GroupBy(f => f.Lane), new ParallelOptions { MaxDegreeOfParallelism = Lanes }, async (lane, _) =>
        {
            foreach (var update in lane)
            {
                using var response = await app.PostRawAsync(update.Body);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    failures.Add($"{(int)response.StatusCode} for {update.Body[..Math.Min(300, update.Body.Length)]}");
                }
            }
        });

        Assert.True(failures.IsEmpty, $"{failures.Count} updates were not answered 200, e.g. {failures.FirstOrDefault()}");
        var accounts = await TelegramAccountsAsync();
        Assert.All(accounts, id => Assert.True(id > 0 && mayHaveAccount.Contains(id), $"An account was opened for user {id}."));
        Assert.Contains(accounts, id => members.All(m => m.Id != id)); // Some /start stayed well-formed, so the check above had something to check.
        Assert.All(app.Telegram.Calls, c => Assert.True(c.ChatId is null or > 0, $"The bot wrote to chat {c.ChatId}."));
    }

    /// <summary>One malformed update: its JSON, the lane it is posted in, and the sender when it is a /start that may still open an account.</summary>
    private sealed record Fuzzed(string Body, int Lane, long? StartedBy);

    /// <summary>Each field of each template in turn, nested ones included, takes each mutation; then random mixes of two or three.</summary>
    private static IEnumerable<Fuzzed> Fuzz(Random random, Func<TelegramUser, JsonObject>[] templates, List<TelegramUser> members)
    {
        for (var round = 0; ; round++)
        {
            for (var t = 0; t < templates.Length; t++)
            {
                var paths = Paths(templates[t](members[0])).ToList();
                foreach (var path in paths)
                {
                    for (var m = 0; m < Mutations.Length; m++)
                    {
                        var changes = round == 0 ? [(path, m)] : Enumerable.Range(0, random.Next(2, 4)).Select(_ => (paths[random.Next(paths.Count)], random.Next(Mutations.Length))).ToList();
                        yield return Make(random, templates, t, members, changes);
                    }
                }
            }
        }
    }

    private static Fuzzed Make(Random random, Func<TelegramUser, JsonObject>[] templates, int template, List<TelegramUser> members, IReadOnlyList<(IReadOnlyList<object> Path, int Mutation)> changes)
    {
        // A /start comes from someone new, so that it may register them; the rest come as often from a member as from a stranger.
        var isStart = template == 0;
        var memberIndex = random.Next(members.Count);
        var user = !isStart && random.Next(2) == 0 ? members[memberIndex] : new TelegramUser(random.NextInt64(10_000_000, 9_000_000_000), "Fuzz", "en");
        var update = templates[template](user);
        foreach (var (path, mutation) in changes)
        {
            Mutate(update, path, Mutations[mutation]);
        }

        var sender = ((update["message"] as JsonObject)?["from"] as JsonObject)?["id"] is JsonValue id && long.TryParse(id.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var senderId) ? senderId : (long?)null;
        var lane = members.IndexOf(user) is >= 0 and var index ? index % Lanes : random.Next(Lanes);
        return new Fuzzed(update.ToJsonString(), lane, isStart ? sender : null);
    }

    /// <summary>Every field and array element, as the keys and indexes that lead to it, parents before children.</summary>
    private static IEnumerable<IReadOnlyList<object>> Paths(JsonNode? node, IReadOnlyList<object>? prefix = null)
    {
        prefix ??= [];
        var children = node switch
        {
            JsonObject o => o.Select(p => ((object)p.Key, p.Value)).ToList(),
            JsonArray a => a.Select((v, i) => ((object)i, v)).ToList(),
            _ => [],
        };
        foreach (var (key, child) in children)
        {
            IReadOnlyList<object> path = [.. prefix, key];
            yield return path;
            foreach (var nested in Paths(child, path))
            {
                yield return nested;
            }
        }
    }

    /// <summary>Sets the field at <paramref name="path"/> to the mutation's value, or removes it; nothing when an earlier change removed its parent.</summary>
    private static void Mutate(JsonObject update, IReadOnlyList<object> path, Func<JsonNode?>? mutation)
    {
        JsonNode? parent = update;
        foreach (var key in path.Take(path.Count - 1))
        {
            parent = key is string name ? (parent as JsonObject)?[name] : parent is JsonArray array && (int)key < array.Count ? array[(int)key] : null;
        }

        switch (parent, path[^1])
        {
            case (JsonObject o, string name) when o.ContainsKey(name):
                if (mutation is null)
                {
                    o.Remove(name);
                }
                else
                {
                    o[name] = mutation();
                }

                break;
            case (JsonArray a, int index) when index < a.Count:
                if (mutation is null)
                {
                    a.RemoveAt(index);
                }
                else
                {
                    a[index] = mutation();
                }

                break;
        }
    }

    /// <summary>The Telegram user ids of the Lookup table's <c>tg-&lt;id&gt;</c> rows: everyone with an account.</summary>
    private async Task<List<long>> TelegramAccountsAsync()
    {
        var lookup = app.Storage.Table(TableNames.Lookup);
        var ids = new List<long>();
        await foreach (var row in lookup.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey ge {"tg-"} and PartitionKey lt {"tg."}"), select: ["PartitionKey"]))
        {
            ids.Add(long.Parse(row.PartitionKey["tg-".Length..], CultureInfo.InvariantCulture));
        }

        return ids;
    }
}
