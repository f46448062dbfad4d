using LoyaltyBot.Functions.Accrual;
using LoyaltyBot.Functions.Admin;
using LoyaltyBot.Functions.Bot;
using LoyaltyBot.Functions.Broadcasts;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Hosting;
using LoyaltyBot.Functions.Jobs;
using LoyaltyBot.Functions.Kpis;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Merchants;
using LoyaltyBot.Functions.Notifications;
using LoyaltyBot.Functions.Offers;
using LoyaltyBot.Functions.Outbox;
using LoyaltyBot.Functions.Redemptions;
using LoyaltyBot.Functions.Reviews;
using LoyaltyBot.Functions.Rules;
using LoyaltyBot.Functions.Segments;
using LoyaltyBot.Functions.Storage;
using LoyaltyBot.Functions.Telemetry;
using Microsoft.Azure.Functions.Worker.Builder;

if (HostingMode.IsStartedByFunctionsHost(args))
{
    // A Functions host started this process: serve it as an isolated worker.
    var worker = FunctionsApplication.CreateBuilder(args);
    worker.ConfigureFunctionsWebApplication();
    worker.AddWorkerAnswers();
    AddFeatures(worker);
    await worker.Build().RunAsync();
}
else
{
    // Standalone: run the same functions here, on http://localhost:7071 unless ASPNETCORE_URLS says otherwise.
    var standalone = WebApplication.CreateSlimBuilder(args);
    standalone.AddStandaloneHost();
    AddFeatures(standalone);
    var app = standalone.Build();
    app.UseStandaloneHost();
    app.MapStorageRequests();
    await app.RunAsync();
}

static void AddFeatures(IHostApplicationBuilder builder)
{
    builder.AddFunctionCatalog();
    builder.Services.AddStorage(builder.Configuration);
    builder.Services.AddRules();
    builder.Services.AddOffers();
    builder.Services.AddOutbox();
    builder.Services.AddLedger();
    builder.Services.AddKpis(builder.Configuration);
    builder.Services.AddCustomers();
    builder.Services.AddReviews();
    builder.Services.AddMerchants();
    builder.Services.AddMerchantApiDocument();
    builder.Services.AddAdminApiDocument();
    builder.Services.AddRedemptions();
    builder.Services.AddAccrual(builder.Configuration);
    builder.AddBot();
    builder.AddNotifications();
    builder.Services.AddJobs(builder.Configuration);
    builder.Services.AddTelemetry(builder.Configuration);
    builder.Services.AddSegments();
    builder.Services.AddBroadcasts(builder.Configuration);
}

/// <summary>The entry point, visible to tests that host the app in-process.</summary>
public partial class Program;
