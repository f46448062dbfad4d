using System.Text.Json.Nodes;
using LoyaltyBot.Functions.Hosting;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace LoyaltyBot.Functions.Tests.Hosting;

/// <summary>
/// The <c>functions.metadata</c> the Worker SDK writes at build (what the Functions host indexes) lists every function as
/// docs/hosting.md documents it, and the standalone host's catalog, read from the same attributes, says the same.
/// </summary>
public sealed class FunctionsMetadataTests
{
    /// <summary>The functions table of docs/hosting.md: name, trigger, route or queue or schedule, methods.</summary>
    public static TheoryData<string, string, string, string> Documented => new()
    {
        { "TelegramWebhook", "httpTrigger", "telegram/webhook", "post" },
        { "MerchantPurchases", "httpTrigger", "merchants/{merchantId}/purchases", "post" },
        { "MerchantRefunds", "httpTrigger", "merchants/{merchantId}/refunds", "post" },
        { "MerchantRedemptions", "httpTrigger", "merchants/{merchantId}/redemptions/{redemptionId?}", "post,delete" },
        { "MerchantApiDocument", "httpTrigger", "openapi/merchant.json", "get" },
        { "AdminApiDocument", "httpTrigger", "openapi/admin.json", "get" },
        { "ApiReference", "httpTrigger", "reference", "get" },
        { "ApiReferenceAsset", "httpTrigger", "reference/{asset}", "get" },
        { "Health", "httpTrigger", "health", "get" },
        { "AdminMerchants", "httpTrigger", "admin/merchants", "get,post" },
        { "AdminMerchantSecret", "httpTrigger", "admin/merchants/{merchantId}/secret", "post" },
        { "AdminCustomers", "httpTrigger", "admin/customers", "get" },
        { "AdminCustomer", "httpTrigger", "admin/customers/{customerId}", "get" },
        { "AdminProgram", "httpTrigger", "admin/program", "get,put" },
        { "AdminCampaigns", "httpTrigger", "admin/campaigns", "get,post" },
        { "AdminCampaign", "httpTrigger", "admin/campaigns/{campaignId}", "get,delete" },
        { "AdminTelegramSetup", "httpTrigger", "admin/telegram/setup", "post" },
        { "AccruePurchase", "queueTrigger", "purchases", "" },
        { "SendNotification", "queueTrigger", "notifications", "" },
        { "ExpirePoints", "timerTrigger", "%ExpirePointsSchedule%", "" },
        { "BirthdayGreetings", "timerTrigger", "%BirthdayGreetingsSchedule%", "" },
        { "AdminOffers", "httpTrigger", "admin/offers", "get,post" },
        { "AdminOffer", "httpTrigger", "admin/offers/{offerRuleId}", "delete" },
        { "ExpiryReminders", "timerTrigger", "%ExpiryRemindersSchedule%", "" },
        { "TierReview", "timerTrigger", "%TierReviewSchedule%", "" },
        { "AdminCustomerLedger", "httpTrigger", "admin/customers/{customerId}/ledger", "get" },
        { "AdminCustomerLedgerCsv", "httpTrigger", "admin/customers/{customerId}/ledger.csv", "get" },
        { "AdminCustomerAdjustments", "httpTrigger", "admin/customers/{customerId}/adjustments", "post" },
        { "AdminCustomerPhone", "httpTrigger", "admin/customers/{customerId}/phone", "put" },
        { "AdminCustomerBirthday", "httpTrigger", "admin/customers/{customerId}/birthday", "put" },
        { "AdminKpis", "httpTrigger", "admin/kpis", "get" },
        { "KpiRollup", "timerTrigger", "%KpiRollupSchedule%", "" },
        { "AdminSegments", "httpTrigger", "admin/segments", "get" },
        { "AdminBroadcastPreview", "httpTrigger", "admin/broadcasts/preview", "post" },
        { "AdminBroadcasts", "httpTrigger", "admin/broadcasts", "get,post" },
        { "SendBroadcast", "queueTrigger", "broadcasts", "" },
        { "Dashboard", "httpTrigger", "dashboard", "get" },
        { "DashboardAsset", "httpTrigger", "dashboard/{asset}", "get" },
        { "DashboardSession", "httpTrigger", "dashboard/session", "post,delete" },
    };

    private static JsonArray Metadata() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppProcess.AppDirectory(), "functions.metadata")))!.AsArray();

    private static JsonObject Trigger(JsonNode function) =>
        function["bindings"]!.AsArray().Select(b => b!.AsObject()).Single(b => b["type"]!.GetValue<string>().EndsWith("Trigger", StringComparison.Ordinal));

    [Theory]
    [MemberData(nameof(Documented))]
    public void TheBuiltMetadataListsTheFunctionWithItsTrigger(string name, string type, string source, string methods)
    {
        var function = Assert.Single(Metadata(), f => f!["name"]!.GetValue<string>() == name)!;
        var trigger = Trigger(function);

        Assert.Equal(type, trigger["type"]!.GetValue<string>());
        var what = type switch { "httpTrigger" => "route", "queueTrigger" => "queueName", _ => "schedule" };
        Assert.Equal(source, trigger[what]!.GetValue<string>());
        if (type == "httpTrigger")
        {
            Assert.Equal(methods, string.Join(',', trigger["methods"]!.AsArray().Select(m => m!.GetValue<string>())));
            // The app checks its own keys (the merchant's signature, the admin key, Telegram's secret token).
            Assert.Equal("Anonymous", trigger["authLevel"]!.GetValue<string>());
        }
    }

    [Fact]
    public void TheBuiltMetadataHasNoOtherFunctionAndNoTimerWithoutAHandler()
    {
        var names = Metadata().Select(f => f!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal);

        Assert.Equal(Documented.Select(row => (string)row[0]).Order(StringComparer.Ordinal), names);
    }

    [Fact]
    public void TheStandaloneCatalogReadsTheSameFunctionsFromTheAttributes()
    {
        var settings = new ConfigurationBuilder().AddInMemoryCollection(SettingDefaults.All).Build();
        var catalog = FunctionCatalog.FromAssembly(typeof(FunctionCatalog).Assembly, settings);

        foreach (var function in Metadata())
        {
            var trigger = Trigger(function!);
            var declared = catalog[function!["name"]!.GetValue<string>()];
            object expected = trigger["type"]!.GetValue<string>() switch
            {
                "httpTrigger" => new HttpTrigger(trigger["route"]!.GetValue<string>(), [.. trigger["methods"]!.AsArray().Select(m => m!.GetValue<string>().ToUpperInvariant())]).Path,
                "queueTrigger" => new QueueTrigger(trigger["queueName"]!.GetValue<string>()),
                _ => new TimerTrigger(settings[trigger["schedule"]!.GetValue<string>().Trim('%')]!),
            };
            Assert.Equal(expected, declared.Trigger is HttpTrigger http ? http.Path : declared.Trigger);
        }

        Assert.Equal(Metadata().Count, catalog.All.Count);
    }

    [Fact]
    public void HostJsonKeepsTheQueueSettingsAndTheRoutePrefixAndNoCustomHandler()
    {
        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "src", "Functions", "host.json")))!;

        Assert.Null(host["customHandler"]);
        Assert.Null(host["extensionBundle"]);
        Assert.Equal("api", host["extensions"]!["http"]!["routePrefix"]!.GetValue<string>());
        var queues = host["extensions"]!["queues"]!;
        Assert.Equal((16, 16, 5, "base64"), (queues["batchSize"]!.GetValue<int>(), queues["newBatchThreshold"]!.GetValue<int>(),
            queues["maxDequeueCount"]!.GetValue<int>(), queues["messageEncoding"]!.GetValue<string>()));
        var sources = Path.Combine(RepositoryRoot.Path, "src", "Functions");
        Assert.DoesNotContain(Directory.GetFiles(sources, "function.json", SearchOption.AllDirectories), path =>
            !Path.GetRelativePath(sources, path).StartsWith("bin", StringComparison.Ordinal) && !Path.GetRelativePath(sources, path).StartsWith("obj", StringComparison.Ordinal));
    }
}
