namespace LoyaltyBot.Functions.Hosting;

/// <summary>Whether the Azure Functions host owns the triggers (custom handler) or this process runs them itself.</summary>
public static class HostingMode
{
    public const string CustomHandlerPortSetting = "FUNCTIONS_CUSTOMHANDLER_PORT";
    public const string DefaultStandaloneUrl = "http://localhost:7071";

    public static bool IsCustomHandler(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[CustomHandlerPortSetting]);

    /// <summary>Listens on the host's port under Functions; otherwise where ASPNETCORE_URLS says, as <c>func start</c> would.</summary>
    public static WebApplicationBuilder UseHostingMode(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var port = builder.Configuration[CustomHandlerPortSetting];
        if (!string.IsNullOrWhiteSpace(port))
        {
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        }
        else if (string.IsNullOrWhiteSpace(builder.Configuration["ASPNETCORE_URLS"]) && string.IsNullOrWhiteSpace(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultStandaloneUrl);
        }

        return builder;
    }
}
