using System.Net.Http.Json;
using System.Text.Json;
using LoyaltyBot.Functions.Tests.Hosting;
using Microsoft.Playwright;

namespace LoyaltyBot.Functions.Tests.ApiReference;

/// <summary>
/// <c>/api/reference</c> in a real headless chromium against the real app, standalone: both APIs listed with every
/// operation of their documents, and not one request leaving the app's origin.
/// </summary>
public sealed class ApiReferencePageTests(StandaloneAppFixture fixture) : IClassFixture<StandaloneAppFixture>
{
    private static readonly TimeSpan PageTimeout = TimeSpan.FromSeconds(60);

    [ChromiumFact]
    public async Task ThePageListsBothApisWithEveryOperationAndLoadsNothingFromAnotherOrigin()
    {
        await using var browser = await OriginWatchingBrowser.LaunchAsync(fixture.App.BaseAddress);

        foreach (var (slug, title) in new[] { ("merchant", "LoyaltyBot merchant API"), ("admin", "LoyaltyBot admin API") })
        {
            var page = await browser.OpenAsync($"api/reference?api={slug}");

            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = title })).ToBeVisibleAsync(new() { Timeout = (float)PageTimeout.TotalMilliseconds });
            foreach (var summary in await SummariesAsync(slug))
            {
                await Assertions.Expect(page.GetByText(summary, new() { Exact = true }).First).ToBeAttachedAsync();
            }

            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        }

        Assert.NotEmpty(browser.SameOrigin);
        Assert.Contains(browser.SameOrigin, url => url.EndsWith("/api/reference/scalar.js", StringComparison.Ordinal));
        Assert.Contains(browser.SameOrigin, url => url.EndsWith("/api/openapi/admin.json", StringComparison.Ordinal));
        Assert.Empty(browser.Elsewhere);
    }

    [ChromiumFact]
    public async Task ARequestToAnotherOriginIsCaught()
    {
        await using var browser = await OriginWatchingBrowser.LaunchAsync(fixture.App.BaseAddress);
        var page = await browser.OpenAsync("api/health");

        // Another loopback address is another origin: the watch must catch it (and stop it before it leaves).
        await page.EvaluateAsync("() => fetch('http://127.0.0.2:9/elsewhere').catch(() => null)");

        Assert.Contains("http://127.0.0.2:9/elsewhere", browser.Elsewhere);
    }

    /// <summary>The summary of every operation of a document, as the app serves it.</summary>
    private async Task<IReadOnlyList<string>> SummariesAsync(string document)
    {
        var json = await fixture.App.Client.GetFromJsonAsync<JsonElement>(new Uri($"/api/openapi/{document}.json", UriKind.Relative));
        var summaries = json.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject())
            .Select(operation => operation.Value.GetProperty("summary").GetString()!)
            .ToList();
        Assert.NotEmpty(summaries);
        return summaries;
    }
}
