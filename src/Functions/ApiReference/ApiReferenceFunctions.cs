using LoyaltyBot.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;

namespace LoyaltyBot.Functions.ApiReference;

/// <summary>
/// <c>GET /api/reference</c>: the merchant and admin APIs, browsable; its script and icon under the same path. HTTP
/// functions, so the Functions host forwards them as it forwards every declared function.
/// </summary>
public static class ApiReferenceFunctions
{
    [Function("ApiReference")]
    public static IResult Page([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "reference")] HttpRequest request) => ApiReferencePage.Serve();

    [Function("ApiReferenceAsset")]
    public static IResult Asset([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "reference/{asset}")] HttpRequest request) =>
        ScalarAssets.Serve(request.Route("asset"), request);
}
