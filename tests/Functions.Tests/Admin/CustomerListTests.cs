using System.Globalization;
using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Storage;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static LoyaltyBot.Functions.Tests.Admin.AdminHttp;

namespace LoyaltyBot.Functions.Tests.Admin;

/// <summary>The owner's list of customers: paged, searched by name, phone or card, never showing an erased customer.</summary>
public sealed class CustomerListTests(LoyaltyApp app) : IClassFixture<LoyaltyApp>
{
    private CustomerDirectory Directory => app.Services.GetRequiredService<CustomerDirectory>();

    [Fact]
    public async Task PagesFollowedByTheirTokensListEveryCustomerOnceButNotTheErased()
    {
        var kept = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            kept.Add((await RegisterAsync($"Page Tester{i}")).CustomerId);
        }

        var erased = (await RegisterAsync("Erased Pager")).CustomerId;
        await EraseAsync(erased);

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await GetAsync($"/api/admin/customers?pageSize=2{(token is null ? "" : "&continuationToken=" + token)}");
            var ids = page.GetProperty("customers").EnumerateArray().Select(c => c.GetProperty("customerId").GetString()!).ToList();
            Assert.InRange(ids.Count, 0, 2);
            seen.AddRange(ids);
            token = page.GetProperty("continuationToken").GetString();
            Assert.True(++pages < 100, "the pages never end");
        }
        while (token is not null);

        Assert.All(kept, id => Assert.Single(seen, id));
        Assert.DoesNotContain(erased, seen);
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [Fact]
    public async Task ACustomerIsFoundByTheStartOfAnyWordOfTheirNameWhateverTheCaseOrYo()
    {
        var surname = RandomWord();
        var customer = (await RegisterAsync($"Фёдор {surname}")).CustomerId;
        var namesake = (await RegisterAsync($"Пётр {surname}")).CustomerId;

        Assert.Equal(new[] { customer, namesake }.Order(StringComparer.Ordinal), (await FoundAsync(surname[..6].ToUpperInvariant())).Order(StringComparer.Ordinal));
        Assert.Equal([customer], await FoundAsync($"федор {surname[..3]}"));
        Assert.Equal([namesake], await FoundAsync($"ПЁТР {surname}"));
        Assert.Empty(await FoundAsync(surname[1..]));
    }

    [Fact]
    public async Task ACustomerIsFoundByTheStartOfTheirPhoneOrCardAndShownWithTheirPhoneMasked()
    {
        var phone = "+7913" + Random.Shared.Next(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture);
        var account = await RegisterAsync("Phone Searched", phone);
        var card = account.Profile.CardNumber;

        foreach (var query in new[] { phone, phone[..9], $"8 ({phone[2..5]}) {phone[5..8]}-{phone[8..10]}-{phone[10..]}", card, $"{card[..4]} {card[4..8]}" })
        {
            Assert.Contains(account.CustomerId, await FoundAsync(query));
        }

        var text = await GetTextAsync($"/api/admin/customers?q={Uri.EscapeDataString(phone)}");
        var item = Assert.Single(JsonDocument.Parse(text).RootElement.GetProperty("customers").EnumerateArray());
        Assert.Equal(["customerId", "name", "phone", "cardNumber", "tier", "points", "createdAt", "lastPurchaseAt"], Names(item));
        Assert.Equal(("Phone Searched", $"+7******{phone[^2..]}", card, "Bronze"),
            (item.GetProperty("name").GetString(), item.GetProperty("phone").GetString(), item.GetProperty("cardNumber").GetString(), item.GetProperty("tier").GetString()));
        Assert.Equal(0, item.GetProperty("points").GetProperty("balance").GetInt64());
        Assert.DoesNotContain(phone[2..], text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnErasedCustomerIsFoundByNeitherNameNorPhoneNorCard()
    {
        var surname = RandomWord();
        var phone = "+7914" + Random.Shared.Next(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture);
        var account = await RegisterAsync($"Anna {surname}", phone);
        Assert.Equal([account.CustomerId], await FoundAsync(surname));

        await EraseAsync(account.CustomerId);

        Assert.Empty(await FoundAsync(surname));
        Assert.Empty(await FoundAsync(phone));
        Assert.Empty(await FoundAsync(account.Profile.CardNumber));
        var names = app.Storage.Table(TableNames.CustomerNames).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"CustomerId eq {account.CustomerId}"));
        Assert.Empty(await names.ToListAsync());
    }

    [Fact]
    public async Task ASearchPagesThroughItsHitsWithItsToken()
    {
        var surname = RandomWord();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await RegisterAsync($"{surname} Sibling{i}")).CustomerId);
        }

        var first = await GetAsync($"/api/admin/customers?q={surname}&pageSize=2");
        var token = first.GetProperty("continuationToken").GetString();
        Assert.NotNull(token);
        var second = await GetAsync($"/api/admin/customers?q={surname}&pageSize=2&continuationToken={token}");

        var found = first.GetProperty("customers").EnumerateArray().Concat(second.GetProperty("customers").EnumerateArray()).Select(c => c.GetProperty("customerId").GetString()).ToList();
        Assert.Equal(ids.Order(StringComparer.Ordinal), found.Order(StringComparer.Ordinal));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("continuationToken").ValueKind);

        using var admin = app.AdminClient();
        using var otherSearch = await admin.GetAsync(Path($"/api/admin/customers?q=79&continuationToken={token}"));
        Assert.Equal(["continuationToken"], await InvalidFieldsAsync(otherSearch));
    }

    [Theory]
    [InlineData("?pageSize=0", "pageSize")]
    [InlineData("?pageSize=201", "pageSize")]
    [InlineData("?q=ivan&pageSize=many", "pageSize")]
    [InlineData("?q=%21%21%3F", "q")]
    [InlineData("?continuationToken=%25%25", "continuationToken")]
    [InlineData("?surname=Ivanov", "surname")]
    public async Task AMalformedListQueryIsRefusedNamingTheField(string query, string field)
    {
        using var admin = app.AdminClient();

        using var response = await admin.GetAsync(Path($"/api/admin/customers{query}"));

        Assert.Equal([field], await InvalidFieldsAsync(response));
    }

    private static string RandomWord() => "Zq" + new string([.. Enumerable.Range(0, 10).Select(_ => (char)('a' + Random.Shared.Next(26)))]);

    private async Task<CustomerAccount> RegisterAsync(string name, string? phone = null)
    {
        var registered = await Directory.RegisterAsync(
            new NewCustomer(Random.Shared.NextInt64(1, long.MaxValue), phone is null ? null : PhoneNumber.Parse(phone).Value, name), ProgramRules.Default, CancellationToken.None);
        return registered.Value;
    }

    private async Task EraseAsync(string customerId) =>
        await app.Services.GetRequiredService<Erasure>().EraseAsync(customerId, 0, CancellationToken.None);

    /// <summary>Every customer the query finds, page after page.</summary>
    private async Task<List<string>> FoundAsync(string query)
    {
        var found = new List<string>();
        string? token = null;
        do
        {
            var page = await GetAsync($"/api/admin/customers?q={Uri.EscapeDataString(query)}&pageSize=200{(token is null ? "" : "&continuationToken=" + token)}");
            found.AddRange(page.GetProperty("customers").EnumerateArray().Select(c => c.GetProperty("customerId").GetString()!));
            token = page.GetProperty("continuationToken").GetString();
        }
        while (token is not null);

        return found;
    }

    private async Task<JsonElement> GetAsync(string path) => JsonDocument.Parse(await GetTextAsync(path)).RootElement.Clone();

    private async Task<string> GetTextAsync(string path)
    {
        using var admin = app.AdminClient();
        using var response = await admin.GetAsync(Path(path));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return text;
    }
}
