namespace LoyaltyBot.Functions.Hosting;

public static class FunctionsHostServices
{
    /// <summary>
    /// The functions of <paramref name="catalog"/>, run by whoever owns the triggers: under the Functions host, its
    /// invocations (see <see cref="FunctionEndpoints.MapFunctionsHost"/>); standalone, a queue listener or scheduler
    /// per function with a handler. Queue settings come from host.json.
    /// </summary>
    public static WebApplicationBuilder AddFunctionsHost(this WebApplicationBuilder builder, FunctionCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddHostJson();
        builder.Services.AddSingleton(catalog);
        builder.Services.AddSingleton<FunctionInvoker>();
        builder.Services.AddAdminKey();
        builder.Services.Configure<QueueListenerOptions>(builder.Configuration.GetSection(QueueListenerOptions.HostJsonSection));
        builder.Services.Configure<QueueListenerOptions>(builder.Configuration.GetSection(QueueListenerOptions.StandaloneSection));
        if (!HostingMode.IsCustomHandler(builder.Configuration))
        {
            builder.Services.AddSingleton<StandaloneTriggers>();
            builder.Services.AddHostedService(services => services.GetRequiredService<StandaloneTriggers>());
        }

        return builder;
    }
}
