using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LoyaltyBot.Functions.Merchants;

public enum SignatureCheck
{
    Valid,
    Missing,
    Malformed,
    Stale,
    Mismatch,
}

/// <summary>
/// <c>X-Loyalty-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256(secret, "&lt;t&gt;.&lt;raw body&gt;")&gt;</c>, the key being the
/// secret's UTF-8 bytes; refused when <c>t</c> is more than five minutes from now, so a captured request cannot be replayed later.
/// </summary>
public static class MerchantSignature
{
    public const string Header = "X-Loyalty-Signature";
    public static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(300);

    public static string Sign(string secret, long unixSeconds, ReadOnlySpan<byte> body) =>
        $"t={unixSeconds.ToString(CultureInfo.InvariantCulture)},v1={Convert.ToHexStringLower(Mac(secret, unixSeconds, body))}";

    /// <summary>Checks the header against each of <paramref name="secrets"/> (the current one, and the previous during a rotation).</summary>
    public static SignatureCheck Verify(string? header, ReadOnlySpan<byte> body, DateTimeOffset now, params string[] secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        if (string.IsNullOrWhiteSpace(header))
        {
            return SignatureCheck.Missing;
        }

        long? timestamp = null;
        var signatures = new List<byte[]>();
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var (name, value) = part.IndexOf('=', StringComparison.Ordinal) is var eq and > 0 ? (part[..eq], part[(eq + 1)..]) : (part, "");
            if (name == "t" && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var t))
            {
                timestamp = t;
            }
            else if (name == "v1" && value.Length == 64 && value.All(char.IsAsciiHexDigitLower))
            {
                signatures.Add(Convert.FromHexString(value));
            }
        }

        if (timestamp is not { } seconds || signatures.Count == 0)
        {
            return SignatureCheck.Malformed;
        }

        if (Math.Abs(now.ToUnixTimeSeconds() - seconds) > Tolerance.TotalSeconds)
        {
            return SignatureCheck.Stale;
        }

        foreach (var secret in secrets)
        {
            var expected = Mac(secret, seconds, body);
            if (signatures.Any(given => CryptographicOperations.FixedTimeEquals(given, expected)))
            {
                return SignatureCheck.Valid;
            }
        }

        return SignatureCheck.Mismatch;
    }

    private static byte[] Mac(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(unixSeconds.ToString(CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
    }
}
