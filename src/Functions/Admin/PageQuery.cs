using System.Buffers.Text;
using System.Globalization;
using System.Text;
using LoyaltyBot.Functions.Merchants;

namespace LoyaltyBot.Functions.Admin;

/// <summary>
/// The paging of the admin API's lists: <c>pageSize</c> (a default, a maximum) and <c>continuationToken</c>, the opaque
/// (base64url) form of where the next page starts, which the previous page answered.
/// </summary>
internal static class PageQuery
{
    public const string PageSize = "pageSize";
    public const string ContinuationToken = "continuationToken";

    /// <summary><c>pageSize</c> from 1 to <paramref name="max"/>, or <paramref name="defaultSize"/> when absent; 0 with the problem added.</summary>
    public static int Size(IQueryCollection query, int defaultSize, int max, FieldErrors errors)
    {
        var text = query[PageSize].ToString();
        if (text.Length == 0)
        {
            return defaultSize;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size < 1 || size > max)
        {
            errors.Add(PageSize, $"must be a whole number from 1 to {max}");
            return 0;
        }

        return size;
    }

    /// <summary>The position a <c>continuationToken</c> holds (null when absent), or null with the problem added.</summary>
    public static string? Position(IQueryCollection query, FieldErrors errors)
    {
        var token = query[ContinuationToken].ToString();
        if (token.Length == 0)
        {
            return null;
        }

        if (token.Length > 1000 || !Base64Url.IsValid(token))
        {
            errors.Add(ContinuationToken, "must be the continuationToken of the previous page");
            return null;
        }

        return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
    }

    public static string? Token(string? position) => position is null ? null : Base64Url.EncodeToString(Encoding.UTF8.GetBytes(position));
}
