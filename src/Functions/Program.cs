using LoyaltyBot.Functions.Accrual;
using LoyaltyBot.Functions.Admin;
using LoyaltyBot.Functions.Bot;
using LoyaltyBot.Functions.Health;
using LoyaltyBot.Functions.Hosting;
using LoyaltyBot.Functions.Jobs;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Merchants;
using LoyaltyBot.Functions.Notifications;
using LoyaltyBot.Functions.Redemptions;
using LoyaltyBot.Functions.Storage;
using LoyaltyBot.Functions.Telemetry;

var builder = WebApplication.CreateSlimBuilder(args);
builder.AddLocalSettings();
builder.UseHostingMode();
builder.AddFunctionsHost(LoyaltyFunctions.Catalog);
builder.Services.AddProblemAnswers();
builder.Services.AddStorage(builder.Configuration);
builder.Services.AddStorageOutage(builder.Configuration);
builder.Services.AddLedger();
builder.Services.AddMerchants();
builder.Services.AddMerchantApiDocument();
builder.Services.AddRedemptions();
builder.Services.AddAccrual();
builder.AddBot();
builder.AddNotifications();
builder.Services.AddJobs();
builder.Services.AddTelemetry(builder.Configuration);

var app = builder.Build();
app.UseProblemAnswers();
app.UseStorageOutage();
app.MapGet("/", () => Results.Ok()).ExcludeFromDescription();
app.MapHealth();
app.MapMerchantWebhook();
app.MapStorageRequests();
app.MapMerchantRedemptions();
app.MapMerchantApiDocument();
app.MapBot();
app.MapAdmin();
app.MapFunctionsHost();
await app.RunAsync();

/// <summary>The entry point, visible to tests that host the app in-process.</summary>
public partial class Program;
