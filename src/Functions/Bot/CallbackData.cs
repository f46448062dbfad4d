using System.Security.Cryptography;
using System.Text;

namespace LoyaltyBot.Functions.Bot;

/// <summary>
/// Inline-button data, <c>&lt;prefix&gt;:&lt;payload&gt;:&lt;tag&gt;</c>, where the tag is a truncated HMAC of the rest keyed by
/// the bot token, so a client that forges or edits callback data is told the button is out of date. Telegram allows 64
/// bytes in all.
/// </summary>
public sealed class CallbackData(BotSettings settings)
{
    public const int MaxBytes = 64;
    private const int TagChars = 10;
    private readonly byte[] key = SHA256.HashData(Encoding.UTF8.GetBytes("callback:" + settings.Token));

    public string Create(string prefix, string payload)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        ArgumentNullException.ThrowIfNull(payload);
        var body = $"{prefix}:{payload}";
        var data = $"{body}:{Tag(body)}";
        return Encoding.UTF8.GetByteCount(data) <= MaxBytes ? data : throw new ArgumentException($"Callback data '{body}' is too long.", nameof(payload));
    }

    /// <summary>The prefix and payload of data this bot made; false for anything else.</summary>
    public bool TryRead(string? data, out string prefix, out string payload)
    {
        prefix = payload = "";
        var last = data?.LastIndexOf(':') ?? -1;
        var first = data?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (data is null || first <= 0 || last <= first)
        {
            return false;
        }

        var body = data[..last];
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Tag(body)), Encoding.ASCII.GetBytes(data[(last + 1)..])))
        {
            return false;
        }

        prefix = data[..first];
        payload = data[(first + 1)..last];
        return true;
    }

    private string Tag(string body) => Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(body)))[..TagChars];
}
