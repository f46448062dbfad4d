using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Storage;
using Microsoft.Extensions.Options;

namespace LoyaltyBot.Functions.Merchants;

/// <summary>
/// How many failed look-ups of a redemption code, card number or Telegram user id a merchant's tills may make in one
/// window before further look-ups are refused (settings <c>MerchantThrottle__&lt;name&gt;</c>).
/// </summary>
public sealed class LookupThrottleOptions
{
    public const string Section = "MerchantThrottle";

    /// <summary>Per till address: a cashier mistypes a code or a card once or twice, not five times in five minutes.</summary>
    public int FailuresPerAddress { get; set; } = 5;

    /// <summary>Per merchant, all addresses together: the hard bound, since a till can forge its forwarded address.</summary>
    public int FailuresPerMerchant { get; set; } = 20;

    /// <summary>Fixed windows aligned to the Unix epoch; a throttled till may try again when its window ends.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>Whether a look-up may go ahead, and the slot it holds while it runs (<see cref="LookupThrottle.EnterAsync"/>).</summary>
public sealed class LookupPermit : IDisposable
{
    private readonly Func<CancellationToken, Task>? recordFailure;
    private SemaphoreSlim? slot;

    internal LookupPermit(SemaphoreSlim slot, TimeSpan? retryAfter, Func<CancellationToken, Task>? recordFailure)
    {
        this.slot = slot;
        RetryAfter = retryAfter;
        this.recordFailure = recordFailure;
    }

    /// <summary>Set when the till is throttled: the look-up must not run, and the till may try again after this long.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The key looked up was unknown, expired or used: counts toward both limits.</summary>
    public Task FailedAsync(CancellationToken cancellationToken) => recordFailure?.Invoke(cancellationToken) ?? Task.CompletedTask;

    public void Dispose() => Interlocked.Exchange(ref slot, null)?.Release();
}

/// <summary>
/// Bounds what a merchant's tills can learn by trying keys: failed look-ups are counted per merchant and per till
/// address in the Throttle table, and once either count reaches its limit in the current window, look-ups are refused
/// before they run. Partition = merchant and window (a small partition: throttled requests write nothing), one row per
/// failure keyed by a hash of the address, so a failure is one insert with nothing to contend on and the check is one
/// query of that partition. Old windows are never read again; see docs/merchant-api.md for why they are left.
/// </summary>
public sealed partial class LookupThrottle(StorageAccount storage, TimeProvider time, IOptions<LookupThrottleOptions> options, ILogger<LookupThrottle> logger)
{
    private readonly TableClient table = storage.Table(TableNames.Throttle);
    private readonly LookupThrottleOptions limits = options.Value;

    /// <summary>
    /// Look-ups of one merchant running at once in this instance: concurrent look-ups all see the count from before any
    /// of them failed, so this bounds how far a burst can overshoot it. More wait their turn.
    /// </summary>
    private readonly ConcurrentDictionary<string, SemaphoreSlim> slots = new(StringComparer.Ordinal);

    /// <summary>
    /// Waits for a slot of the merchant's and checks the counts (one storage request). Dispose the permit once the
    /// look-up's outcome is known.
    /// </summary>
    public async Task<LookupPermit> EnterAsync(string merchantId, string address, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(merchantId);
        var slot = slots.GetOrAdd(merchantId, _ => new SemaphoreSlim(limits.FailuresPerAddress));
        await slot.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            var window = WindowStart(now);
            var partition = Partition(merchantId, window);
            var addressKey = AddressKey(merchantId, address);
            var (merchantFailures, addressFailures) = await CountAsync(partition, addressKey, cancellationToken);
            if (merchantFailures >= limits.FailuresPerMerchant || addressFailures >= limits.FailuresPerAddress)
            {
                return new LookupPermit(slot, RetryAfter(window, now), null);
            }

            return new LookupPermit(slot, null, async ct =>
            {
                await AddFailureAsync(merchantId, addressKey, ct);
                if (merchantFailures + 1 == limits.FailuresPerMerchant || addressFailures + 1 == limits.FailuresPerAddress)
                {
                    LogLimitReached(logger, merchantId, addressKey, merchantFailures + 1, addressFailures + 1, window + limits.Window);
                }
            });
        }
        catch
        {
            slot.Release();
            throw;
        }
    }

    /// <summary>A failure found after the look-up's permit was given back (a code whose customer is gone).</summary>
    public Task RecordFailureAsync(string merchantId, string address, CancellationToken cancellationToken) =>
        AddFailureAsync(merchantId, AddressKey(merchantId, address), cancellationToken);

    /// <summary>
    /// The till's address: the first <c>X-Forwarded-For</c> entry (Azure's front end sets the header), else the
    /// connection's. The header is the till's to write, which is why the per-merchant limit is the hard bound.
    /// </summary>
    public static string AddressOf(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var forwarded = request.Headers["X-Forwarded-For"].ToString().Split(',', 2)[0].Trim();
        return forwarded.Length > 0 ? forwarded : request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }

    /// <summary>One row per failure, in the window of its own time: an insert with nothing to contend on.</summary>
    private async Task AddFailureAsync(string merchantId, string addressKey, CancellationToken cancellationToken) =>
        await table.AddEntityAsync(new TableEntity(Partition(merchantId, WindowStart(time.GetUtcNow())), $"{addressKey}-{Guid.NewGuid():N}"), cancellationToken);

    private async Task<(int Merchant, int Address)> CountAsync(string partition, string addressKey, CancellationToken cancellationToken)
    {
        int merchant = 0, address = 0;
        var prefix = addressKey + "-";
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), select: ["RowKey"], cancellationToken: cancellationToken))
        {
            merchant++;
            address += row.RowKey.StartsWith(prefix, StringComparison.Ordinal) ? 1 : 0;
        }

        return (merchant, address);
    }

    private DateTimeOffset WindowStart(DateTimeOffset now) =>
        new(now.UtcTicks - (now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) % limits.Window.Ticks, TimeSpan.Zero);

    /// <summary>Whole seconds until the window ends, at least one.</summary>
    private TimeSpan RetryAfter(DateTimeOffset window, DateTimeOffset now) =>
        TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling((window + limits.Window - now).TotalSeconds)));

    private static string Partition(string merchantId, DateTimeOffset window) =>
        StorageKeys.Safe($"{merchantId}-{window.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}");

    /// <summary>Not the address itself: a hash, salted with the merchant, that tells one till from another.</summary>
    private static string AddressKey(string merchantId, string address) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{merchantId}/{address}")))[..16];

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Merchant {MerchantId} reached a limit of failed look-ups: {MerchantFailures} in this window, {AddressFailures} of them from till {AddressKey}; refused until {Until:O}")]
    private static partial void LogLimitReached(ILogger logger, string merchantId, string addressKey, int merchantFailures, int addressFailures, DateTimeOffset until);
}
