using LoyaltyBot.Functions.Health;
using LoyaltyBot.Functions.Hosting;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Storage;

var builder = WebApplication.CreateSlimBuilder(args);
builder.AddLocalSettings();
builder.UseHostingMode();
builder.Services.AddProblemDetails();
builder.Services.AddStorage(builder.Configuration);
builder.Services.AddLedger();

var app = builder.Build();
app.MapGet("/", () => Results.Ok()).ExcludeFromDescription();
app.MapHealth();
await app.RunAsync();

/// <summary>The entry point, visible to tests that host the app in-process.</summary>
public partial class Program;
