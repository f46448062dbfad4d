using Microsoft.Extensions.Configuration.Memory;

namespace LoyaltyBot.Functions.Hosting;

/// <summary>
/// Reads <c>host.json</c> into configuration under <c>AzureFunctionsJobHost</c>, the prefix under which the Functions
/// host lets app settings override it (<c>AzureFunctionsJobHost__extensions__queues__batchSize</c>), so the standalone
/// host takes its queue settings from the same file and the same overrides.
/// </summary>
public static class HostJson
{
    public const string FileName = "host.json";
    public const string ConfigurationPrefix = "AzureFunctionsJobHost";

    public static WebApplicationBuilder AddHostJson(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var path = new[] { builder.Environment.ContentRootPath, AppContext.BaseDirectory }
            .Select(dir => Path.Combine(dir, FileName))
            .FirstOrDefault(File.Exists);
        if (path is not null)
        {
            // First, so that local.settings.json and environment variables override it.
            builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Read(path) });
        }

        return builder;
    }

    public static Dictionary<string, string?> Read(string path)
    {
        var json = new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(path), optional: false, reloadOnChange: false).Build();
        return json.AsEnumerable()
            .Where(pair => pair.Value is not null)
            .ToDictionary(pair => $"{ConfigurationPrefix}:{pair.Key}", pair => pair.Value, StringComparer.OrdinalIgnoreCase);
    }
}
