using System.Diagnostics;
using System.Text.RegularExpressions;
using LoyaltyBot.Functions.Hosting;
using LoyaltyBot.Functions.Tests.Infrastructure;

namespace LoyaltyBot.Functions.Tests.Docs;

/// <summary>
/// The README's five-minute walkthrough, its shell blocks run verbatim with bash against the app on the settings
/// <c>./run.sh</c> gives it (local.settings.example.json, an Azurite of its own); only <c>localhost:7071</c> becomes
/// the test app's address. Fails when a command of the README no longer does what the README says.
/// </summary>
public sealed partial class WalkthroughTests
{
    private const string Section = "## Five minutes with it";

    [Fact]
    public void TheWalkthroughHasTheStepsThisTestChecks()
    {
        var script = WalkthroughScript();

        Assert.Contains("/api/health", script, StringComparison.Ordinal);
        Assert.Contains("/api/admin/merchants", script, StringComparison.Ordinal);
        Assert.Contains("scripts/merchant-request.sh purchases", script, StringComparison.Ordinal);
        Assert.Contains("scripts/merchant-request.sh refunds", script, StringComparison.Ordinal);
        Assert.Contains("/api/admin/customers", script, StringComparison.Ordinal);
        Assert.DoesNotMatch(IsoDate(), script);
    }

    [Fact]
    public async Task TheWalkthroughsCommandsCreateAMerchantAcceptASignedPurchaseAndShowItsPoints()
    {
        await using var azurite = await Azurite.StartAsync();
        var settings = LocalSettings.ReadValues(Path.Combine(RepositoryRoot.Path, "local.settings.example.json"))
            .ToDictionary(s => s.Key, s => s.Value ?? "");
        settings["AzureWebJobsStorage"] = azurite.ConnectionString;
        await using var app = await AppProcess.StartAsync(settings);
        var address = app.BaseAddress.Authority;

        var output = await RunAsync(WalkthroughScript().Replace("localhost:7071", address, StringComparison.Ordinal), address);

        Assert.Contains("{\"status\":\"healthy\",\"storage\":{\"reachable\":true}}", output, StringComparison.Ordinal);
        Assert.Matches("\"merchantId\":\"m[^\"]+\",\"name\":\"Coffee House\",\"secret\":\"whsec_", output);
        Assert.Contains("{\"id\":\"p-1001\",\"status\":\"accepted\"}", output, StringComparison.Ordinal);
        Assert.Contains("{\"id\":\"r-1001\",\"status\":\"accepted\"}", output, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Count(output, "^HTTP 202$", RegexOptions.Multiline));
        Assert.Contains("\"points\":{\"spendable\":37,\"pending\":0,\"balance\":37}", output, StringComparison.Ordinal);
        Assert.Contains("\"tier\":\"Bronze\"", output, StringComparison.Ordinal);

        // What the README says of the refund: the customer keeps 18 of the 37 points.
        var lookup = $"curl -s -G {address}/api/admin/customers -H 'X-Admin-Key: {settings["AdminApiKey"]}' --data-urlencode 'phone=+7 912 345-67-89'";
        await FunctionsHarness.EventuallyAsync(
            async () => (await RunAsync(lookup, address)).Contains("\"balance\":18}", StringComparison.Ordinal),
            "the refund leaves 18 points", TimeSpan.FromSeconds(60));
    }

    /// <summary>The bash blocks of the README's walkthrough, in order, as one script.</summary>
    private static string WalkthroughScript()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));
        var start = readme.IndexOf(Section, StringComparison.Ordinal);
        Assert.True(start >= 0, $"README.md has no section \"{Section}\"");
        var end = readme.IndexOf("\n## ", start + Section.Length, StringComparison.Ordinal);
        var section = end < 0 ? readme[start..] : readme[start..end];
        var blocks = BashBlock().Matches(section).Select(m => m.Groups["code"].Value).ToList();
        Assert.NotEmpty(blocks);
        return string.Join('\n', blocks);
    }

    private static async Task<string> RunAsync(string script, string address)
    {
        var start = new ProcessStartInfo("bash") { WorkingDirectory = RepositoryRoot.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-e", "-o", "pipefail", "-c", script })
        {
            start.ArgumentList.Add(argument);
        }

        // The merchant script's own setting for where the app answers (docs/merchant-api.md).
        start.Environment["LOYALTY_URL"] = $"http://{address}";
        using var bash = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var stdout = bash.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = bash.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await bash.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            bash.Kill(entireProcessTree: true);
            Assert.Fail("The walkthrough's commands did not finish within 2 minutes.");
        }

        var output = await stdout + await stderr;
        Assert.True(bash.ExitCode == 0, $"The walkthrough's commands failed ({bash.ExitCode}):\n{output}");
        return output;
    }

    [GeneratedRegex(@"```bash\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex BashBlock();

    /// <summary>A written-out date, which a walkthrough run on a later day would find too old.</summary>
    [GeneratedRegex(@"\b20\d\d-\d\d-\d\d")]
    private static partial Regex IsoDate();
}
