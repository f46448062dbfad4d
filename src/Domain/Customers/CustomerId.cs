namespace LoyaltyBot.Domain.Customers;

/// <summary>Customer ids are opaque, URL- and table-key-safe strings.</summary>
public static class CustomerId
{
    /// <summary>Time-ordered (UUID v7) so new customers spread over partitions yet sort by creation.</summary>
    public static string New() => "c" + Guid.CreateVersion7().ToString("N");

    /// <summary>Ids that may stand in a table key and a URL: letters, digits, '-' and '_', at most 64.</summary>
    public static bool IsWellFormed(string? id) =>
        id is { Length: > 0 and <= 64 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
