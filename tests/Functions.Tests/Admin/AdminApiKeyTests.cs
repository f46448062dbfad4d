using System.Net;
using LoyaltyBot.Functions.Hosting;
using LoyaltyBot.Functions.Tests.Infrastructure;
using static LoyaltyBot.Functions.Tests.Admin.AdminHttp;

namespace LoyaltyBot.Functions.Tests.Admin;

public sealed class AdminApiKeyTests(LoyaltyApp app) : IClassFixture<LoyaltyApp>
{
    public static TheoryData<string, string> Endpoints => new()
    {
        { "POST", "/api/admin/merchants" },
        { "POST", "/api/admin/merchants/m1/secret" },
        { "GET", "/api/admin/customers?telegramUserId=1" },
        { "GET", "/api/admin/customers/c1" },
        { "GET", "/api/admin/program" },
        { "PUT", "/api/admin/program" },
        { "GET", "/api/admin/campaigns" },
        { "POST", "/api/admin/campaigns" },
        { "GET", "/api/admin/campaigns/cmp1" },
        { "DELETE", "/api/admin/campaigns/cmp1" },
        { "GET", "/api/admin/offers" },
        { "POST", "/api/admin/offers" },
        { "DELETE", "/api/admin/offers/ofr1" },
        { "GET", "/api/admin/customers" },
        { "GET", "/api/admin/customers?q=ivan" },
        { "GET", "/api/admin/customers/c1/ledger" },
        { "GET", "/api/admin/customers/c1/ledger.csv" },
        { "POST", "/api/admin/customers/c1/adjustments" },
        { "PUT", "/api/admin/customers/c1/phone" },
        { "PUT", "/api/admin/customers/c1/birthday" },
        { "GET", "/api/admin/kpis?from=2026-11-01&to=2026-11-30" },
        { "GET", "/api/admin/merchants" },
        { "GET", "/api/admin/segments" },
        { "POST", "/api/admin/broadcasts/preview" },
        { "GET", "/api/admin/broadcasts" },
        { "POST", "/api/admin/broadcasts" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task EveryAdminEndpointRefusesACallerWithoutTheKey(string method, string path)
    {
        using var request = Request(method, path);

        using var response = await app.Client.SendAsync(request);

        await ProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task EveryAdminEndpointRefusesAWrongKey(string method, string path)
    {
        using var request = Request(method, path);
        request.Headers.Add(AdminKey.HeaderName, AppProcess.AdminKey + "x");

        using var response = await app.Client.SendAsync(request);

        await ProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    // With a body, so that the key, not a missing body, is what gets refused.
    private static HttpRequestMessage Request(string method, string path) =>
        new(new HttpMethod(method), Path(path)) { Content = method is "GET" or "DELETE" ? null : Json("{\"name\": \"Coffee\"}") };
}
