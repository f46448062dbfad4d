using System.Buffers.Binary;
using System.Buffers.Text;
using System.Globalization;

namespace LoyaltyBot.Functions.Bot.History;

/// <summary>
/// Where a history page continues: older or newer than one ledger entry, named by its row key
/// <c>tx-&lt;19 digits&gt;-&lt;32 hex&gt;</c>. That key is 55 characters, too long for a button's 64 bytes beside the prefix and
/// tag, so its two numbers travel as 24 bytes in Base64url: 33 characters in all.
/// </summary>
public readonly record struct HistoryCursor(bool Older, string EntryKey)
{
    private const string KeyPrefix = "tx-";
    private const int TicksDigits = 19;
    private const int IdHexChars = 32;

    /// <summary>The payload, or null when the key is not of the shape this cursor packs.</summary>
    public string? Encode()
    {
        if (!TrySplit(EntryKey, out var ticks, out var id))
        {
            return null;
        }

        Span<byte> bytes = stackalloc byte[24];
        BinaryPrimitives.WriteInt64BigEndian(bytes, ticks);
        id.CopyTo(bytes[8..]);
        return (Older ? "o" : "n") + Base64Url.EncodeToString(bytes);
    }

    public static bool TryDecode(string? payload, out HistoryCursor cursor)
    {
        cursor = default;
        if (payload is not { Length: 33 } || payload[0] is not ('o' or 'n'))
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[24];
        if (!Base64Url.TryDecodeFromChars(payload.AsSpan(1), bytes, out var written) || written != 24)
        {
            return false;
        }

        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes);
        if (ticks < 0)
        {
            return false;
        }

        var key = $"{KeyPrefix}{ticks.ToString("D19", CultureInfo.InvariantCulture)}-{Convert.ToHexStringLower(bytes[8..])}";
        cursor = new HistoryCursor(payload[0] == 'o', key);
        return true;
    }

    private static bool TrySplit(string key, out long ticks, out byte[] id)
    {
        ticks = 0;
        id = [];
        if (key.Length != KeyPrefix.Length + TicksDigits + 1 + IdHexChars || !key.StartsWith(KeyPrefix, StringComparison.Ordinal) || key[KeyPrefix.Length + TicksDigits] != '-')
        {
            return false;
        }

        var hex = key[^IdHexChars..];
        if (!long.TryParse(key.AsSpan(KeyPrefix.Length, TicksDigits), NumberStyles.None, CultureInfo.InvariantCulture, out ticks)
            || !hex.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            return false;
        }

        id = Convert.FromHexString(hex);
        return true;
    }
}
