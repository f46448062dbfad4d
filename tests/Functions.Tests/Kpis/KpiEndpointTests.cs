using System.Globalization;
using System.Net;
using System.Text.Json;
using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Kpis;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Merchants;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static LoyaltyBot.Functions.Tests.Admin.AdminHttp;

namespace LoyaltyBot.Functions.Tests.Kpis;

/// <summary><c>GET /api/admin/kpis</c> and <c>GET /api/admin/merchants</c> on the app, with purchases made through its own ledger.</summary>
public sealed class KpiEndpointTests(LoyaltyApp app) : IClassFixture<LoyaltyApp>
{
    public static TheoryData<string, string[]> BadQueries => new()
    {
        { "", ["from", "to"] },
        { "?from=2026-11-01", ["to"] },
        { "?from=2026-11-31&to=2026-12-01", ["from"] },
        { "?from=01.11.2026&to=2026-12-01", ["from"] },
        { "?from=2026-11-02&to=2026-11-01", ["to"] },
        { "?from=2024-01-01&to=2026-01-01", ["to"] },
    };

    [Fact]
    public async Task TheFiguresOfTodayCountTheMembersPurchasesAndPointsJustMade()
    {
        var ledger = app.Services.GetRequiredService<LedgerStore>();
        var directory = app.Services.GetRequiredService<CustomerDirectory>();
        var rules = ProgramRules.Default;
        var ann = (await directory.RegisterAsync(new NewCustomer(TelegramUserId: 501, Name: "Ann"), rules, default)).Value.CustomerId;
        var bob = (await directory.RegisterAsync(new NewCustomer(TelegramUserId: 502, Name: "Bob"), rules, default)).Value.CustomerId;
        var now = DateTimeOffset.UtcNow;
        Purchase Bought(decimal amount, string id, string merchant) => Purchase.Create(merchant, id, amount, "RUB", now, null, 0, rules).Value;
        var first = (await ledger.EarnAsync(ann, Bought(1_000m, "k1", "mA"), rules, [], default)).Value;
        var second = (await ledger.EarnAsync(ann, Bought(500m, "k2", "mB"), rules, [], default)).Value;
        // A replay of the first purchase changes nothing.
        await ledger.EarnAsync(ann, Bought(1_000m, "k1", "mA"), rules, [], default);
        var third = (await ledger.EarnAsync(bob, Bought(300m, "k3", "mA"), rules, [], default)).Value;
        var today = KpiKeys.DayOf(now, rules.Zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        using var admin = app.AdminClient();
        var all = await JsonAsync(await admin.GetAsync(Path($"/api/admin/kpis?from={today}&to={today}")), HttpStatusCode.OK);
        var ofA = await JsonAsync(await admin.GetAsync(Path($"/api/admin/kpis?from={today}&to={today}&merchantId=mA")), HttpStatusCode.OK);

        var issued = first.Entry.Delta + second.Entry.Delta + third.Entry.Delta;
        Assert.Equal(2, all.GetProperty("members").GetInt64());
        Assert.Equal(2, all.GetProperty("newMembers").GetInt64());
        Assert.Equal(2, all.GetProperty("activeCustomers").GetInt64());
        Assert.Equal(3, all.GetProperty("purchases").GetInt64());
        Assert.Equal(1_800m, all.GetProperty("revenue").GetDecimal());
        Assert.Equal(600m, all.GetProperty("averageOrderValue").GetDecimal());
        Assert.Equal(0.5m, all.GetProperty("repeatPurchaseRate").GetDecimal());
        Assert.Equal(issued, all.GetProperty("pointsIssued").GetInt64());
        Assert.Equal(0, all.GetProperty("pointsRedeemed").GetInt64());
        Assert.Equal(0, all.GetProperty("pointsExpired").GetInt64());
        Assert.Equal(issued, all.GetProperty("pointsOutstanding").GetInt64());
        Assert.Equal(3, all.GetProperty("tiers").GetProperty(rules.Tiers[0].Name).GetProperty("purchases").GetInt64());
        Assert.Equal(2, ofA.GetProperty("purchases").GetInt64());
        Assert.Equal(1_300m, ofA.GetProperty("revenue").GetDecimal());
        Assert.Equal(2, ofA.GetProperty("activeCustomers").GetInt64());
        Assert.Equal(first.Entry.Delta + third.Entry.Delta, ofA.GetProperty("pointsIssued").GetInt64());
        var day = Assert.Single(all.GetProperty("days").EnumerateArray());
        Assert.Equal((today, 2L, 3L, 1_800m), (day.GetProperty("day").GetString(), day.GetProperty("members").GetInt64(), day.GetProperty("purchases").GetInt64(),
            day.GetProperty("revenue").GetDecimal()));
        Assert.Equal(["mA", "mB"], all.GetProperty("merchants").EnumerateArray().Select(m => m.GetProperty("merchantId").GetString()));
        Assert.Equal(2, all.GetProperty("tierDistribution").GetProperty(rules.Tiers[0].Name).GetInt64());
        // Both opened the bot today (they registered in it): every member engaged.
        Assert.Equal(1m, all.GetProperty("engagementRate").GetDecimal());
        foreach (var field in new[] { "programCost", "incrementalRevenue", "roi", "phoneBindingRate", "birthdayBonusUseRate", "reviews", "averageRating" })
        {
            Assert.True(all.TryGetProperty(field, out _), field);
        }
    }

    [Theory]
    [MemberData(nameof(BadQueries))]
    public async Task AMissingOrMalformedPeriodIsRefusedNamingTheField(string query, string[] fields)
    {
        using var admin = app.AdminClient();

        Assert.Equal(fields, await InvalidFieldsAsync(await admin.GetAsync(Path("/api/admin/kpis" + query))));
    }

    [Fact]
    public async Task MerchantsAreListedAPageAtATimeOldestFirstWithoutTheirSecrets()
    {
        var store = app.Services.GetRequiredService<MerchantStore>();
        var created = new List<Merchant>();
        for (var i = 0; i < 3; i++)
        {
            created.Add(await store.CreateAsync($"Shop {i}", default));
        }

        using var admin = app.AdminClient();
        var listed = new List<string>();
        string? after = null;
        var pages = 0;
        do
        {
            var page = await JsonAsync(await admin.GetAsync(Path("/api/admin/merchants?pageSize=2" + (after is null ? "" : "&after=" + after))), HttpStatusCode.OK);
            Assert.DoesNotContain("secret", page.GetRawText(), StringComparison.OrdinalIgnoreCase);
            listed.AddRange(page.GetProperty("merchants").EnumerateArray().Select(m => m.GetProperty("merchantId").GetString()!));
            Assert.All(page.GetProperty("merchants").EnumerateArray(), m => Assert.Equal(["merchantId", "name", "createdAt"], Names(m)));
            after = page.TryGetProperty("next", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
            pages++;
        }
        while (after is not null && pages < 10);

        Assert.Equal(created.Select(m => m.MerchantId), listed.Where(created.Select(m => m.MerchantId).Contains));
        Assert.Equal(listed.Order(StringComparer.Ordinal), listed);
        Assert.Equal(["pageSize"], await InvalidFieldsAsync(await admin.GetAsync(Path("/api/admin/merchants?pageSize=0"))));
    }
}

/// <summary><c>GET /api/admin/kpis?format=csv</c>, on an app of its own, so that its members are only its own.</summary>
public sealed class KpiCsvTests(LoyaltyApp app) : IClassFixture<LoyaltyApp>
{
    [Fact]
    public async Task TheTableOfDaysComesAsACsvAttachmentWithATotalRow()
    {
        var ledger = app.Services.GetRequiredService<LedgerStore>();
        var directory = app.Services.GetRequiredService<CustomerDirectory>();
        var rules = ProgramRules.Default;
        var cleo = (await directory.RegisterAsync(new NewCustomer(TelegramUserId: 503, Name: "Cleo"), rules, default)).Value.CustomerId;
        var now = DateTimeOffset.UtcNow;
        await ledger.EarnAsync(cleo, Purchase.Create("mCsv", "c1", 1_234.5m, "RUB", now, null, 0, rules).Value, rules, [], default);
        var today = KpiKeys.DayOf(now, rules.Zone);
        var from = today.AddDays(-2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var to = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        using var admin = app.AdminClient();
        using var response = await admin.GetAsync(Path($"/api/admin/kpis?from={from}&to={to}&merchantId=mCsv&format=csv"));
        var csv = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal($"kpis-{from}-{to}-mCsv.csv", response.Content.Headers.ContentDisposition.FileName!.Trim('"'));
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("day,members,newMembers,activeCustomers,purchases,revenue,averageOrderValue,pointsIssued,pointsRedeemed,pointsExpired", lines[0]);
        Assert.Equal(5, lines.Length);
        Assert.StartsWith($"{to},", lines[3], StringComparison.Ordinal);
        // Invariant numbers: a point before the decimals, whatever the server's culture.
        Assert.Equal([1m, 1_234.5m, 1_234.5m], lines[3].Split(',')[4..7].Select(v => decimal.Parse(v, NumberStyles.Number, CultureInfo.InvariantCulture)));
        Assert.Equal(["total", "1", "1234.5"], new[] { lines[4].Split(',')[0], lines[4].Split(',')[4], lines[4].Split(',')[5] });
        Assert.Equal(["format"], await InvalidFieldsAsync(await admin.GetAsync(Path($"/api/admin/kpis?from={from}&to={to}&format=xls"))));
    }
}
