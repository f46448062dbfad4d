namespace LoyaltyBot.Functions.Segments;

public static class SegmentServices
{
    /// <summary>The members of the owner's segments, for counts, offers and broadcasts.</summary>
    public static IServiceCollection AddSegments(this IServiceCollection services)
    {
        services.AddSingleton<SegmentMembers>();
        return services;
    }
}
