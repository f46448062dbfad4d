using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace LoyaltyBot.Functions.Tests.ApiReference;

/// <summary>A headless chromium whose every request is recorded: the app's own let through, any other origin's stopped and kept.</summary>
internal sealed class OriginWatchingBrowser : IAsyncDisposable
{
    private readonly IPlaywright playwright;
    private readonly IBrowser browser;
    private readonly IBrowserContext context;
    private readonly Uri app;

    private OriginWatchingBrowser(IPlaywright playwright, IBrowser browser, IBrowserContext context, Uri app)
    {
        this.playwright = playwright;
        this.browser = browser;
        this.context = context;
        this.app = app;
    }

    public IBrowserContext Context => context;

    public ConcurrentQueue<string> SameOrigin { get; } = new();

    public ConcurrentQueue<string> Elsewhere { get; } = new();

    public static async Task<OriginWatchingBrowser> LaunchAsync(Uri app, BrowserNewContextOptions? options = null)
    {
        var playwright = await Playwright.CreateAsync();
        // --no-sandbox: chromium's sandbox refuses to run as root, which CI is.
        var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium.ExecutablePath, Headless = true, Args = ["--no-sandbox"] });
        var context = await browser.NewContextAsync(options);
        var watching = new OriginWatchingBrowser(playwright, browser, context, app);
        await context.RouteAsync("**/*", watching.RouteAsync);
        return watching;
    }

    public async Task<IPage> OpenAsync(string relative)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(app, relative).ToString());
        return page;
    }

    private async Task RouteAsync(IRoute route)
    {
        var url = route.Request.Url;
        if (Uri.TryCreate(url, UriKind.Absolute, out var target) && target.GetLeftPart(UriPartial.Authority) == app.GetLeftPart(UriPartial.Authority))
        {
            SameOrigin.Enqueue(url);
            await route.ContinueAsync();
            return;
        }

        Elsewhere.Enqueue(url);
        await route.AbortAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await context.DisposeAsync();
        await browser.DisposeAsync();
        playwright.Dispose();
    }
}
