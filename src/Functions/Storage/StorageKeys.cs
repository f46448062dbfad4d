using System.Security.Cryptography;
using System.Text;

namespace LoyaltyBot.Functions.Storage;

/// <summary>Table keys made of outside ids, and fingerprints of what a request asked for.</summary>
internal static class StorageKeys
{
    /// <summary>Ids that are plain stay readable; anything else (/, \, #, ?, long ids) becomes a hash.</summary>
    public static string Safe(string value) =>
        value.Length <= 100 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':' or '@')
            ? value
            : "~" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    /// <summary>A stable fingerprint of an operation's input, so a replay with another body is told apart.</summary>
    public static string Fingerprint(params object?[] parts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(WireJson.Write(parts))));
}
