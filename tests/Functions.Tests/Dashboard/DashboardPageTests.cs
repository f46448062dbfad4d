using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoyaltyBot.Functions.Bot;
using LoyaltyBot.Functions.Hosting;
using LoyaltyBot.Functions.Merchants;
using LoyaltyBot.Functions.Tests.ApiReference;
using LoyaltyBot.Functions.Tests.Infrastructure;
using LoyaltyBot.TelegramDouble;
using Microsoft.Playwright;

namespace LoyaltyBot.Functions.Tests.Dashboard;

/// <summary>
/// The real app, standalone, on an Azurite of its own, with purchases posted through the signed merchant API and
/// accrued: the figures the dashboard must show are exactly these.
/// </summary>
public sealed class DashboardWorkload : IAsyncLifetime
{
    /// <summary>(merchant, phone, amount) of every purchase; three customers, two merchants.</summary>
    public static readonly (int Merchant, int Customer, decimal Amount)[] Purchases =
        [(0, 0, 1_000m), (0, 0, 500m), (0, 1, 250.5m), (1, 2, 2_000m)];

    /// <summary>Members who started the bot (the broadcast's recipients), besides the three known only by phone (skipped).</summary>
    public static readonly TelegramUser[] BotMembers = [new(7_100_001, "Anna"), new(7_100_002, "Boris", "en")];

    private Azurite azurite = null!;
    private BotApiDouble telegram = null!;

    public AppProcess App { get; private set; } = null!;

    public string[] MerchantNames { get; } = ["Coffee House", "Book Corner"];

    /// <summary>A period around today wide enough for today in any time zone of the program's.</summary>
    public DateOnly From { get; } = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);

    public DateOnly To { get; } = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1);

    public string Query => $"from={From:yyyy-MM-dd}&to={To:yyyy-MM-dd}";

    public async Task InitializeAsync()
    {
        azurite = await Azurite.StartAsync();
        telegram = await BotApiDouble.StartAsync();
        App = await AppProcess.StartAsync(new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            [BotSettings.TokenSetting] = telegram.Token,
            [BotSettings.ApiBaseUrlSetting] = telegram.BaseUrl.ToString(),
            [BotSettings.WebhookSecretSetting] = BotApp.WebhookSecret,
        });
        foreach (var member in BotMembers)
        {
            using var update = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/telegram/webhook", UriKind.Relative)) { Content = JsonContent.Create(member.Text("/start")) };
            update.Headers.Add(TelegramWebhookEndpoint.SecretHeader, BotApp.WebhookSecret);
            using var answered = await App.Client.SendAsync(update);
            Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        }

        var merchants = new List<MerchantClient>();
        foreach (var name in MerchantNames)
        {
            using var created = await Admin(HttpMethod.Post, "/api/admin/merchants", new { name });
            var merchant = (await created.Content.ReadFromJsonAsync<Merchant>())!;
            merchants.Add(new MerchantClient(App.Client, merchant));
        }

        string[] phones = [MerchantClient.NewPhone(), MerchantClient.NewPhone(), MerchantClient.NewPhone()];
        foreach (var (merchant, customer, amount) in Purchases)
        {
            using var accepted = await merchants[merchant].PostAsync("purchases", MerchantClient.Purchase(phones[customer], amount));
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        // Accrued: every purchase is in the figures (the queue's listener runs in the app).
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await KpisAsync()).GetProperty("purchases").GetInt64() < Purchases.Length)
        {
            Assert.True(DateTime.UtcNow < deadline, "The purchases were not accrued within a minute.");
            await Task.Delay(200);
        }
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await telegram.DisposeAsync();
        await azurite.DisposeAsync();
    }

    /// <summary>The figures of the period as the admin API answers them.</summary>
    public async Task<JsonElement> KpisAsync()
    {
        using var response = await Admin(HttpMethod.Get, $"/api/admin/kpis?{Query}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<HttpResponseMessage> Admin(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add(AdminKey.HeaderName, AppProcess.AdminKey);
        var response = await App.Client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return response;
    }
}

/// <summary>
/// <c>/api/dashboard</c> in a real headless chromium against the seeded app: sign in with the key once, the tiles show
/// the seeded figures, a campaign made through the form is in the API, nothing loads from another origin, and the
/// page at laptop and phone widths is kept as screenshots (<see cref="ScreenshotsFolder"/>).
/// </summary>
public sealed class DashboardPageTests(DashboardWorkload workload) : IClassFixture<DashboardWorkload>
{
    /// <summary>Where the screenshots go: <c>screenshots/</c> in the test project's output (bin/&lt;configuration&gt;/net10.0).</summary>
    public static readonly string ScreenshotsFolder = Path.Combine(AppContext.BaseDirectory, "screenshots");

    private static readonly float Timeout = 60_000;
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");

    private static BrowserNewContextOptions Laptop => new() { Locale = "en-US", TimezoneId = "UTC", ViewportSize = new() { Width = 1366, Height = 768 } };

    [ChromiumFact]
    public async Task SignedInTheTilesShowTheSeededFiguresAndNothingLoadsFromAnotherOrigin()
    {
        await using var browser = await OriginWatchingBrowser.LaunchAsync(workload.App.BaseAddress, Laptop);
        var page = await SignInAsync(browser);

        await ShowPeriodAsync(page);

        var kpis = await workload.KpisAsync();
        var revenue = DashboardWorkload.Purchases.Sum(p => p.Amount);
        Assert.Equal(DashboardWorkload.Purchases.Length, kpis.GetProperty("purchases").GetInt64());
        Assert.Equal(revenue, kpis.GetProperty("revenue").GetDecimal());
        await Assertions.Expect(page.Locator("#kpi-purchases .value")).ToHaveTextAsync(DashboardWorkload.Purchases.Length.ToString(English));
        await Assertions.Expect(page.Locator("#kpi-revenue .value")).ToHaveTextAsync(revenue.ToString("#,0.##", English));
        await Assertions.Expect(page.Locator("#kpi-averageOrderValue .value")).ToHaveTextAsync(
            Math.Round(revenue / DashboardWorkload.Purchases.Length, 2, MidpointRounding.AwayFromZero).ToString("#,0.##", English));
        // Every figure the API answers has its tile, holding the API's value.
        foreach (var figure in kpis.EnumerateObject().Where(f => f.Value.ValueKind == JsonValueKind.Number))
        {
            var tile = page.Locator($"#kpi-{figure.Name}");
            await Assertions.Expect(tile).ToHaveCountAsync(1);
            Assert.Equal(figure.Value.GetDouble(), double.Parse((await tile.GetAttributeAsync("data-value"))!, CultureInfo.InvariantCulture));
        }

        await AssertTopMerchantsAsync(page, kpis);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.Contains(browser.SameOrigin, url => url.EndsWith("/api/dashboard/chart.js", StringComparison.Ordinal));
        Assert.Empty(browser.Elsewhere);
    }

    [ChromiumFact]
    public async Task TheKeyIsNeverInThePageOrTheBrowsersStorageOnlyAnHttpOnlyStrictSession()
    {
        await using var browser = await OriginWatchingBrowser.LaunchAsync(workload.App.BaseAddress, Laptop);
        var page = await SignInAsync(browser);

        var visible = await page.EvaluateAsync<string>(
            "() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie + document.documentElement.outerHTML");

        Assert.DoesNotContain(AppProcess.AdminKey, visible, StringComparison.Ordinal);
        Assert.DoesNotContain(AdminSession.CookieName, visible, StringComparison.Ordinal);
        var session = Assert.Single(await browser.Context.CookiesAsync(), c => c.Name == AdminSession.CookieName);
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);
        Assert.True(session.Expires > DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.DoesNotContain(AppProcess.AdminKey, session.Value, StringComparison.Ordinal);
    }

    [ChromiumFact]
    public async Task ACampaignMadeThroughTheFormIsInTheApi()
    {
        await using var browser = await OriginWatchingBrowser.LaunchAsync(workload.App.BaseAddress, Laptop);
        var page = await SignInAsync(browser);
        var name = "Double week " + Guid.NewGuid().ToString("N")[..6];
        var startsAt = DateTimeOffset.UtcNow.AddHours(1);
        var endsAt = startsAt.AddDays(7);

        await page.FillAsync("#campaign-name", name);
        await page.FillAsync("#campaign-starts", startsAt.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));
        await page.FillAsync("#campaign-ends", endsAt.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));
        await page.FillAsync("#campaign-multiplier", "3");
        await page.ClickAsync("#campaign-create");
        await Assertions.Expect(page.Locator("#campaign-list tbody tr", new() { HasText = name })).ToHaveCountAsync(1, new() { Timeout = Timeout });

        using var response = await workload.Admin(HttpMethod.Get, "/api/admin/campaigns");
        var campaign = Assert.Single((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("campaigns").EnumerateArray(),
            c => c.GetProperty("name").GetString() == name);
        Assert.Equal(3m, campaign.GetProperty("multiplier").GetDecimal());
        Assert.Equal(TruncateToMinute(startsAt), campaign.GetProperty("startsAt").GetDateTimeOffset());
        Assert.Equal(TruncateToMinute(endsAt), campaign.GetProperty("endsAt").GetDateTimeOffset());
        Assert.Equal("scheduled", campaign.GetProperty("status").GetString());
    }

    [ChromiumFact]
    public async Task ABroadcastPreviewCountsTheMembersTheBotCanReachAndSkipsTheOthers()
    {
        await using var browser = await OriginWatchingBrowser.LaunchAsync(workload.App.BaseAddress, Laptop);
        var page = await SignInAsync(browser);

        await page.SelectOptionAsync("#broadcast-segment", "all");
        await page.FillAsync("#broadcast-text-ru", "Скидки всю неделю");
        await page.FillAsync("#broadcast-text-en", "Deals all week");
        await page.ClickAsync("#broadcast-preview");

        // Two members started the bot; the three known only by the phone a till gave have no chat to send to.
        await Assertions.Expect(page.Locator("#broadcast-recipients")).ToHaveTextAsync(DashboardWorkload.BotMembers.Length.ToString(English), new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#broadcast-skipped")).ToHaveTextAsync("3");
        await Assertions.Expect(page.Locator("#broadcast-send")).ToBeEnabledAsync();
    }

    [ChromiumFact]
    public async Task WithoutASessionThePageShowsTheSignInFormAndNoData()
    {
        await using var browser = await OriginWatchingBrowser.LaunchAsync(workload.App.BaseAddress, Laptop);
        var page = await browser.OpenAsync("api/dashboard");

        await Assertions.Expect(page.Locator("#signin")).ToBeVisibleAsync(new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#tiles")).ToHaveCountAsync(0);
        var status = await page.EvaluateAsync<int>($"() => fetch('/api/admin/kpis?{workload.Query}', {{ headers: {{ 'X-Dashboard': '1' }} }}).then(r => r.status)");
        Assert.Equal(401, status);

        await page.FillAsync("#signin-key", AppProcess.AdminKey + "-wrong");
        await page.ClickAsync("#signin-submit");

        await Assertions.Expect(page.Locator("#signin-error")).ToBeVisibleAsync(new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#tiles")).ToHaveCountAsync(0);
        Assert.DoesNotContain(await browser.Context.CookiesAsync(), c => c.Name == AdminSession.CookieName);
    }

    [ChromiumFact]
    public async Task ThePageReadsAtLaptopAndPhoneWidthsInEnglishAndRussianAndIsKeptAsScreenshots()
    {
        await using var browser = await OriginWatchingBrowser.LaunchAsync(workload.App.BaseAddress, Laptop);
        var page = await SignInAsync(browser);
        await ShowPeriodAsync(page);
        Directory.CreateDirectory(ScreenshotsFolder);

        foreach (var (width, height, device) in new[] { (1366, 768, "laptop"), (390, 844, "phone") })
        {
            await page.SetViewportSizeAsync(width, height);
            foreach (var language in new[] { "en", "ru" })
            {
                await page.SelectOptionAsync("#language", language);
                await Assertions.Expect(page.Locator("#kpi-purchases .label")).ToHaveTextAsync(language == "ru" ? "Покупки" : "Purchases");
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                // Nothing wider than the screen: tables scroll inside their cards.
                Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), $"The page is wider than {width} px");
                var file = Path.Combine(ScreenshotsFolder, $"dashboard-{device}-{language}.png");
                await page.ScreenshotAsync(new() { Path = file, FullPage = true });
                Assert.True(new FileInfo(file).Length > 0);
            }
        }
    }

    [ChromiumFact]
    public async Task TheChartsAndTablesDrawTheDaysTiersAndMerchantsTheApiAnswers()
    {
        await using var browser = await OriginWatchingBrowser.LaunchAsync(workload.App.BaseAddress, Laptop);
        var answered = new System.Collections.Concurrent.ConcurrentQueue<JsonObject>();
        // Registered after the origin watch, so it comes first; the request still goes to the app, and its answer is kept.
        await browser.Context.RouteAsync(new System.Text.RegularExpressions.Regex("/api/admin/kpis\\?"), async route =>
        {
            await using var response = await route.FetchAsync();
            var kpis = JsonNode.Parse(await response.TextAsync())!.AsObject();
            answered.Enqueue(kpis);
            await route.FulfillAsync(new() { Response = response, Body = kpis.ToJsonString() });
        });

        var page = await SignInAsync(browser);

        await Assertions.Expect(page.Locator("#top-merchants tbody tr")).Not.ToHaveCountAsync(0, new() { Timeout = Timeout });
        var kpis = Assert.Single(answered);
        var days = kpis["days"]!.AsArray();
        Assert.NotEmpty(days);
        await Assertions.Expect(page.Locator("#charts-missing")).ToBeHiddenAsync();
        foreach (var (chart, fields) in new[]
        {
            ("chart-members", new[] { "members", "newMembers" }), ("chart-purchases", ["purchases"]),
            ("chart-points", ["pointsIssued", "pointsRedeemed", "pointsExpired"]), ("chart-aov", ["averageOrderValue"]),
        })
        {
            var drawn = await page.EvaluateAsync<double[][]>($"() => Chart.getChart('{chart}').data.datasets.map(d => d.data)");
            Assert.Equal(fields.Select(f => days.Select(d => d![f].Deserialize<double>()).ToArray()), drawn);
        }

        var tiers = kpis["tierDistribution"]!.AsObject();
        await Assertions.Expect(page.Locator("#tiers-table tbody tr td:first-child")).ToHaveTextAsync(tiers.Select(t => t.Key).ToArray());
        Assert.Equal(tiers.Select(t => t.Value.Deserialize<double>()), await page.EvaluateAsync<double[]>("() => Chart.getChart('chart-tiers').data.datasets[0].data"));
        await Assertions.Expect(page.Locator("#top-merchants tbody tr td:first-child")).ToHaveTextAsync(
            kpis["merchants"]!.AsArray().Select(m => m!["name"]!.GetValue<string>()).ToArray());
    }

    private static readonly string[] FarZones = ["Pacific/Kiritimati", "Etc/GMT+12"];

    [ChromiumFact]
    public async Task TheDefaultPeriodEndsOnTheProgramsTodayWhateverTheBrowsersZone()
    {
        using var answer = await workload.Admin(HttpMethod.Get, "/api/admin/program");
        var zone = TimeZoneInfo.FindSystemTimeZoneById((await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("timeZone").GetString()!);
        var programToday = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone).DateTime);
        // A browser zone whose date is not the program's now: 14 hours ahead of UTC, or 12 behind.
        var browserZone = FarZones.First(id =>
            DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById(id)).DateTime) != programToday);
        var options = Laptop;
        options.TimezoneId = browserZone;
        await using var browser = await OriginWatchingBrowser.LaunchAsync(workload.App.BaseAddress, options);

        var page = await SignInAsync(browser);

        await Assertions.Expect(page.Locator("#period-to")).ToHaveValueAsync(programToday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#period-from")).ToHaveValueAsync(programToday.AddDays(-29).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    private static async Task<IPage> SignInAsync(OriginWatchingBrowser browser)
    {
        var page = await browser.OpenAsync("api/dashboard");
        await page.FillAsync("#signin-key", AppProcess.AdminKey);
        await page.ClickAsync("#signin-submit");
        await Assertions.Expect(page.Locator("#kpi-purchases")).ToBeVisibleAsync(new() { Timeout = Timeout });
        return page;
    }

    /// <summary>Picks the workload's period in the page and waits for its figures.</summary>
    private async Task ShowPeriodAsync(IPage page)
    {
        await page.FillAsync("#period-from", workload.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.FillAsync("#period-to", workload.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.ClickAsync("#period-show");
        await Assertions.Expect(page.Locator("#kpi-purchases")).ToHaveAttributeAsync("data-value", DashboardWorkload.Purchases.Length.ToString(CultureInfo.InvariantCulture), new() { Timeout = Timeout });
    }

    /// <summary>The merchants by revenue, as the API answers them.</summary>
    private async Task AssertTopMerchantsAsync(IPage page, JsonElement kpis)
    {
        var expected = kpis.GetProperty("merchants").EnumerateArray().Select(m => m.GetProperty("name").GetString()!).ToArray();
        Assert.Equal(Enumerable.Reverse(workload.MerchantNames), expected.Take(2));
        await Assertions.Expect(page.Locator("#top-merchants tbody tr td:first-child")).ToHaveTextAsync(expected);
    }

    private static DateTimeOffset TruncateToMinute(DateTimeOffset time) => new(time.Year, time.Month, time.Day, time.Hour, time.Minute, 0, time.Offset);
}
