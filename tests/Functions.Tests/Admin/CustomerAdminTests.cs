using System.Globalization;
using System.Net;
using System.Text.Json;
using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static LoyaltyBot.Functions.Tests.Admin.AdminHttp;

namespace LoyaltyBot.Functions.Tests.Admin;

public sealed class CustomerAdminTests(LoyaltyApp app) : IClassFixture<LoyaltyApp>
{
    private CustomerDirectory Directory => app.Services.GetRequiredService<CustomerDirectory>();

    private LedgerStore Ledger => app.Services.GetRequiredService<LedgerStore>();

    [Fact]
    public async Task ACustomerIsFoundByPhoneInAnyFormatByCardAndByTelegramUserId()
    {
        var (customer, telegramUserId, phone) = await RegisterAsync();
        var national = $"8 ({phone[2..5]}) {phone[5..8]}-{phone[8..10]}-{phone[10..]}";
        var card = (await Ledger.GetAccountAsync(customer, CancellationToken.None))!.Profile.CardNumber;

        foreach (var query in new[]
                 {
                     $"phone={Uri.EscapeDataString(phone)}", $"phone={Uri.EscapeDataString(national)}", $"phone={phone}",
                     $"card={card}", $"card={Uri.EscapeDataString($"{card[..4]} {card[4..8]}-{card[8..]}")}",
                     $"telegramUserId={telegramUserId}",
                 })
        {
            var found = await GetAsync($"/api/admin/customers?{query}", HttpStatusCode.OK);
            Assert.True(customer == found.GetProperty("customerId").GetString(), query);
        }

        var byId = await GetAsync($"/api/admin/customers/{customer}", HttpStatusCode.OK);
        Assert.Equal(customer, byId.GetProperty("customerId").GetString());
    }

    [Fact]
    public async Task TheViewShowsPointsTierLotsAndEntriesButNotTheFullPhone()
    {
        var (customer, telegramUserId, phone) = await RegisterAsync();
        await EarnAsync(customer, 1_000m, ProgramRules.Default);
        await EarnAsync(customer, 2_000m, ProgramRules.Default with { PendingDays = 14 });

        var response = await GetTextAsync($"/api/admin/customers?telegramUserId={telegramUserId}");
        var view = JsonDocument.Parse(response).RootElement;

        Assert.Equal(
            ["customerId", "points", "debt", "tier", "nextTier", "trailingSpend", "inviteCode", "cardNumber", "phone", "telegramUserId",
             "language", "createdAt", "totals", "lots", "entries", "birthday"],
            Names(view));
        var points = view.GetProperty("points");
        Assert.Equal((30, 60, 90), (points.GetProperty("spendable").GetInt64(), points.GetProperty("pending").GetInt64(), points.GetProperty("balance").GetInt64()));
        Assert.Equal(0, view.GetProperty("debt").GetInt64());
        Assert.Equal("Bronze", view.GetProperty("tier").GetString());
        Assert.Equal("Silver", view.GetProperty("nextTier").GetProperty("name").GetString());
        Assert.Equal(12_000m, view.GetProperty("nextTier").GetProperty("spendToReach").GetDecimal());
        Assert.Equal(3_000m, view.GetProperty("trailingSpend").GetDecimal());
        Assert.Equal($"+7******{phone[^2..]}", view.GetProperty("phone").GetString());
        Assert.DoesNotContain(phone[2..], response, StringComparison.Ordinal);
        Assert.Equal(telegramUserId, view.GetProperty("telegramUserId").GetInt64());
        Assert.Equal("ru", view.GetProperty("language").GetString());
        Assert.Equal(90, view.GetProperty("totals").GetProperty("earned").GetInt64());

        var lots = view.GetProperty("lots").EnumerateArray().ToList();
        Assert.Equal(["id", "kind", "points", "remaining", "earnedAt", "availableAt", "expiresAt"], Names(lots[0]));
        Assert.Equal([("earned", 30L), ("earned", 60L)], lots.Select(l => (l.GetProperty("kind").GetString(), l.GetProperty("remaining").GetInt64())));

        var entries = view.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(["id", "kind", "delta", "balanceAfter", "recordedAt", "occurredAt", "merchantId", "amount", "currency", "note", "operationId", "by"], Names(entries[0]));
        Assert.Equal([(60L, 90L, 2_000m), (30L, 30L, 1_000m)], entries.Select(e => (e.GetProperty("delta").GetInt64(), e.GetProperty("balanceAfter").GetInt64(), e.GetProperty("amount").GetDecimal())));
        Assert.All(entries, e => Assert.Equal(("earn", "m1", "RUB"), (e.GetProperty("kind").GetString(), e.GetProperty("merchantId").GetString(), e.GetProperty("currency").GetString())));
    }

    [Fact]
    public async Task TheViewShowsOnlyTheLatestTwentyEntriesNewestFirst()
    {
        var (customer, _, _) = await RegisterAsync();
        for (var i = 1; i <= 22; i++)
        {
            var bonus = await Ledger.GrantBonusAsync(customer, OperationKey.Of("test", $"bonus-{i}"), i, $"bonus {i}", ProgramRules.Default, CancellationToken.None);
            Assert.True(bonus.IsSuccess);
        }

        var view = await GetAsync($"/api/admin/customers/{customer}", HttpStatusCode.OK);

        var notes = view.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("note").GetString()).ToList();
        Assert.Equal(Enumerable.Range(3, 20).Reverse().Select(i => $"bonus {i}"), notes);
        Assert.Equal(Enumerable.Range(1, 22).Sum(), view.GetProperty("points").GetProperty("balance").GetInt64());
    }

    [Fact]
    public async Task ACustomerWithoutAPhoneOrPendingPointsShowsNullsAndZeroes()
    {
        var registered = await Directory.RegisterAsync(new NewCustomer(TelegramUserId: Random.Shared.NextInt64(1, long.MaxValue), Language: "en"), ProgramRules.Default, CancellationToken.None);

        var view = await GetAsync($"/api/admin/customers/{registered.Value.CustomerId}", HttpStatusCode.OK);

        Assert.Equal(JsonValueKind.Null, view.GetProperty("phone").ValueKind);
        Assert.Equal("en", view.GetProperty("language").GetString());
        Assert.Equal(0, view.GetProperty("points").GetProperty("balance").GetInt64());
        Assert.Empty(view.GetProperty("lots").EnumerateArray());
        Assert.Empty(view.GetProperty("entries").EnumerateArray());
    }

    [Fact]
    public async Task NoOneFoundIsNotFound()
    {
        foreach (var path in new[]
                 {
                     "/api/admin/customers?phone=%2B79990001122", $"/api/admin/customers?card={CardNumber.NewRandom().Digits}",
                     "/api/admin/customers?telegramUserId=1", "/api/admin/customers/c0000000000000000000000000000000",
                     "/api/admin/customers/not%20an%20id",
                 })
        {
            using var admin = app.AdminClient();
            using var response = await admin.GetAsync(Path(path));
            var problem = await ProblemAsync(response, HttpStatusCode.NotFound);
            Assert.False(problem.GetProperty("detail").GetString()!.Contains("9990001122", StringComparison.Ordinal), path);
        }
    }

    [Theory]
    [InlineData("?name=Ivan", "name")]
    [InlineData("?phone=%2B79123456789&card=712345678903", "card,phone")]
    [InlineData("?phone=%2B79123456789&telegramUserId=5", "phone,telegramUserId")]
    [InlineData("?phone=%2B79123456789&phone=%2B79123456780", "phone")]
    [InlineData("?phone=", "phone")]
    [InlineData("?phone=12", "phone")]
    [InlineData("?phone=call-me", "phone")]
    [InlineData("?phone=%2B7%20912%20FLOWERS", "phone")]
    [InlineData("?card=1234", "card")]
    [InlineData("?card=712345678901", "card")]
    [InlineData("?telegramUserId=abc", "telegramUserId")]
    [InlineData("?telegramUserId=-5", "telegramUserId")]
    [InlineData("?telegramUserId=0", "telegramUserId")]
    [InlineData("?telegramUserId=99999999999999999999", "telegramUserId")]
    public async Task AMissingAmbiguousOrMalformedQueryIsRefusedNamingTheField(string query, string fields)
    {
        using var admin = app.AdminClient();

        using var response = await admin.GetAsync(Path($"/api/admin/customers{query}"));

        Assert.Equal(fields.Split(','), await InvalidFieldsAsync(response));
    }

    private async Task<(string CustomerId, long TelegramUserId, string Phone)> RegisterAsync()
    {
        var telegramUserId = Random.Shared.NextInt64(1, long.MaxValue);
        var phone = "+7912" + Random.Shared.Next(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture);
        var registered = await Directory.RegisterAsync(new NewCustomer(telegramUserId, PhoneNumber.Parse(phone).Value, "Test"), ProgramRules.Default, CancellationToken.None);
        return (registered.Value.CustomerId, telegramUserId, phone);
    }

    private async Task EarnAsync(string customerId, decimal amount, ProgramRules rules)
    {
        var purchase = Purchase.Create("m1", Guid.NewGuid().ToString("N"), amount, "RUB", DateTimeOffset.UtcNow.AddMinutes(-1), null, 0, rules).Value;
        var earned = await Ledger.EarnAsync(customerId, purchase, rules, [], CancellationToken.None);
        Assert.True(earned.IsSuccess);
    }

    private async Task<JsonElement> GetAsync(string path, HttpStatusCode expected)
    {
        using var admin = app.AdminClient();
        using var response = await admin.GetAsync(Path(path));
        return await JsonAsync(response, expected);
    }

    private async Task<string> GetTextAsync(string path)
    {
        using var admin = app.AdminClient();
        using var response = await admin.GetAsync(Path(path));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return text;
    }
}
