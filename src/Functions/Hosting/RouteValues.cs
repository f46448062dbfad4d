namespace LoyaltyBot.Functions.Hosting;

public static class RouteValues
{
    /// <summary>A value of the function's route (<c>{merchantId}</c>), as routing matched it in either mode; empty when absent.</summary>
    public static string Route(this HttpRequest request, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.RouteValues[name]?.ToString() ?? "";
    }
}
