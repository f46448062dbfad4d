using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Primitives;

namespace LoyaltyBot.Functions.Hosting;

/// <summary>
/// The guard of everything an operator calls (<c>/api/admin/...</c>, <c>/admin/functions/{name}</c>): header
/// <c>X-Admin-Key</c> must equal setting <c>AdminApiKey</c>, compared in constant time, or (without the header) the
/// dashboard's session cookie must be valid (<see cref="AdminSession"/>); otherwise 401 problem+json.
/// With no <c>AdminApiKey</c> set, every call is refused. Put <see cref="RequireAdminKey{TBuilder}"/> on an endpoint
/// or a route group (<see cref="MapAdminGroup"/>).
/// <para>
/// It is an authentication scheme rather than an endpoint filter because filters run after the endpoint has bound its
/// parameters: a caller without the key would get the 400 of a malformed body instead of a 401.
/// </para>
/// </summary>
public static class AdminKey
{
    public const string HeaderName = "X-Admin-Key";
    public const string Setting = "AdminApiKey";
    public const string Scheme = "AdminKey";

    public static IServiceCollection AddAdminKey(this IServiceCollection services)
    {
        // The core only: the full AddAuthentication brings data protection, which writes a key ring at start-up.
        services.AddAuthenticationCore(options => options.AddScheme<AdminKeyHandler>(Scheme, displayName: null));
        services.AddAuthorizationBuilder().AddPolicy(Scheme, policy => policy.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser());
        return services;
    }

    /// <summary>Requires the admin key on an endpoint or on every endpoint of a group.</summary>
    public static TBuilder RequireAdminKey<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(Scheme);

    /// <summary>A route group under <paramref name="prefix"/> whose every endpoint requires the admin key.</summary>
    public static RouteGroupBuilder MapAdminGroup(this IEndpointRouteBuilder endpoints, string prefix) =>
        endpoints.MapGroup(prefix).RequireAdminKey();

    public static bool Matches(string? expected, StringValues presented)
    {
        if (string.IsNullOrEmpty(expected) || presented.Count != 1 || string.IsNullOrEmpty(presented[0]))
        {
            return false;
        }

        // Hashing first makes the comparison constant-time in the length too.
        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)),
            SHA256.HashData(Encoding.UTF8.GetBytes(presented[0]!)));
    }

    /// <summary>True when the request carries the right key or, without the header, a valid dashboard session.</summary>
    public static bool IsOperator(HttpRequest request, IConfiguration configuration, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(configuration);
        var expected = configuration[Setting];
        return request.Headers.TryGetValue(HeaderName, out var presented)
            ? Matches(expected, presented)
            : AdminSession.Admits(request, expected, AdminSession.Lifetime(configuration), time);
    }

    /// <summary>The answer to a call without the right key: 401 problem+json.</summary>
    public static IResult Refusal() =>
        Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: $"The {HeaderName} header is missing or wrong.");

    /// <summary>Authenticates the operator by the header or the session cookie; a challenge answers 401 problem+json.</summary>
    private sealed class AdminKeyHandler(IConfiguration configuration, TimeProvider time) : IAuthenticationHandler
    {
        private static readonly ClaimsPrincipal Operator = new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "operator")], Scheme));
        private HttpContext context = null!;

        public Task InitializeAsync(AuthenticationScheme scheme, HttpContext context)
        {
            this.context = context;
            return Task.CompletedTask;
        }

        public Task<AuthenticateResult> AuthenticateAsync()
        {
            return Task.FromResult(IsOperator(context.Request, configuration, time)
                ? AuthenticateResult.Success(new AuthenticationTicket(Operator, Scheme))
                : AuthenticateResult.NoResult());
        }

        public Task ChallengeAsync(AuthenticationProperties? properties) => Refusal().ExecuteAsync(context);

        public Task ForbidAsync(AuthenticationProperties? properties) =>
            Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden").ExecuteAsync(context);
    }
}
