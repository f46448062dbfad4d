using System.Net;
using System.Text.Json.Nodes;
using LoyaltyBot.Functions.Hosting;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static LoyaltyBot.Functions.Tests.Admin.AdminHttp;

namespace LoyaltyBot.Functions.Tests.Dashboard;

/// <summary>The app on a clock the test turns, with dashboard sessions of one hour.</summary>
public sealed class DashboardApp : LoyaltyApp
{
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(1);

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void Configure(IDictionary<string, string?> settings) =>
        settings[AdminSession.LifetimeSetting] = SessionLifetime.ToString();

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);
}

/// <summary>
/// The dashboard's sign-in on the app: the admin key, given once, becomes an HttpOnly, SameSite=Strict session cookie
/// that opens the admin API until it expires; without it every admin route answers 401 and the page shows no data.
/// </summary>
public sealed class DashboardSessionTests(DashboardApp app) : IClassFixture<DashboardApp>
{
    private const string OtherAdminKey = "an-earlier-admin-key";

    /// <summary>Every HTTP function under <c>admin/</c> in the built functions.metadata, with each of its methods.</summary>
    public static TheoryData<string, string, string> AdminRoutes()
    {
        var routes = new TheoryData<string, string, string>();
        var metadata = JsonNode.Parse(File.ReadAllText(System.IO.Path.Combine(AppProcess.AppDirectory(), "functions.metadata")))!.AsArray();
        foreach (var function in metadata)
        {
            var trigger = function!["bindings"]!.AsArray().Single(b => b!["type"]!.GetValue<string>().EndsWith("Trigger", StringComparison.Ordinal))!;
            if (trigger["type"]!.GetValue<string>() == "httpTrigger" && trigger["route"]!.GetValue<string>().StartsWith("admin/", StringComparison.Ordinal))
            {
                foreach (var method in trigger["methods"]!.AsArray())
                {
                    routes.Add(function["name"]!.GetValue<string>(), method!.GetValue<string>().ToUpperInvariant(), "/api/" + trigger["route"]!.GetValue<string>());
                }
            }
        }

        return routes;
    }

    [Fact]
    public void TheAdminRoutesAreFoundAndEachRequiresTheAdminKey()
    {
        var catalog = app.Services.GetRequiredService<FunctionCatalog>();
        var names = AdminRoutes().Select(row => (string)row[0]).Distinct().ToList();

        Assert.Contains("AdminKpis", names);
        Assert.Contains("AdminCampaigns", names);
        Assert.All(names, name => Assert.True(catalog[name].RequiresAdminKey, $"{name} does not require the admin key"));
    }

    [Theory]
    [MemberData(nameof(AdminRoutes))]
    public async Task EveryAdminRouteAnswers401WithoutTheKeyOrAValidSession(string function, string method, string route)
    {
        var path = Path(System.Text.RegularExpressions.Regex.Replace(route, "\\{[^}]+\\}", "x1"));
        var refused = new (string Why, Action<HttpRequestMessage> Credentials)[]
        {
            ("nothing", _ => { }),
            ("a wrong key", r => r.Headers.Add(AdminKey.HeaderName, AppProcess.AdminKey + "x")),
            ("an empty key", r => r.Headers.TryAddWithoutValidation(AdminKey.HeaderName, "")),
            ("a session of another admin key (before a rotation)", FromTheDashboard(SessionCookie(OtherAdminKey, app.Clock.GetUtcNow()))),
            ("an expired session", FromTheDashboard(SessionCookie(app.AdminApiKey, app.Clock.GetUtcNow() - DashboardApp.SessionLifetime - TimeSpan.FromMinutes(1)))),
            ("a session longer than the lifetime allows", FromTheDashboard(SessionCookie(app.AdminApiKey, app.Clock.GetUtcNow(), TimeSpan.FromDays(30)))),
            ("a forged session", FromTheDashboard($"{AdminSession.CookieName}=AAAAAGlhZ3I.c2lnbmF0dXJl")),
        };
        if (method != "GET")
        {
            var valid = SessionCookie(app.AdminApiKey, app.Clock.GetUtcNow());
            refused = [.. refused, ("a valid session without the dashboard's header", r => r.Headers.Add("Cookie", valid))];
        }

        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        foreach (var (why, credentials) in refused)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method is "POST" or "PUT" ? Json("{}") : null };
            credentials(request);

            using var response = await client.SendAsync(request);

            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{function} {method} with {why} answered {(int)response.StatusCode}");
            await ProblemAsync(response, HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task SigningInSetsAnHttpOnlyStrictExpiringCookieThatOpensTheAdminApiWithoutHoldingTheKey()
    {
        using var browser = Browser();

        using var signIn = await SignInAsync(browser, app.AdminApiKey);

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/api/dashboard", signIn.Headers.Location?.OriginalString);
        var cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith(AdminSession.CookieName + "=", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/api", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("expires=" + (app.Clock.GetUtcNow() + DashboardApp.SessionLifetime).ToString("R", System.Globalization.CultureInfo.InvariantCulture), cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(app.AdminApiKey, cookie, StringComparison.Ordinal);
        // Plain http on the test server: a Secure cookie would never come back.
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);

        using var kpis = await browser.GetAsync(Path("/api/admin/kpis?from=2026-01-01&to=2026-01-31"));
        Assert.Equal(HttpStatusCode.OK, kpis.StatusCode);
        var page = await browser.GetStringAsync(Path("/api/dashboard"));
        Assert.Contains("id=\"tiles\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain(app.AdminApiKey, page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BehindHttpsTheCookieIsSecure()
    {
        using var browser = Browser();

        using var signIn = await SignInAsync(browser, app.AdminApiKey, ("X-Forwarded-Proto", "https"));

        Assert.Contains("secure", Assert.Single(signIn.Headers.GetValues("Set-Cookie")), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("wrong-key")]
    public async Task AWrongOrMissingKeyAnswers401WithTheSignInFormAndNoSession(string? key)
    {
        using var browser = Browser();

        using var signIn = key is null
            ? await browser.PostAsync(Path("/api/dashboard/session"), null)
            : await SignInAsync(browser, key);

        Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);
        Assert.False(signIn.Headers.Contains("Set-Cookie"));
        var form = await signIn.Content.ReadAsStringAsync();
        Assert.Contains("<p id=\"signin-error\" class", form, StringComparison.Ordinal);
        await AssertSignedOutAsync(browser);
    }

    [Fact]
    public async Task WithoutASessionThePageIsTheSignInFormWithNoData()
    {
        using var browser = Browser();

        using var page = await browser.GetAsync(Path("/api/dashboard"));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("no-store", page.Headers.CacheControl?.ToString());
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("id=\"signin\"", html, StringComparison.Ordinal);
        Assert.Contains("<p id=\"signin-error\" hidden", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"tiles\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSessionIsRefusedOnceItExpires()
    {
        using var browser = Browser();
        using var signIn = await SignInAsync(browser, app.AdminApiKey);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        using var before = await browser.GetAsync(Path("/api/admin/campaigns"));
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        app.Clock.Advance(DashboardApp.SessionLifetime + TimeSpan.FromSeconds(1));

        await ProblemAsync(await browser.GetAsync(Path("/api/admin/campaigns")), HttpStatusCode.Unauthorized);
        Assert.Contains("id=\"signin\"", await browser.GetStringAsync(Path("/api/dashboard")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASessionChangesDataOnlyWithTheDashboardsHeader()
    {
        using var browser = Browser();
        using var signIn = await SignInAsync(browser, app.AdminApiKey);

        // What a forged cross-site form could send: the cookie (were SameSite ignored), never a custom header.
        using var forged = await browser.PostAsync(Path("/api/admin/merchants"), Json("{\"name\":\"Forged\"}"));
        using var request = new HttpRequestMessage(HttpMethod.Post, Path("/api/admin/merchants")) { Content = Json("{\"name\":\"From the dashboard\"}") };
        request.Headers.Add(AdminSession.RequestHeader, "1");
        using var fromTheDashboard = await browser.SendAsync(request);

        await ProblemAsync(forged, HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.Created, fromTheDashboard.StatusCode);
    }

    [Fact]
    public async Task SigningOutEndsTheSession()
    {
        using var browser = Browser();
        using var signIn = await SignInAsync(browser, app.AdminApiKey);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(Path("/api/admin/campaigns"))).StatusCode);

        using var signOut = await browser.DeleteAsync(Path("/api/dashboard/session"));

        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        Assert.Contains("expires=Thu, 01 Jan 1970", Assert.Single(signOut.Headers.GetValues("Set-Cookie")), StringComparison.OrdinalIgnoreCase);
        await AssertSignedOutAsync(browser);
    }

    [Fact]
    public async Task ASignInFromAnotherSiteIsRefused()
    {
        using var browser = Browser();

        using var signIn = await SignInAsync(browser, app.AdminApiKey, ("Sec-Fetch-Site", "cross-site"));

        await ProblemAsync(signIn, HttpStatusCode.Forbidden);
        Assert.False(signIn.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public void ASessionOfAnotherAdminKeyIsNotAdmitted()
    {
        var now = app.Clock.GetUtcNow();
        var request = new DefaultHttpContext().Request;
        request.Method = "GET";
        request.Headers.Cookie = SessionCookie(OtherAdminKey, now);

        Assert.True(AdminSession.Admits(request, OtherAdminKey, DashboardApp.SessionLifetime, app.Clock));
        Assert.False(AdminSession.Admits(request, app.AdminApiKey, DashboardApp.SessionLifetime, app.Clock));
    }

    /// <summary>A client with a cookie jar of its own that does not follow redirects, as a browser's tab would show them.</summary>
    private HttpClient Browser() => app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Posts the sign-in form with <paramref name="key"/>, and <paramref name="header"/> when given.</summary>
    private static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string key, (string Name, string Value)? header = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Path("/api/dashboard/session")) { Content = new FormUrlEncodedContent([new("key", key)]) };
        if (header is var (name, value))
        {
            request.Headers.Add(name, value);
        }

        return await browser.SendAsync(request);
    }

    private static async Task AssertSignedOutAsync(HttpClient browser)
    {
        await ProblemAsync(await browser.GetAsync(Path("/api/admin/campaigns")), HttpStatusCode.Unauthorized);
        Assert.DoesNotContain("id=\"tiles\"", await browser.GetStringAsync(Path("/api/dashboard")), StringComparison.Ordinal);
    }

    /// <summary>A request as the dashboard's script sends it: the cookie and the dashboard's header.</summary>
    private static Action<HttpRequestMessage> FromTheDashboard(string cookie) => request =>
    {
        request.Headers.Add("Cookie", cookie);
        request.Headers.Add(AdminSession.RequestHeader, "1");
    };

    /// <summary>The <c>Cookie</c> header of a session signed with <paramref name="adminKey"/> that started at <paramref name="startedAt"/>.</summary>
    private static string SessionCookie(string adminKey, DateTimeOffset startedAt, TimeSpan? lifetime = null)
    {
        var http = new DefaultHttpContext();
        AdminSession.Start(http, adminKey, lifetime ?? DashboardApp.SessionLifetime, new FakeTimeProvider(startedAt));
        return http.Response.Headers.SetCookie.ToString().Split(';')[0];
    }
}
