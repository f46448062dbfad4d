using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace LoyaltyBot.Bench;

/// <summary>One purchase as a till sends it: the JSON body, and the customer it names (an index into the phones).</summary>
internal sealed record PurchaseBody(string PurchaseId, int Customer, byte[] Json);

/// <summary>The purchases of a run, made before the clock starts: random amounts, phones spread over many customers, occurredAt now.</summary>
internal static class Purchases
{
    public static string Phone(int customer) => "+7912" + (1_000_000 + customer).ToString("D7", CultureInfo.InvariantCulture);

    /// <summary><paramref name="count"/> purchases by customers <paramref name="firstCustomer"/> .. + <paramref name="phones"/> - 1.</summary>
    public static PurchaseBody[] Make(string runId, int count, int firstCustomer, int phones, int seed)
    {
        var random = new Random(seed);
        var now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        return [.. Enumerable.Range(0, count).Select(i =>
        {
            var purchaseId = $"{runId}-{i:D6}";
            var customer = firstCustomer + random.Next(phones);
            var amount = random.Next(10_000, 500_000) / 100m;
            var json = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
            {
                ["purchaseId"] = purchaseId,
                ["phone"] = Phone(customer),
                ["amount"] = amount,
                ["currency"] = "RUB",
                ["occurredAt"] = now,
            });
            return new PurchaseBody(purchaseId, customer, json);
        })];
    }

    /// <summary>X-Loyalty-Signature as the README tells merchants: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256(secret, "&lt;t&gt;.&lt;body&gt;")&gt;.</summary>
    public static string Sign(string secret, long unixSeconds, byte[] body)
    {
        var t = unixSeconds.ToString(CultureInfo.InvariantCulture);
        var signed = Encoding.UTF8.GetBytes(t + ".").Concat(body).ToArray();
        return $"t={t},v1={Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed))}";
    }
}
