namespace LoyaltyBot.Functions.Storage;

public static class StorageServices
{
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connection = configuration[StorageAccount.ConnectionSetting];
        if (string.IsNullOrWhiteSpace(connection))
        {
            throw new InvalidOperationException(
                $"Setting {StorageAccount.ConnectionSetting} is missing: set it in local.settings.json or the environment (UseDevelopmentStorage=true for Azurite).");
        }

        services.AddSingleton<StorageRequestCounter>();
        services.AddSingleton(sp => new StorageAccount(connection, sp.GetRequiredService<StorageRequestCounter>(), sp.GetService<ILogger<StorageAccount>>()));
        services.AddSingleton(TimeProvider.System);
        services.AddHostedService<StorageInitializer>();
        return services;
    }
}
