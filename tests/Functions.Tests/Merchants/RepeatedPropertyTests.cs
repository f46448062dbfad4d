using Azure.Data.Tables;
using LoyaltyBot.Functions.Storage;
using LoyaltyBot.Functions.Tests.Infrastructure;
using static LoyaltyBot.Functions.Tests.Admin.AdminHttp;

namespace LoyaltyBot.Functions.Tests.Merchants;

/// <summary>
/// A body that repeats a property (<c>"amount":100,"amount":900000</c>), at the top or deep inside, is refused on every route
/// that takes JSON from outside with a 400 naming the property's path, before anything is stored, queued or run.
/// </summary>
public sealed class RepeatedPropertyTests(HeldPurchasesApp app) : IClassFixture<HeldPurchasesApp>
{
    public static TheoryData<string, string, string> MerchantBodies => new()
    {
        { "purchases", Purchase("\"amount\":100,\"amount\":900000"), "amount" },
        { "purchases", Purchase("\"amount\":100,\"AMOUNT\":900000"), "AMOUNT" },
        { "purchases", Purchase("\"amount\":100,\"items\":[{\"sku\":\"A\",\"quantity\":1,\"price\":50},{\"sku\":\"B\",\"quantity\":1,\"price\":50},{\"sku\":\"C\",\"sku\":\"D\",\"quantity\":1,\"price\":0}]"), "items[2].sku" },
        { "refunds", "{\"refundId\":\"r-1\",\"purchaseId\":\"p-1\",\"amount\":10,\"amount\":1000}", "amount" },
        { "refunds", "{\"refundId\":\"r-1\",\"purchaseId\":\"p-1\",\"amount\":10,\"till\":{\"shift\":1,\"shift\":2}}", "till.shift" },
        { "redemptions", "{\"redemptionId\":\"rd-1\",\"code\":\"123456\",\"points\":10,\"points\":5000,\"purchaseAmount\":100}", "points" },
        { "redemptions", "{\"redemptionId\":\"rd-1\",\"code\":\"123456\",\"points\":10,\"purchaseAmount\":100,\"lines\":[[{\"a\":1,\"a\":2}]]}", "lines[0][0].a" },
    };

    [Theory]
    [MemberData(nameof(MerchantBodies))]
    public async Task AMerchantBodyWithARepeatedPropertyIsRefusedNamingItAndNothingIsRecordedOrQueued(string operation, string body, string path)
    {
        var till = await MerchantClient.CreateAsync(app);

        using var response = await till.PostAsync(operation, body);

        Assert.Equal([path], await InvalidFieldsAsync(response));
        var recorded = await app.Storage.Table(TableNames.MerchantRequests)
            .QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey ge {till.MerchantId} and PartitionKey lt {till.MerchantId + "~"}")).ToListAsync();
        Assert.Empty(recorded);
        Assert.Equal(0, (await app.Storage.Queue(QueueNames.Purchases).GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Theory]
    [InlineData("{\"name\":\"Coffee\",\"name\":\"Tea\"}", "name")]
    [InlineData("{\"name\":\"Coffee\",\"contact\":{\"email\":\"a@b.c\",\"Email\":\"d@e.f\"}}", "contact.Email")]
    public async Task ANewMerchantWithARepeatedPropertyIsRefusedNamingItAndNotCreated(string body, string path)
    {
        using var admin = app.AdminClient();
        var before = await MerchantRowsAsync();

        using var response = await admin.PostAsync(Path("/api/admin/merchants"), Json(body));

        Assert.Equal([path], await InvalidFieldsAsync(response));
        Assert.Equal(before, await MerchantRowsAsync());
    }

    [Theory]
    [InlineData("expiryDays", "expiryDays")]
    [InlineData("tiers[0]", "tiers[0].name")]
    public async Task AProgramDocumentWithARepeatedPropertyIsRefusedNamingItAndChangesNothing(string where, string path)
    {
        using var admin = app.AdminClient();
        var current = await (await admin.GetAsync(Path("/api/admin/program"))).Content.ReadAsStringAsync();
        var body = where == "expiryDays"
            ? current.Replace("\"expiryDays\":", "\"expiryDays\":1,\"expiryDays\":", StringComparison.Ordinal)
            : current.Replace("\"tiers\":[{", "\"tiers\":[{\"name\":\"Gold\",", StringComparison.Ordinal);
        Assert.NotEqual(current, body);

        using var response = await admin.PutAsync(Path("/api/admin/program"), Json(body));

        Assert.Equal([path], await InvalidFieldsAsync(response));
        Assert.Equal(current, await (await admin.GetAsync(Path("/api/admin/program"))).Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("{\"input\":\"\",\"input\":\"{}\"}", "input")]
    [InlineData("{\"input\":\"\",\"options\":[{\"retry\":true,\"retry\":false}]}", "options[0].retry")]
    public async Task RunNowWithARepeatedPropertyIsRefusedNamingItAndRunsNothing(string body, string path)
    {
        using var admin = app.AdminClient();

        using var response = await admin.PostAsync(Path("/admin/functions/AccruePurchase"), Json(body));

        // Run, AccruePurchase would fail on either input ("" or "{}") with a 500: the 400 says it never ran.
        Assert.Equal([path], await InvalidFieldsAsync(response));
    }

    private static string Purchase(string amountAndMore) =>
        $"{{\"purchaseId\":\"{MerchantClient.NewId("p")}\",\"phone\":\"{MerchantClient.NewPhone()}\",{amountAndMore},\"occurredAt\":\"{DateTimeOffset.UtcNow.AddMinutes(-1):O}\"}}";

    private async Task<int> MerchantRowsAsync() => (await app.Storage.Table(TableNames.Merchants).QueryAsync<TableEntity>().ToListAsync()).Count;
}
