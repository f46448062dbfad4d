using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using LoyaltyBot.Domain.Ledger;

namespace LoyaltyBot.Functions.Reviews;

/// <summary>
/// A short name of a purchase for button data, which Telegram caps at 64 bytes while a merchant's purchase id alone may
/// have 100 characters: 12 base64url characters (72 bits) of a hash of its ledger operation, <c>&lt;merchantId&gt;/&lt;purchaseId&gt;</c>.
/// </summary>
public static class PurchaseRef
{
    public const int Length = 12;

    /// <summary>The reference of the purchase whose Earn entry has this <see cref="LedgerEntry.Operation"/>.</summary>
    public static string Of(string operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes("purchase:" + operation)))[..Length];
    }

    /// <summary>The reference of a merchant's purchase, or null for an id the ledger would not take.</summary>
    public static string? Of(string? merchantId, string? purchaseId) =>
        string.IsNullOrWhiteSpace(merchantId) || OperationKey.Create(merchantId, purchaseId) is not { IsSuccess: true } key ? null : Of(key.Value.ToString());

    public static bool IsWellFormed(string? text) =>
        text is { Length: Length } && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
