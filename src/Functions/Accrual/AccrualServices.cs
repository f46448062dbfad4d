using LoyaltyBot.Functions.Hosting;
using LoyaltyBot.Functions.Notifications;

namespace LoyaltyBot.Functions.Accrual;

public static class AccrualServices
{
    /// <summary>The <c>purchases</c> queue and its AccruePurchase function.</summary>
    public static IServiceCollection AddAccrual(this IServiceCollection services)
    {
        services.AddSingleton<AccrualInbox>();
        services.AddSingleton<Notifier>();
        services.AddSingleton<Referrals.ReferralReward>();
        services.AddSingleton<RememberedCustomers>();
        services.AddSingleton<PurchaseAccrual>();
        services.AddSingleton<RefundAccrual>();
        services.AddFunctionHandler<AccruePurchaseFunction>(LoyaltyFunctions.AccruePurchase);
        return services;
    }
}
