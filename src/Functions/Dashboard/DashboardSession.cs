using LoyaltyBot.Functions.Hosting;

namespace LoyaltyBot.Functions.Dashboard;

/// <summary>
/// <c>POST /api/dashboard/session</c> with the form field <c>key</c>: the right admin key starts a session
/// (<see cref="AdminSession"/>) and sends the browser back to the dashboard (302); a wrong or missing one answers 401
/// with the sign-in form again. <c>DELETE</c> ends the session (204).
/// </summary>
internal static class DashboardSession
{
    public const string KeyField = "key";

    public static async Task<IResult> HandleAsync(HttpRequest request, IConfiguration configuration, TimeProvider time)
    {
        if (AdminSession.IsCrossSite(request))
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "Sign-in and sign-out come from the dashboard's own page.");
        }

        if (HttpMethods.IsDelete(request.Method))
        {
            AdminSession.End(request.HttpContext);
            return Results.NoContent();
        }

        var presented = request.HasFormContentType ? (await request.ReadFormAsync(request.HttpContext.RequestAborted))[KeyField] : default;
        var adminKey = configuration[AdminKey.Setting];
        if (!AdminKey.Matches(adminKey, presented))
        {
            return DashboardAssets.Page(DashboardAssets.SignInRefused, request, StatusCodes.Status401Unauthorized);
        }

        AdminSession.Start(request.HttpContext, adminKey!, AdminSession.Lifetime(configuration), time);
        // 302: the browser follows a form's POST with a GET of the dashboard.
        return Results.Redirect(DashboardAssets.Path);
    }
}
