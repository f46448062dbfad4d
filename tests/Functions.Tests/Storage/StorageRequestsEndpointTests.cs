using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using LoyaltyBot.Functions.Admin;
using LoyaltyBot.Functions.Storage;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyBot.Functions.Tests.Storage;

/// <summary><c>/api/admin/storage-requests</c>: the app's storage request counter, read and reset by an operator (and the benchmark).</summary>
public sealed class StorageRequestsEndpointTests(LoyaltyApp app) : IClassFixture<LoyaltyApp>
{
    private static readonly Uri Route = new(StorageRequestsEndpoint.Route, UriKind.Relative);

    [Fact]
    public async Task WithoutTheAdminKeyReadingAndResettingAre401()
    {
        using var read = await app.Client.GetAsync(Route);
        using var reset = await app.Client.DeleteAsync(Route);

        Assert.Equal(HttpStatusCode.Unauthorized, read.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, reset.StatusCode);
    }

    [Fact]
    public async Task ItCountsTheAppsStorageRequestsByKindAndAResetStartsAgain()
    {
        using var admin = app.AdminClient();
        using var reset = await admin.DeleteAsync(Route);
        var table = app.Storage.Table(TableNames.Program);
        var key = Guid.NewGuid().ToString("N");
        // Requests made through the app's own clients are what the counter sees.
        await table.AddEntityAsync(new TableEntity(key, "-"));
        await table.GetEntityAsync<TableEntity>(key, "-");
        await table.GetEntityAsync<TableEntity>(key, "-");

        var counts = await admin.GetFromJsonAsync<JsonElement>(Route);

        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        var byKind = Read(counts, "byKind");
        var byResource = Read(counts, "byResource");
        // Exactly: nothing else in the app writes or reads tables while it is idle (its queue listener polls the queue).
        Assert.Equal(1, byKind.GetValueOrDefault("table POST"));
        Assert.Equal(2, byKind.GetValueOrDefault("table GET"));
        Assert.Equal(1, byResource.GetValueOrDefault("table POST Program"));
        Assert.Equal(2, byResource.GetValueOrDefault("table GET Program"));
        Assert.Equal(byKind.Values.Sum(), counts.GetProperty("total").GetInt64());
        Assert.Equal(byResource.Values.Sum(), counts.GetProperty("total").GetInt64());
        using var again = await admin.DeleteAsync(Route);
        Assert.Equal(0, app.Services.GetRequiredService<StorageRequestCounter>().Snapshot().GetValueOrDefault("table GET"));
    }

    [Fact]
    public async Task ItCountsTheBytesOfRequestAndResponseBodiesByKindAndTable()
    {
        using var admin = app.AdminClient();
        using var reset = await admin.DeleteAsync(Route);
        var table = app.Storage.Table(TableNames.Program);
        var key = Guid.NewGuid().ToString("N");
        await table.AddEntityAsync(new TableEntity(key, "-") { ["Text"] = new string('x', 20_000) });
        await table.GetEntityAsync<TableEntity>(key, "-");

        var counts = await admin.GetFromJsonAsync<JsonElement>(Route);

        var sent = Read(counts, "bytesSentByResource");
        var received = Read(counts, "bytesReceivedByResource");
        // The entity as JSON: its 20 000 characters and a few hundred bytes of keys, names and metadata. The insert's
        // answer carries no entity, the read's request no body.
        Assert.InRange(sent["table POST Program"], 20_000, 21_000);
        Assert.InRange(received["table POST Program"], 0, 1_000);
        Assert.Equal(0, sent["table GET Program"]);
        Assert.InRange(received["table GET Program"], 20_000, 21_000);
        Assert.Equal(sent.Values.Sum(), counts.GetProperty("bytesSent").GetInt64());
        Assert.Equal(received.Values.Sum(), counts.GetProperty("bytesReceived").GetInt64());
    }

    [Fact]
    public async Task QueueRequestsNameTheirQueueAndEntityRequestsTheirTable()
    {
        var counter = new StorageRequestCounter();
        var storage = new StorageAccount(app.ConnectionString, counter);
        var queue = storage.Queue("storage-requests-test");
        await queue.CreateIfNotExistsAsync();
        var sent = await queue.SendMessageAsync("hello");
        await queue.DeleteMessageAsync(sent.Value.MessageId, sent.Value.PopReceipt);
        await storage.Table(TableNames.Program).GetEntityIfExistsAsync<TableEntity>("none", "-");

        var byResource = StorageRequestCounter.ByResource(counter.Counts());

        Assert.Equal(
            new Dictionary<string, long>
            {
                ["queue PUT storage-requests-test"] = 1,
                ["queue POST storage-requests-test"] = 1,
                ["queue DELETE storage-requests-test"] = 1,
                ["table GET Program"] = 1,
            },
            byResource);
    }

    private static Dictionary<string, long> Read(JsonElement counts, string property) =>
        counts.GetProperty(property).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
}
