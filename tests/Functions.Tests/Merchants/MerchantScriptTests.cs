using System.Diagnostics;
using System.Text.Json;
using LoyaltyBot.Functions.Merchants;
using LoyaltyBot.Functions.Tests.Infrastructure;

namespace LoyaltyBot.Functions.Tests.Merchants;

/// <summary>The signed example of docs/merchant-api.md (scripts/merchant-request.sh: openssl and curl) against the running app.</summary>
public sealed class MerchantScriptTests
{
    [Fact]
    public async Task TheReadmeScriptSignsAPurchaseTheAppAccepts()
    {
        await using var app = await AppProcess.StartAsync();
        var storage = await TestStorage.CreateAsync();
        var merchant = await new MerchantStore(storage, TimeProvider.System).CreateAsync("Script Shop", default);
        var purchase = JsonSerializer.Serialize(MerchantClient.Purchase(MerchantClient.NewPhone()), JsonSerializerOptions.Web);

        var accepted = await RunScriptAsync(app, merchant, purchase);
        var changed = await RunScriptAsync(app, merchant, purchase.Replace("\"amount\":1000", "\"amount\":1001", StringComparison.Ordinal));
        var forged = await RunScriptAsync(app, merchant with { Secret = "whsec_wrong" }, purchase);

        Assert.Contains("HTTP 202", accepted, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"accepted\"", accepted, StringComparison.Ordinal);
        Assert.Contains("HTTP 409", changed, StringComparison.Ordinal);
        Assert.Contains("HTTP 401", forged, StringComparison.Ordinal);
    }

    private static async Task<string> RunScriptAsync(AppProcess app, Merchant merchant, string body)
    {
        var start = new ProcessStartInfo("bash") { WorkingDirectory = RepositoryRoot.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("scripts/merchant-request.sh");
        start.ArgumentList.Add("purchases");
        start.ArgumentList.Add(body);
        start.Environment["LOYALTY_URL"] = app.BaseAddress.ToString().TrimEnd('/');
        start.Environment["MERCHANT_ID"] = merchant.MerchantId;
        start.Environment["MERCHANT_SECRET"] = merchant.Secret;
        using var script = Process.Start(start)!;
        var output = await script.StandardOutput.ReadToEndAsync() + await script.StandardError.ReadToEndAsync();
        await script.WaitForExitAsync();
        Assert.True(script.ExitCode == 0, output);
        return output;
    }
}
