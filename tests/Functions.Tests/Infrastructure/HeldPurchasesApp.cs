namespace LoyaltyBot.Functions.Tests.Infrastructure;

/// <summary>The app with its AccruePurchase trigger off: the <c>purchases</c> queue keeps every message the webhook sent.</summary>
public sealed class HeldPurchasesApp : LoyaltyApp
{
    protected override void Configure(IDictionary<string, string?> settings) => settings["AzureWebJobs.AccruePurchase.Disabled"] = "true";
}
