using LoyaltyBot.Functions.Storage;
using Microsoft.AspNetCore.OpenApi;

namespace LoyaltyBot.Functions.Hosting;

public static class FunctionsHostServices
{
    /// <summary>
    /// What both modes share: the catalog of the <c>[Function]</c> methods (the one list of the app's functions), its
    /// description for the OpenAPI document, the admin key, problem+json answers and the request bound of a storage outage.
    /// </summary>
    public static IHostApplicationBuilder AddFunctionCatalog(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var catalog = FunctionCatalog.FromAssembly(typeof(FunctionsHostServices).Assembly, builder.Configuration);
        builder.Services.AddSingleton(catalog);
        FunctionDescriptions.AddFunctionDescriptions(builder.Services, catalog);
        builder.Services.AddAdminKey();
        // A malformed session lifetime stops the start, rather than failing every dashboard request.
        _ = AdminSession.Lifetime(builder.Configuration);
        builder.Services.AddProblemAnswers();
        builder.Services.AddStorageOutage(builder.Configuration);
        return builder;
    }

    /// <summary>
    /// Standalone: the functions of the catalog run by this process, a queue listener or scheduler per function with a
    /// handler. Settings as <c>func start</c> reads them (local.settings.json, then the environment), queue settings from
    /// host.json.
    /// </summary>
    public static WebApplicationBuilder AddStandaloneHost(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddSettingDefaults();
        builder.AddLocalSettings();
        builder.UseStandaloneUrls();
        return builder.AddStandaloneTriggers();
    }

    /// <summary>Standalone: the invoker of queue and timer functions and their triggers, with host.json's queue settings.</summary>
    public static WebApplicationBuilder AddStandaloneTriggers(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddHostJson();
        builder.Services.AddSingleton<FunctionInvoker>();
        builder.Services.Configure<QueueListenerOptions>(builder.Configuration.GetSection(QueueListenerOptions.HostJsonSection));
        builder.Services.Configure<QueueListenerOptions>(builder.Configuration.GetSection(QueueListenerOptions.StandaloneSection));
        builder.Services.AddSingleton<StandaloneTriggers>();
        builder.Services.AddHostedService(services => services.GetRequiredService<StandaloneTriggers>());
        return builder;
    }

    /// <summary>Standalone: problem answers, the request bound, the HTTP functions, the operator's function routes.</summary>
    public static WebApplication UseStandaloneHost(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseProblemAnswers();
        app.UseStorageOutage();
        app.MapGet("/", () => Results.Ok()).ExcludeFromDescription();
        app.MapHttpFunctions();
        app.MapFunctionsHost();
        return app;
    }
}
