namespace LoyaltyBot.Functions.Storage;

public static class StorageServices
{
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connection = StorageConnection.From(configuration);

        services.AddSingleton<StorageRequestCounter>();
        services.AddSingleton(sp => new StorageAccount(connection, sp.GetRequiredService<StorageRequestCounter>(), sp.GetService<ILogger<StorageAccount>>()));
        services.AddSingleton(TimeProvider.System);
        services.AddHostedService<StorageInitializer>();
        return services;
    }
}
