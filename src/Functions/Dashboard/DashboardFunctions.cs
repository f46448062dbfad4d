using LoyaltyBot.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;

namespace LoyaltyBot.Functions.Dashboard;

/// <summary>
/// <c>/api/dashboard</c>: the program owner's page over the admin API, its files, and its sign-in and sign-out. HTTP
/// functions, so the Functions host forwards them as it forwards every declared function.
/// </summary>
public sealed class DashboardFunctions(IConfiguration configuration, TimeProvider time)
{
    /// <summary>The dashboard with a valid session, else the sign-in form: no figure reaches a browser without a session.</summary>
    [Function("Dashboard")]
    public IResult Page([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dashboard")] HttpRequest request) =>
        DashboardAssets.Page(AdminKey.IsOperator(request, configuration, time) ? DashboardAssets.Dashboard : DashboardAssets.SignIn, request);

    [Function("DashboardAsset")]
    public static IResult Asset([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dashboard/{asset}")] HttpRequest request) =>
        DashboardAssets.Serve(request.Route("asset"), request);

    /// <summary>POST (a form with <c>key</c>) signs in; DELETE signs out.</summary>
    [Function("DashboardSession")]
    public Task<IResult> SessionAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", "delete", Route = "dashboard/session")] HttpRequest request) =>
        DashboardSession.HandleAsync(request, configuration, time);
}
