namespace LoyaltyBot.Functions.Customers;

public static class CustomerServices
{
    /// <summary>Who the customers are: how to find them, their phones and birthdays, their invitations and rewards.</summary>
    public static IServiceCollection AddCustomers(this IServiceCollection services)
    {
        services.AddSingleton<CustomerDirectory>();
        services.AddSingleton<PhoneBinding>();
        services.AddSingleton<BirthdayIndex>();
        services.AddSingleton<ReferralStore>();
        services.AddSingleton<ReferralReward>();
        services.AddSingleton<WelcomeBonus>();
        services.AddSingleton<Registration>();
        services.AddSingleton<Erasure>();
        services.AddSingleton<CustomerProfiles>();
        services.AddSingleton<CustomerNameIndex>();
        services.AddSingleton<IPersonalData>(provider => provider.GetRequiredService<CustomerNameIndex>());
        services.AddSingleton<CustomerSearch>();
        services.AddSingleton<ProfileCorrections>();
        return services;
    }
}
