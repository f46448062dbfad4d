using LoyaltyBot.Functions.Ledger;
using Microsoft.Extensions.Caching.Memory;

namespace LoyaltyBot.Functions.Accrual;

/// <summary>
/// Whom a phone, card or Telegram id named in this instance's recent accruals, so that a returning customer's purchase
/// costs no lookup read. Never trusted alone: the ledger checks that the account it reads anyway still holds the key,
/// and a mismatch (a merged, re-bound or erased account) looks the key up again.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification =
    "MemoryCache keeps no timer or handle to free; disposed, it would throw at an accrual still finishing while the app shuts down.")]
public sealed class RememberedCustomers
{
    /// <summary>About 200 bytes an entry: 50 000 customers take some 10 MB.</summary>
    public const int Capacity = 50_000;

    private static readonly MemoryCacheEntryOptions Entry = new() { Size = 1, SlidingExpiration = TimeSpan.FromHours(6) };
    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = Capacity });

    public string? Recall(LookupKey key) => cache.TryGetValue(key.Partition, out string? customerId) ? customerId : null;

    public void Remember(LookupKey key, string customerId) => cache.Set(key.Partition, customerId, Entry);

    public void Forget(LookupKey key) => cache.Remove(key.Partition);
}
