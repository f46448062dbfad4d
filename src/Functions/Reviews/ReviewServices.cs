using LoyaltyBot.Functions.Customers;

namespace LoyaltyBot.Functions.Reviews;

public static class ReviewServices
{
    /// <summary>The customers' ratings and reviews of their purchases, and the bonus a first rating brings.</summary>
    public static IServiceCollection AddReviews(this IServiceCollection services)
    {
        services.AddSingleton<FeedbackStore>();
        services.AddSingleton<IPersonalData>(provider => provider.GetRequiredService<FeedbackStore>());
        services.AddSingleton<ReviewBonus>();
        return services;
    }
}
