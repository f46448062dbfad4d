using LoyaltyBot.Functions.Hosting;

namespace LoyaltyBot.Functions.Accrual;

public static class AccrualServices
{
    /// <summary>The <c>purchases</c> queue and its AccruePurchase function.</summary>
    public static IServiceCollection AddAccrual(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<AccrualInbox>();
        services.AddSingleton<RememberedCustomers>();
        services.AddSingleton<PurchaseAccrual>();
        services.AddSingleton<RefundAccrual>();
        services.AddFunctionMethods<AccruePurchaseFunction>(configuration);
        return services;
    }
}
