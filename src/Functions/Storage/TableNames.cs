namespace LoyaltyBot.Functions.Storage;

public static class TableNames
{
    public const string Customers = "Customers";
    public const string Lookup = "Lookup";
    public const string ExpiryIndex = "ExpiryIndex";
    public const string BirthdayIndex = "BirthdayIndex";
    public const string Merchants = "Merchants";
    public const string Program = "Program";
    public const string Campaigns = "Campaigns";

    /// <summary>The first answer to each merchant request id, so a replay gets it again and another body gets 409.</summary>
    public const string MerchantRequests = "MerchantRequests";

    public static readonly IReadOnlyList<string> All = [Customers, Lookup, ExpiryIndex, BirthdayIndex, Merchants, Program, Campaigns, MerchantRequests];
}
