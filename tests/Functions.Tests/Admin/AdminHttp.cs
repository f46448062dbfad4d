using System.Net;
using System.Text;
using System.Text.Json;

namespace LoyaltyBot.Functions.Tests.Admin;

/// <summary>Requests and answers of the admin API as its callers see them: raw JSON bodies and problem documents.</summary>
internal static class AdminHttp
{
    public static Uri Path(string path) => new(path, UriKind.Relative);

    public static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Asserts an RFC 9457 problem with <paramref name="status"/> and answers it.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var problem = await JsonAsync(response, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }

    /// <summary>Asserts a 400 validation problem and answers the fields its <c>errors</c> name, sorted.</summary>
    public static async Task<string[]> InvalidFieldsAsync(HttpResponseMessage response)
    {
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.All(errors.EnumerateObject(), e => Assert.NotEmpty(e.Value.EnumerateArray().Select(m => m.GetString())));
        return [.. errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal)];
    }

    public static string[] Names(JsonElement json) => [.. json.EnumerateObject().Select(p => p.Name)];
}
