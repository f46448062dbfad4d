using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Storage;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static LoyaltyBot.Functions.Tests.Admin.AdminHttp;
using static LoyaltyBot.Functions.Tests.Notifications.BotScenario;

namespace LoyaltyBot.Functions.Tests.Admin;

/// <summary>A customer's whole ledger (JSON pages and the accountant's CSV) and the owner's manual adjustments, through the real app.</summary>
public sealed class CustomerLedgerToolsTests(BotApp app) : IClassFixture<BotApp>
{
    private LedgerStore Ledger => app.Services.GetRequiredService<LedgerStore>();

    [Fact]
    public async Task PagesFollowedByTheirTokensShowTheWholeLedgerNewestFirst()
    {
        var (_, customer) = await RegisterAsync(app);
        for (var i = 1; i <= 7; i++)
        {
            Assert.True((await Ledger.GrantBonusAsync(customer.CustomerId, OperationKey.Of("test", $"b{i}"), i, $"bonus {i}", ProgramRules.Default, default)).IsSuccess);
        }

        var notes = new List<string?>();
        var sizes = new List<int>();
        string? token = null;
        do
        {
            var page = await GetJsonAsync($"/api/admin/customers/{customer.CustomerId}/ledger?pageSize=3{(token is null ? "" : "&continuationToken=" + token)}");
            Assert.Equal(customer.CustomerId, page.GetProperty("customerId").GetString());
            var entries = page.GetProperty("entries").EnumerateArray().ToList();
            sizes.Add(entries.Count);
            notes.AddRange(entries.Select(e => e.GetProperty("note").GetString()));
            token = page.GetProperty("continuationToken").GetString();
        }
        while (token is not null);

        Assert.Equal([3, 3, 1], sizes);
        Assert.Equal(Enumerable.Range(1, 7).Reverse().Select(i => $"bonus {i}"), notes);
    }

    [Fact]
    public async Task TheCsvHoldsEveryEntryAndReadsBackAsTheLedger()
    {
        var (_, customer) = await RegisterAsync(app, withChat: false);
        var merchant = await MerchantAsync(app, "Кофейня");
        var purchase = Purchase.Create(merchant.MerchantId, "p-1", 1234.5m, "RUB", DateTimeOffset.UtcNow.AddMinutes(-3), null, 0, ProgramRules.Default).Value;
        Assert.True((await Ledger.EarnAsync(customer.CustomerId, purchase, ProgramRules.Default, [], default)).IsSuccess);
        await PostAdjustmentAsync(customer.CustomerId, new { adjustmentId = "a-1", points = 25, reason = "Компенсация, \"опоздание\"\nвторая строка", by = "=Anna" });
        await PostAdjustmentAsync(customer.CustomerId, new { adjustmentId = "a-2", points = -5, reason = "typo" });

        using var admin = app.AdminClient();
        using var response = await admin.GetAsync(Path($"/api/admin/customers/{customer.CustomerId}/ledger.csv"));
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal($"ledger-{customer.CustomerId}.csv", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), bytes[..3]);
        var rows = ParseCsv(Encoding.UTF8.GetString(bytes[3..]));
        Assert.Equal(["entryId", "recordedAt", "occurredAt", "kind", "points", "balanceAfter", "merchantId", "operationId", "amount", "currency", "note", "by"], rows[0]);

        var ledger = (await GetJsonAsync($"/api/admin/customers/{customer.CustomerId}/ledger")).GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(ledger.Count, rows.Count - 1);
        Assert.Equal(
            ledger.Select(e => (e.GetProperty("id").GetString(), e.GetProperty("kind").GetString(), e.GetProperty("delta").GetInt64(), e.GetProperty("balanceAfter").GetInt64())),
            rows.Skip(1).Select(r => ((string?)r[0], (string?)r[3], long.Parse(r[4], CultureInfo.InvariantCulture), long.Parse(r[5], CultureInfo.InvariantCulture))));
        Assert.Equal(["adjust", "adjust", "earn"], rows.Skip(1).Select(r => r[3]));
        Assert.Equal(("Компенсация, \"опоздание\"\nвторая строка", "'=Anna", "a-1"), (rows[2][10], rows[2][11], rows[2][7]));
        Assert.Equal(("typo", "admin"), (rows[1][10], rows[1][11]));
        var earn = rows[3];
        Assert.Equal((merchant.MerchantId, "p-1", 1234.5m, "RUB"), (earn[6], earn[7], decimal.Parse(earn[8], CultureInfo.InvariantCulture), earn[9]));
        Assert.Equal(purchase.OccurredAt.UtcDateTime, DateTimeOffset.Parse(earn[2], CultureInfo.InvariantCulture).UtcDateTime, TimeSpan.FromMilliseconds(1));
        Assert.Equal(ledger.Sum(e => e.GetProperty("delta").GetInt64()), rows.Skip(1).Sum(r => long.Parse(r[4], CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task AnAdjustmentIsAppliedOnceKeptWithWhoAndWhyAndToldOnce()
    {
        var (user, customer) = await RegisterAsync(app, "en");
        var body = new { adjustmentId = NewId("adj"), points = 150, reason = "Compensation: the order was late", by = "Anna" };

        var first = await PostAdjustmentAsync(customer.CustomerId, body);
        var replay = await PostAdjustmentAsync(customer.CustomerId, body);

        Assert.Equal((150L, 150L, "Anna", "Compensation: the order was late"),
            (first.GetProperty("points").GetInt64(), first.GetProperty("balance").GetInt64(), first.GetProperty("by").GetString(), first.GetProperty("reason").GetString()));
        Assert.Equal(first.GetRawText(), replay.GetRawText());
        var entry = Assert.Single((await GetJsonAsync($"/api/admin/customers/{customer.CustomerId}/ledger")).GetProperty("entries").EnumerateArray());
        Assert.Equal(("adjust", 150L, "Anna", "Compensation: the order was late", body.adjustmentId),
            (entry.GetProperty("kind").GetString(), entry.GetProperty("delta").GetInt64(), entry.GetProperty("by").GetString(), entry.GetProperty("note").GetString(),
                entry.GetProperty("operationId").GetString()));
        await MessageToAsync(app, user, "150 points have been added to your account. Your balance: 150 points.");

        var down = await PostAdjustmentAsync(customer.CustomerId, new { adjustmentId = NewId("adj"), points = -50, reason = "Entered twice" });
        Assert.Equal((-50L, 100L, "admin"), (down.GetProperty("points").GetInt64(), down.GetProperty("balance").GetInt64(), down.GetProperty("by").GetString()));
        await MessageToAsync(app, user, "50 points have been taken off your account. Your balance: 100 points.");
        await WhenQueueIsEmptyAsync(app);
        Assert.Equal(2, MessagesTo(app, user).Count);
    }

    [Fact]
    public async Task AnAdjustmentIdUsedWithAnotherBodyOrTakingMoreThanTheBalanceChangesNothing()
    {
        var (_, customer) = await RegisterAsync(app);
        var adjustmentId = NewId("adj");
        await PostAdjustmentAsync(customer.CustomerId, new { adjustmentId, points = 10, reason = "gift" });

        using var admin = app.AdminClient();
        using var reused = await admin.PostAsync(Path($"/api/admin/customers/{customer.CustomerId}/adjustments"), Json(JsonSerializer.Serialize(new { adjustmentId, points = 20, reason = "gift" })));
        using var tooMuch = await admin.PostAsync(Path($"/api/admin/customers/{customer.CustomerId}/adjustments"),
            Json(JsonSerializer.Serialize(new { adjustmentId = NewId("adj"), points = -11, reason = "take back" })));

        Assert.Equal("adjustmentId", (await ProblemAsync(reused, HttpStatusCode.Conflict)).GetProperty("field").GetString());
        Assert.Equal("points", (await ProblemAsync(tooMuch, HttpStatusCode.UnprocessableEntity)).GetProperty("field").GetString());
        Assert.Equal(10, (await Ledger.GetAccountAsync(customer.CustomerId, default))!.Balance);
        Assert.Single(await Ledger.ReadEntriesAsync(customer.CustomerId, null, default));
    }

    [Fact]
    public async Task ACustomerTheBotCannotReachIsAdjustedWithNothingQueued()
    {
        var (_, customer) = await RegisterAsync(app, withChat: false);
        var counter = app.Services.GetRequiredService<StorageAccount>().Counter;
        var before = NotificationPuts(counter);

        await PostAdjustmentAsync(customer.CustomerId, new { adjustmentId = NewId("adj"), points = 40, reason = "gift" });

        Assert.Equal(40, (await Ledger.GetAccountAsync(customer.CustomerId, default))!.Balance);
        Assert.Equal(before, NotificationPuts(counter));
    }

    [Theory]
    [InlineData("""{"points": 5, "reason": "r"}""", "adjustmentId")]
    [InlineData("""{"adjustmentId": "a", "points": 0, "reason": "r"}""", "points")]
    [InlineData("""{"adjustmentId": "a", "points": 2.5, "reason": "r"}""", "points")]
    [InlineData("""{"adjustmentId": "a", "points": 5}""", "reason")]
    [InlineData("""{"adjustmentId": "a", "points": 5, "reason": "  "}""", "reason")]
    [InlineData("""{"adjustmentId": "a", "points": 5, "reason": "r", "by": 7}""", "by")]
    [InlineData("""{"adjustmentId": "a", "pointz": 5, "reason": "r"}""", "points,pointz")]
    public async Task AMalformedAdjustmentIsRefusedNamingTheField(string body, string fields)
    {
        var (_, customer) = await RegisterAsync(app);
        using var admin = app.AdminClient();

        using var response = await admin.PostAsync(Path($"/api/admin/customers/{customer.CustomerId}/adjustments"), Json(body));

        Assert.Equal(fields.Split(','), await InvalidFieldsAsync(response));
        Assert.Empty(await Ledger.ReadEntriesAsync(customer.CustomerId, null, default));
    }

    [Theory]
    [InlineData("?pageSize=0", "pageSize")]
    [InlineData("?pageSize=1001", "pageSize")]
    [InlineData("?continuationToken=bm90LWEta2V5", "continuationToken")]
    public async Task AMalformedLedgerQueryIsRefusedNamingTheField(string query, string field)
    {
        var (_, customer) = await RegisterAsync(app);
        using var admin = app.AdminClient();

        using var response = await admin.GetAsync(Path($"/api/admin/customers/{customer.CustomerId}/ledger{query}"));

        Assert.Equal([field], await InvalidFieldsAsync(response));
    }

    [Theory]
    [InlineData("GET", "ledger")]
    [InlineData("GET", "ledger.csv")]
    [InlineData("POST", "adjustments")]
    public async Task AnUnknownCustomerIsNotFound(string method, string tail)
    {
        using var admin = app.AdminClient();
        foreach (var customerId in new[] { "c0000000000000000000000000000000", "not%20an%20id" })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), Path($"/api/admin/customers/{customerId}/{tail}"))
            {
                Content = method == "POST" ? Json("""{"adjustmentId": "a", "points": 5, "reason": "r"}""") : null,
            };
            using var response = await admin.SendAsync(request);
            await ProblemAsync(response, HttpStatusCode.NotFound);
        }
    }

    private async Task<JsonElement> PostAdjustmentAsync(string customerId, object body)
    {
        using var admin = app.AdminClient();
        using var response = await admin.PostAsync(Path($"/api/admin/customers/{customerId}/adjustments"), Json(JsonSerializer.Serialize(body)));
        return await JsonAsync(response, HttpStatusCode.Created);
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var admin = app.AdminClient();
        using var response = await admin.GetAsync(Path(path));
        return await JsonAsync(response, HttpStatusCode.OK);
    }

    private static long NotificationPuts(StorageRequestCounter counter) =>
        counter.Counts().Where(c => c.Kind == "queue POST" && c.Resource == QueueNames.Notifications).Sum(c => c.Count);

    /// <summary>RFC 4180: fields split by commas, quoted fields may hold commas, quotes (doubled) and line breaks; rows end with CRLF.</summary>
    private static List<string[]> ParseCsv(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                rows.Add([.. row]);
                row.Clear();
                i++;
            }
            else
            {
                field.Append(c);
            }
        }

        Assert.True(row.Count == 0 && field.Length == 0, "the last row ends with CRLF");
        return rows;
    }
}
