using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace LoyaltyBot.Bench;

/// <summary>One purchase as a till sends it: the JSON body, and the customer it names (an index into the phones).</summary>
internal sealed record PurchaseBody(string PurchaseId, int Customer, byte[] Json);

/// <summary>The purchases of a run, made before the clock starts: random amounts, phones spread over many customers, occurredAt now (or a customer's history).</summary>
internal static class Purchases
{
    public static string Phone(int customer) => "+7912" + (1_000_000 + customer).ToString("D7", CultureInfo.InvariantCulture);

    /// <summary><paramref name="count"/> purchases by customers <paramref name="firstCustomer"/> .. + <paramref name="phones"/> - 1.</summary>
    public static PurchaseBody[] Make(string runId, int count, int firstCustomer, int phones, int seed)
    {
        var random = new Random(seed);
        var now = DateTimeOffset.UtcNow;
        return [.. Enumerable.Range(0, count).Select(i => Body($"{runId}-{i:D6}", firstCustomer + random.Next(phones), random, now))];
    }

    /// <summary>
    /// <paramref name="count"/> purchases by one customer, evenly spread from <paramref name="days"/> days ago until now,
    /// oldest first: a customer who comes back every day (or every few days, when there are fewer purchases than days).
    /// </summary>
    public static PurchaseBody[] History(string runId, int customer, int count, double days, int seed)
    {
        var random = new Random(seed);
        var now = DateTimeOffset.UtcNow;
        var step = TimeSpan.FromDays(days) / count;
        return [.. Enumerable.Range(0, count).Select(i => Body($"{runId}-{i:D6}", customer, random, now - TimeSpan.FromDays(days) + (step * i)))];
    }

    private static PurchaseBody Body(string purchaseId, int customer, Random random, DateTimeOffset occurredAt)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["purchaseId"] = purchaseId,
            ["phone"] = Phone(customer),
            ["amount"] = random.Next(10_000, 500_000) / 100m,
            ["currency"] = "RUB",
            ["occurredAt"] = occurredAt.ToString("O", CultureInfo.InvariantCulture),
        });
        return new PurchaseBody(purchaseId, customer, json);
    }

    /// <summary>X-Loyalty-Signature as the README tells merchants: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256(secret, "&lt;t&gt;.&lt;body&gt;")&gt;.</summary>
    public static string Sign(string secret, long unixSeconds, byte[] body)
    {
        var t = unixSeconds.ToString(CultureInfo.InvariantCulture);
        var signed = Encoding.UTF8.GetBytes(t + ".").Concat(body).ToArray();
        return $"t={t},v1={Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed))}";
    }
}
