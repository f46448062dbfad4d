namespace LoyaltyBot.Functions.Hosting;

/// <summary>
/// Every function of LoyaltyBot, declared once. The <c>&lt;Name&gt;/function.json</c> files beside <c>host.json</c> must say
/// the same (a test holds them to it); HTTP features map their endpoint with <see cref="FunctionEndpoints.MapFunction"/> and
/// queue and timer features register their handler with <see cref="FunctionHandlerServices.AddFunctionHandler{THandler}"/>.
/// Schedules are UTC.
/// </summary>
public static class LoyaltyFunctions
{
    public static FunctionDeclaration TelegramWebhook { get; } = FunctionDeclaration.Http(nameof(TelegramWebhook), "telegram/webhook", "POST");

    public static FunctionDeclaration MerchantPurchases { get; } = FunctionDeclaration.Http(nameof(MerchantPurchases), "merchants/{merchantId}/purchases", "POST");

    public static FunctionDeclaration MerchantRefunds { get; } = FunctionDeclaration.Http(nameof(MerchantRefunds), "merchants/{merchantId}/refunds", "POST");

    /// <summary>POST redeems; DELETE <c>.../redemptions/{redemptionId}</c> cancels one whose purchase never happened.</summary>
    public static FunctionDeclaration MerchantRedemptions { get; } =
        FunctionDeclaration.Http(nameof(MerchantRedemptions), "merchants/{merchantId}/redemptions/{redemptionId?}", "POST", "DELETE");

    /// <summary>The OpenAPI description of the merchant API.</summary>
    public static FunctionDeclaration MerchantApiDocument { get; } = FunctionDeclaration.Http(nameof(MerchantApiDocument), "openapi/merchant.json", "GET");

    public static FunctionDeclaration Health { get; } = FunctionDeclaration.Http(nameof(Health), "health", "GET");

    /// <summary>POST creates a merchant and shows its secret once.</summary>
    public static FunctionDeclaration AdminMerchants { get; } = FunctionDeclaration.Http(nameof(AdminMerchants), "admin/merchants", "POST");

    /// <summary>POST rotates a merchant's secret.</summary>
    public static FunctionDeclaration AdminMerchantSecret { get; } = FunctionDeclaration.Http(nameof(AdminMerchantSecret), "admin/merchants/{merchantId}/secret", "POST");

    /// <summary>GET finds a customer by <c>phone</c>, <c>card</c> or <c>telegramUserId</c>.</summary>
    public static FunctionDeclaration AdminCustomers { get; } = FunctionDeclaration.Http(nameof(AdminCustomers), "admin/customers", "GET");

    public static FunctionDeclaration AdminCustomer { get; } = FunctionDeclaration.Http(nameof(AdminCustomer), "admin/customers/{customerId}", "GET");

    public static FunctionDeclaration AdminProgram { get; } = FunctionDeclaration.Http(nameof(AdminProgram), "admin/program", "GET", "PUT");

    /// <summary>POST registers the bot's webhook (with its secret) and command menu with Telegram.</summary>
    public static FunctionDeclaration AdminTelegramSetup { get; } = FunctionDeclaration.Http(nameof(AdminTelegramSetup), "admin/telegram/setup", "POST");

    public static FunctionDeclaration AccruePurchase { get; } = FunctionDeclaration.Queue(nameof(AccruePurchase), "purchases");

    public static FunctionDeclaration SendNotification { get; } = FunctionDeclaration.Queue(nameof(SendNotification), "notifications");

    /// <summary>Hourly at minute 5: a lot expires at the time of day it was earned, so customers don't wait for midnight.</summary>
    public static FunctionDeclaration ExpirePoints { get; } = FunctionDeclaration.Timer(nameof(ExpirePoints), "0 5 * * * *");

    /// <summary>Daily at 07:00 UTC (10:00 in Moscow): a reminder is read in the morning.</summary>
    public static FunctionDeclaration ExpiryReminders { get; } = FunctionDeclaration.Timer(nameof(ExpiryReminders), "0 0 7 * * *");

    /// <summary>Daily at 06:00 UTC (09:00 in Moscow).</summary>
    public static FunctionDeclaration BirthdayGreetings { get; } = FunctionDeclaration.Timer(nameof(BirthdayGreetings), "0 0 6 * * *");

    /// <summary>Daily at 01:30 UTC, when nobody shops: lowers tiers whose trailing spend fell below the threshold.</summary>
    public static FunctionDeclaration TierReview { get; } = FunctionDeclaration.Timer(nameof(TierReview), "0 30 1 * * *");

    public static FunctionCatalog Catalog { get; } = new(
    [
        TelegramWebhook, MerchantPurchases, MerchantRefunds, MerchantRedemptions, MerchantApiDocument, Health,
        AdminMerchants, AdminMerchantSecret, AdminCustomers, AdminCustomer, AdminProgram, AdminTelegramSetup,
        AccruePurchase, SendNotification,
        ExpirePoints, ExpiryReminders, BirthdayGreetings, TierReview,
    ]);
}
