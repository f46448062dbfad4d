using System.Diagnostics;
using System.Text.RegularExpressions;
using OpenTelemetry;

namespace LoyaltyBot.Functions.Telemetry;

/// <summary>
/// Rewrites the URL attributes of every span before it is exported. The Bot API puts the bot token in the path
/// (<c>/bot&lt;token&gt;/sendMessage</c>) and Table storage puts lookup keys there (<c>Lookup(PartitionKey='phone-+7…')</c>),
/// so only the plain words of a path are kept; the query string is dropped.
/// </summary>
public sealed partial class UrlRedactingProcessor : BaseProcessor<Activity>
{
    public const string Redacted = "*";

    private static readonly string[] FullUrlTags = ["url.full", "http.url"];
    private static readonly string[] PathTags = ["url.path", "http.target"];

    public override void OnEnd(Activity data)
    {
        ArgumentNullException.ThrowIfNull(data);
        foreach (var tag in FullUrlTags)
        {
            if (data.GetTagItem(tag) is string url)
            {
                data.SetTag(tag, RedactUrl(url));
            }
        }

        foreach (var tag in PathTags)
        {
            if (data.GetTagItem(tag) is string path)
            {
                data.SetTag(tag, RedactPath(path));
            }
        }

        data.SetTag("url.query", null);
    }

    /// <summary>Scheme, host and port, and the path's plain words: <c>https://api.telegram.org/*/sendMessage</c>.</summary>
    public static string RedactUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? $"{uri.Scheme}://{uri.Authority}{RedactPath(uri.AbsolutePath)}" : Redacted;

    /// <summary>Keeps the segments that are words (<c>api</c>, <c>sendMessage</c>, <c>purchases</c>) and a table's name; the rest become <c>*</c>.</summary>
    public static string RedactPath(string path)
    {
        var query = path.IndexOf('?', StringComparison.Ordinal);
        var segments = (query < 0 ? path : path[..query]).Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            segments[i] = segment.Length == 0 || Word().IsMatch(segment) ? segment
                : TableKey().Match(segment) is { Success: true } table ? $"{table.Groups[1].Value}({Redacted})"
                : Redacted;
        }

        return string.Join('/', segments);
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z_-]*$")]
    private static partial Regex Word();

    [GeneratedRegex(@"^([A-Za-z][A-Za-z]*)\(")]
    private static partial Regex TableKey();
}
