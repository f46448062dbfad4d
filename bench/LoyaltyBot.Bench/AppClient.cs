using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;

namespace LoyaltyBot.Bench;

/// <summary>
/// The storage requests the app counted: by kind and by kind and table or queue ("table GET Customers"), and the bytes
/// of their bodies it sent and received.
/// </summary>
internal sealed record StorageCounts(long Total, Dictionary<string, long> ByKind, Dictionary<string, long> ByResource, long BytesSent = 0, long BytesReceived = 0)
{
    public static readonly StorageCounts None = new(0, [], []);

    public long Of(string kindAndResource) => ByResource.GetValueOrDefault(kindAndResource);

    /// <summary>Purchases messages the app deleted, accrued or moved to purchases-poison: settled either way.</summary>
    public long PurchasesSettled => Of("queue DELETE purchases");

    public long PurchasesPoisoned => Of("queue POST purchases-poison");

    public long PurchasesAccrued => PurchasesSettled - PurchasesPoisoned;

    public StorageCounts Plus(StorageCounts other) => new(Total + other.Total, Add(ByKind, other.ByKind, 1), Add(ByResource, other.ByResource, 1),
        BytesSent + other.BytesSent, BytesReceived + other.BytesReceived);

    public StorageCounts Minus(StorageCounts other) => new(Total - other.Total, Add(ByKind, other.ByKind, -1), Add(ByResource, other.ByResource, -1),
        BytesSent - other.BytesSent, BytesReceived - other.BytesReceived);

    private static Dictionary<string, long> Add(Dictionary<string, long> left, Dictionary<string, long> right, int sign)
    {
        var sum = new Dictionary<string, long>(left, StringComparer.Ordinal);
        foreach (var (key, value) in right)
        {
            sum[key] = sum.GetValueOrDefault(key) + sign * value;
        }

        return sum;
    }
}

/// <summary>The app as a till and an operator see it: the merchant webhook and the admin API.</summary>
internal sealed class AppClient(Uri baseAddress, int clients, string adminKey) : IDisposable
{
    public const string AdminKeyHeader = "X-Admin-Key";
    private static readonly Uri StorageRequests = new("/api/admin/storage-requests", UriKind.Relative);

    /// <summary>One client for all workers, with a connection for each, as a till fleet behind one gateway would have.</summary>
    private readonly HttpClient http = new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = clients,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
    })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(60),
    };

    /// <summary>
    /// A merchant through <c>POST /api/admin/merchants</c>; while the app has no admin API yet, its row in the Merchants
    /// table as MerchantStore writes it. Returns the merchant id, its secret, and how it was made.
    /// </summary>
    public async Task<(string MerchantId, string Secret, string How)> CreateMerchantAsync(TableServiceClient tables)
    {
        using var request = Admin(HttpMethod.Post, new Uri("/api/admin/merchants", UriKind.Relative));
        request.Content = JsonContent.Create(new { name = "Bench Till" });
        using var response = await http.SendAsync(request);
        if (response.IsSuccessStatusCode)
        {
            var created = await response.Content.ReadFromJsonAsync<JsonElement>();
            return (created.GetProperty("merchantId").GetString()!, created.GetProperty("secret").GetString()!, "POST /api/admin/merchants");
        }

        if (response.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed))
        {
            throw new InvalidOperationException($"POST /api/admin/merchants answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        var merchantId = "m" + Guid.CreateVersion7().ToString("N")[..20];
        var secret = "whsec_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var merchants = tables.GetTableClient("Merchants");
        await merchants.CreateIfNotExistsAsync();
        await merchants.AddEntityAsync(new TableEntity(merchantId, "merchant")
        {
            ["Name"] = "Bench Till",
            ["Secret"] = secret,
            ["CreatedAt"] = DateTimeOffset.UtcNow,
        });
        return (merchantId, secret, "a Merchants row as MerchantStore writes it (no admin API on this build)");
    }

    /// <summary>Posts a signed purchase; null when it was accepted (202), otherwise what went wrong.</summary>
    public async Task<string?> PostPurchaseAsync(string merchantId, PurchaseBody purchase, string signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/merchants/{merchantId}/purchases", UriKind.Relative))
        {
            Content = new ByteArrayContent(purchase.Json),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("X-Loyalty-Signature", signature);
        using var response = await http.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.Accepted)
        {
            return null;
        }

        return $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}";
    }

    /// <summary>Starts or stops one queue or timer function's trigger in the running app: <c>POST /admin/functions/{name}/enable|disable</c>.</summary>
    public async Task SwitchAsync(string function, bool enable)
    {
        using var request = Admin(HttpMethod.Post, new Uri($"/admin/functions/{function}/{(enable ? "enable" : "disable")}", UriKind.Relative));
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    public async Task ResetStorageCountsAsync()
    {
        using var request = Admin(HttpMethod.Delete, StorageRequests);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    public async Task<StorageCounts> ReadStorageCountsAsync()
    {
        using var request = Admin(HttpMethod.Get, StorageRequests);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var counts = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new StorageCounts(counts.GetProperty("total").GetInt64(), Read(counts, "byKind"), Read(counts, "byResource"),
            counts.GetProperty("bytesSent").GetInt64(), counts.GetProperty("bytesReceived").GetInt64());
    }

    /// <summary>
    /// Waits until the app has settled <paramref name="count"/> purchases messages since its counter was reset: it deletes
    /// one only after the ledger commit and the notification, or once it moved it to purchases-poison. Read from the app's
    /// own counter, which costs Azurite nothing. The time is <paramref name="since"/>'s when the last was settled; null
    /// when none was settled for <paramref name="patience"/>.
    /// </summary>
    public async Task<(TimeSpan? Elapsed, StorageCounts Counts)> WaitUntilSettledAsync(int count, Stopwatch since, TimeSpan patience)
    {
        var lastSettled = -1L;
        var idle = Stopwatch.StartNew();
        while (true)
        {
            var counts = await ReadStorageCountsAsync();
            if (counts.PurchasesSettled >= count)
            {
                return (since.Elapsed, counts);
            }

            if (counts.PurchasesSettled != lastSettled)
            {
                (lastSettled, idle) = (counts.PurchasesSettled, Stopwatch.StartNew());
            }
            else if (idle.Elapsed > patience)
            {
                return (null, counts);
            }

            await Task.Delay(20);
        }
    }

    /// <summary><c>GET /api/admin/customers?phone=…</c>: the customer as support sees it (JSON), or null when the answer was not 200.</summary>
    public async Task<byte[]?> FindCustomerAsync(string phone)
    {
        using var request = Admin(HttpMethod.Get, new Uri($"/api/admin/customers?phone={Uri.EscapeDataString(phone)}", UriKind.Relative));
        using var response = await http.SendAsync(request);
        return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsByteArrayAsync() : null;
    }

    public void Dispose() => http.Dispose();

    private HttpRequestMessage Admin(HttpMethod method, Uri uri)
    {
        var request = new HttpRequestMessage(method, uri);
        request.Headers.Add(AdminKeyHeader, adminKey);
        return request;
    }

    private static Dictionary<string, long> Read(JsonElement counts, string property) =>
        counts.GetProperty(property).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64(), StringComparer.Ordinal);
}
