using System.Diagnostics;
using System.Net.Http.Json;
using LoyaltyBot.Functions.Tests.Infrastructure;

namespace LoyaltyBot.Functions.Tests.RunCommand;

/// <summary>The README's run command, as a new user types it: it must bring up Azurite and the app, and health must say storage is reachable.</summary>
[Collection(RunScript.Collection)]
public sealed class RunCommandTests
{
    private sealed record Health(string Status, StorageHealth Storage);

    private sealed record StorageHealth(bool Reachable);

    [Fact]
    public async Task TheRunCommandStartsTheAppOnAzuriteAndHealthReportsStorageReachable()
    {
        var ports = RunPorts.Free();
        await using var run = RunScript.Start(ports);
        using var http = new HttpClient { BaseAddress = ports.AppUrl, Timeout = TimeSpan.FromSeconds(10) };
        var health = await PollHealthAsync(http, run, TimeSpan.FromMinutes(4));

        Assert.True(health is not null, "the app never answered /api/health. Output:\n" + run.Output);
        Assert.True(health.Storage.Reachable, "health says storage is unreachable");
        Assert.Equal("healthy", health.Status);

        // The settings come from local.settings.json (run.sh makes it from the example): its admin key runs a function now.
        var settings = LoyaltyBot.Functions.Hosting.LocalSettings.ReadValues(Path.Combine(RepositoryRoot.Path, "local.settings.json"));
        using var runNow = new HttpRequestMessage(HttpMethod.Post, "/admin/functions/ExpirePoints") { Content = JsonContent.Create(new { input = "" }) };
        runNow.Headers.Add("X-Admin-Key", settings["AdminApiKey"]);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, (await http.SendAsync(runNow)).StatusCode);
    }

    private static async Task<Health?> PollHealthAsync(HttpClient http, RunScript run, TimeSpan patience)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < patience && !run.HasExited)
        {
            try
            {
                return await http.GetFromJsonAsync<Health>("/api/health");
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                await Task.Delay(500);
            }
        }

        return null;
    }
}
