using System.Text.Json;

namespace LoyaltyBot.Functions.Hosting;

/// <summary>
/// Reads <c>local.settings.json</c> the way <c>func start</c> does: its <c>Values</c> become settings,
/// and environment variables override them.
/// </summary>
public static class LocalSettings
{
    public const string FileName = "local.settings.json";

    public static WebApplicationBuilder AddLocalSettings(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // `dotnet run --project src/Functions` works in the project folder, while the file sits at the repository's top.
        var path = new[] { Directory.GetCurrentDirectory(), builder.Environment.ContentRootPath, AppContext.BaseDirectory }
            .Concat(Ancestors(Directory.GetCurrentDirectory()))
            .Select(dir => Path.Combine(dir, FileName))
            .FirstOrDefault(File.Exists);
        if (path is null)
        {
            return builder;
        }

        // Inserted first so that every later source, environment variables included, overrides it.
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
        {
            InitialData = ReadValues(path),
        });
        return builder;
    }

    private static IEnumerable<string> Ancestors(string dir)
    {
        for (var parent = Directory.GetParent(dir); parent is not null; parent = parent.Parent)
        {
            yield return parent.FullName;
        }
    }

    public static Dictionary<string, string?> ReadValues(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (document.RootElement.TryGetProperty("Values", out var section) && section.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in section.EnumerateObject())
            {
                // Functions settings use "__" for nesting, as environment variables do.
                values[property.Name.Replace("__", ":", StringComparison.Ordinal)] = property.Value.ValueKind == JsonValueKind.String
                    ? property.Value.GetString()
                    : property.Value.GetRawText();
            }
        }

        return values;
    }
}
