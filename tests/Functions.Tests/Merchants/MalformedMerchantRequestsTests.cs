using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Merchants;
using LoyaltyBot.Functions.Redemptions;
using LoyaltyBot.Functions.Storage;
using LoyaltyBot.Functions.Tests.Infrastructure;
using LoyaltyBot.Functions.Tests.Redemptions;
using Xunit.Abstractions;

namespace LoyaltyBot.Functions.Tests.Merchants;

/// <summary>
/// Ten thousand malformed merchant requests, each made from a valid signed body by breaking one field (nested ones too)
/// or the whole body, from a fixed seed so that a failure reproduces. None may get a 5xx; every 4xx is problem+json; and
/// what the app keeps is exactly what it accepted. AccruePurchase is off, so the <c>purchases</c> queue holds every
/// message the webhook sent.
/// </summary>
public sealed class MalformedMerchantRequestsTests(HeldPurchasesApp app, ITestOutputHelper output) : IClassFixture<HeldPurchasesApp>
{
    private const int Seed = 20261123;
    private const int Requests = 10_000;
    private const int Concurrency = 8;

    private enum Breakage
    {
        Missing, Null, String, Number, Bool, Object, Array, HugeNumber, EmptyString, LongString,
        NotAnObject, Truncated, RepeatedKey, RepeatedNestedKey,
    }

    private static readonly Breakage[] FieldBreakages = [.. Enum.GetValues<Breakage>().Where(b => b < Breakage.NotAnObject)];
    private static readonly Breakage[] BodyBreakages = [Breakage.NotAnObject, Breakage.Truncated, Breakage.RepeatedKey, Breakage.RepeatedNestedKey];

    [Fact]
    public async Task TenThousandMalformedRequestsNeverGetA5xxEachGetsAProblemAndOnlyWhatWasAcceptedIsKept()
    {
        var scenario = await RedemptionScenario.StartAsync(app, points: 1_000_000);
        var balanceBefore = await scenario.BalanceAsync();
        var random = new Random(Seed);
        var cases = Catalog().ToList();
        var requests = Enumerable.Range(0, Requests).Select(i => Break(cases[i % cases.Count], scenario.Code, random)).ToList();

        var answers = new Answer[requests.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, requests.Count), new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (i, cancellationToken) =>
        {
            using var response = await scenario.Till.PostAsync(requests[i].Operation, requests[i].Body);
            answers[i] = new Answer((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync(cancellationToken));
        });

        var wrong = new List<string>();
        var accepted = new List<(string Kind, string Id)>();
        long pointsApplied = 0;
        for (var i = 0; i < requests.Count; i++)
        {
            var (request, answer) = (requests[i], answers[i]);
            if (answer.Status >= 500 || (answer.Status >= 400 && !IsProblem(answer)) || answer.Status is < 200 or (>= 300 and < 400))
            {
                wrong.Add($"#{i} {request.Operation} {request.Description}: {answer.Status} {answer.MediaType} {answer.Text}");
            }
            else if (answer.Status < 300)
            {
                using var json = JsonDocument.Parse(answer.Text);
                var kind = request.Operation switch { "purchases" => RequestKinds.Purchase, "refunds" => RequestKinds.Refund, _ => RequestKinds.Redemption };
                accepted.Add((kind, json.RootElement.GetProperty(kind == RequestKinds.Redemption ? "redemptionId" : "id").GetString()!));
                pointsApplied += kind == RequestKinds.Redemption ? json.RootElement.GetProperty("pointsApplied").GetInt64() : 0;
            }
        }

        output.WriteLine($"{requests.Count} requests from {cases.Count} breakages: {accepted.Count} accepted; statuses {string.Join(", ", answers.GroupBy(a => a.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}"))}");
        Assert.True(wrong.Count == 0, $"{wrong.Count} wrong answers (seed {Seed}), first: {string.Join("\n", wrong.Take(5))}");
        var queued = accepted.Count(a => a.Kind != RequestKinds.Redemption);
        Assert.Equal(queued, (await app.Storage.Queue(QueueNames.Purchases).GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Equal(0, (await app.Storage.Queue(QueueNames.Purchases + StorageAccount.PoisonSuffix).GetPropertiesAsync()).Value.ApproximateMessagesCount);
        var recorded = await app.Storage.Table(TableNames.MerchantRequests).QueryAsync<TableEntity>(select: ["PartitionKey"]).Select(e => e.PartitionKey).ToListAsync();
        var expected = accepted.Select(a => StorageKeys.Safe($"{scenario.Till.MerchantId}-{a.Kind}-{a.Id}")).Order(StringComparer.Ordinal);
        Assert.Equal(expected, recorded.Order(StringComparer.Ordinal));
        Assert.Equal(balanceBefore - pointsApplied, await scenario.BalanceAsync());
    }

    /// <summary>Every field of every operation, nested ones included, broken every way; then the whole body broken every way.</summary>
    private static IEnumerable<Case> Catalog()
    {
        foreach (var operation in new[] { "purchases", "refunds", "redemptions" })
        {
            foreach (var field in Fields(operation))
            {
                foreach (var breakage in FieldBreakages)
                {
                    yield return new Case(operation, field, breakage);
                }
            }

            foreach (var breakage in BodyBreakages)
            {
                yield return new Case(operation, null, breakage);
            }
        }
    }

    private static string[] Fields(string operation) => operation switch
    {
        "purchases" => ["purchaseId", "phone", "amount", "currency", "occurredAt", "pointsRedeemed", "items",
            "items[0]", "items[0].sku", "items[0].category", "items[0].quantity", "items[0].price",
            "items[1]", "items[1].sku", "items[1].category", "items[1].quantity", "items[1].price"],
        "refunds" => ["refundId", "purchaseId", "amount", "currency"],
        _ => ["redemptionId", "code", "points", "purchaseAmount", "currency"],
    };

    /// <summary>A valid body for the operation with fresh values, then broken as the case says.</summary>
    private static Request Break(Case @case, string code, Random random)
    {
        var body = Valid(@case.Operation, code, random);
        if (@case.Field is { } field)
        {
            var (parent, name, index) = Locate(body, field);
            var value = Wrong(@case.Breakage, random);
            if (@case.Breakage == Breakage.Missing)
            {
                if (index is { } i)
                {
                    ((JsonArray)parent).RemoveAt(i);
                }
                else
                {
                    ((JsonObject)parent).Remove(name!);
                }
            }
            else if (index is { } i)
            {
                ((JsonArray)parent)[i] = value;
            }
            else
            {
                ((JsonObject)parent)[name!] = value;
            }

            return new Request(@case.Operation, Encoding.UTF8.GetBytes(body.ToJsonString()), $"{field} {@case.Breakage}");
        }

        var text = body.ToJsonString();
        var broken = @case.Breakage switch
        {
            Breakage.NotAnObject => random.GetItems<string>(["[]", "\"purchase\"", "42", "null", "true", $"[{text}]", ""], 1)[0],
            Breakage.Truncated => text[..random.Next(1, text.Length)],
            Breakage.RepeatedKey => RepeatFirst(text, "{", random),
            _ => RepeatFirst(text, @case.Operation == "purchases" ? "\"items\":[{" : "{\"extra\":{\"a\":1,", random),
        };
        return new Request(@case.Operation, Encoding.UTF8.GetBytes(broken), @case.Breakage.ToString());
    }

    /// <summary>Repeats the first property after <paramref name="opening"/> with another value (for the nested form, inside a nested object).</summary>
    private static string RepeatFirst(string text, string opening, Random random)
    {
        if (!text.Contains(opening, StringComparison.Ordinal))
        {
            text = text.Insert(1, "\"extra\":{\"a\":1},");
            opening = "\"extra\":{";
        }

        var start = text.IndexOf(opening, StringComparison.Ordinal) + opening.Length;
        var name = text[start..text.IndexOf(':', start)];
        return text.Insert(start, $"{name}:{random.Next(1, 1_000_000)},");
    }

    private static JsonObject Valid(string operation, string code, Random random) => operation switch
    {
        "purchases" => new JsonObject
        {
            ["purchaseId"] = Id("p", random),
            ["phone"] = "+7912" + random.Next(0, 10_000_000).ToString("D7", System.Globalization.CultureInfo.InvariantCulture),
            ["amount"] = random.Next(100, 100_000) / 100m,
            ["currency"] = "RUB",
            ["occurredAt"] = DateTimeOffset.UtcNow.AddMinutes(-random.Next(1, 10_000)).ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["pointsRedeemed"] = 0,
            ["items"] = new JsonArray(Item(random), Item(random)),
        },
        "refunds" => new JsonObject
        {
            ["refundId"] = Id("r", random),
            ["purchaseId"] = Id("p", random),
            ["amount"] = random.Next(100, 10_000) / 100m,
            ["currency"] = "RUB",
        },
        _ => new JsonObject
        {
            ["redemptionId"] = Id("rd", random),
            ["code"] = code,
            ["points"] = random.Next(1, 50),
            ["purchaseAmount"] = 1000,
            ["currency"] = "RUB",
        },
    };

    private static JsonObject Item(Random random) => new()
    {
        ["sku"] = Id("sku", random),
        ["category"] = random.GetItems<string>(["coffee", "bakery", "retail"], 1)[0],
        ["quantity"] = random.Next(1, 5),
        ["price"] = random.Next(0, 50_000) / 100m,
    };

    private static JsonNode? Wrong(Breakage breakage, Random random) => breakage switch
    {
        Breakage.Null or Breakage.Missing => null,
        Breakage.String => Id("s", random),
        Breakage.Number => random.GetItems<decimal>([-1m, 0m, 0.001m, 7m, 1.5m, random.Next()], 1)[0],
        Breakage.Bool => random.Next(2) == 0,
        Breakage.Object => new JsonObject { ["value"] = random.Next() },
        Breakage.Array => new JsonArray(random.Next(), Id("s", random)),
        Breakage.HugeNumber => JsonNode.Parse(random.GetItems<string>(["1e400", "-1e400", "123456789012345678901234567890123456789", "0.0000000000000000000000000000001"], 1)[0]),
        Breakage.EmptyString => "",
        _ => new string((char)random.Next('a', 'z' + 1), random.Next(1_000, 20_000)),
    };

    /// <summary>The node that holds <paramref name="path"/> (<c>amount</c>, <c>items[1]</c>, <c>items[1].sku</c>), and the name or index in it.</summary>
    private static (JsonNode Parent, string? Name, int? Index) Locate(JsonObject body, string path)
    {
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        var bracket = path.IndexOf('[', StringComparison.Ordinal);
        if (bracket < 0)
        {
            return (body, path, null);
        }

        var array = (JsonArray)body[path[..bracket]]!;
        var index = int.Parse(path[(bracket + 1)..path.IndexOf(']', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
        return dot < 0 ? (array, null, index) : (array[index]!, path[(dot + 1)..], null);
    }

    private static string Id(string prefix, Random random) => $"{prefix}-{random.NextInt64():x}";

    private static bool IsProblem(Answer answer)
    {
        if (answer.MediaType != "application/problem+json")
        {
            return false;
        }

        try
        {
            using var problem = JsonDocument.Parse(answer.Text);
            return problem.RootElement.TryGetProperty("status", out var status) && status.GetInt32() == answer.Status
            && problem.RootElement.TryGetProperty("title", out var title) && !string.IsNullOrWhiteSpace(title.GetString());
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private sealed record Case(string Operation, string? Field, Breakage Breakage);

    private sealed record Request(string Operation, byte[] Body, string Description);

    private sealed record Answer(int Status, string? MediaType, string Text);
}
