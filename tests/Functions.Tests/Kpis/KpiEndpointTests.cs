using System.Globalization;
using System.Net;
using System.Text.Json;
using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Customers;
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
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, rules.Zone).DateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

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
