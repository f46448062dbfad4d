using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace LoyaltyBot.Functions.Hosting;

/// <summary>
/// The dashboard's sign-in: the admin key, given once, becomes an HttpOnly, SameSite=Strict cookie holding a signed
/// expiry (<c>base64url(expiry) "." base64url(HMAC-SHA256)</c>), never the key itself. The signing key is derived from
/// <c>AdminApiKey</c>, so rotating the admin key ends every session; nothing is stored server-side.
/// </summary>
public static class AdminSession
{
    public const string CookieName = "loyaltybot_session";

    /// <summary>
    /// The header a cookie-authenticated POST, PUT or DELETE must carry: a cross-site page cannot set a custom header
    /// without a CORS preflight, which the app never answers, so a forged request has only the cookie and is refused.
    /// </summary>
    public const string RequestHeader = "X-Dashboard";

    public const string LifetimeSetting = "DashboardSessionLifetime";

    public const string DefaultLifetime = "08:00:00";

    /// <summary>The cookie rides only to the app's HTTP functions (the dashboard and the admin API).</summary>
    private const string CookiePath = "/" + HttpTrigger.RoutePrefix;

    private static readonly byte[] Purpose = Encoding.UTF8.GetBytes("LoyaltyBot dashboard session v1");

    /// <summary>Setting <c>DashboardSessionLifetime</c> (<c>hh:mm:ss</c>, default 8 hours).</summary>
    public static TimeSpan Lifetime(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var value = configuration[LifetimeSetting] is { Length: > 0 } set ? set : DefaultLifetime;
        return TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var lifetime) && lifetime > TimeSpan.Zero
            ? lifetime
            : throw new InvalidOperationException($"Setting {LifetimeSetting} must be a positive time span (hh:mm:ss), not '{value}'.");
    }

    /// <summary>Signs the operator in: sets the session cookie, valid for <see cref="Lifetime"/> from now.</summary>
    public static void Start(HttpContext http, string adminKey, TimeSpan lifetime, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(time);
        var expires = time.GetUtcNow() + lifetime;
        http.Response.Cookies.Append(CookieName, Token(adminKey, expires), Options(http.Request, expires));
    }

    /// <summary>Signs the operator out: the browser drops the cookie.</summary>
    public static void End(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.Cookies.Delete(CookieName, Options(http.Request, expires: null));
    }

    /// <summary>
    /// True when the request carries a session cookie signed with the current admin key that has not expired and is no
    /// longer than <paramref name="lifetime"/> allows (a shortened setting shortens running sessions); a POST, PUT or
    /// DELETE must also carry <see cref="RequestHeader"/>.
    /// </summary>
    public static bool Admits(HttpRequest request, string? adminKey, TimeSpan lifetime, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(time);
        if (string.IsNullOrEmpty(adminKey) || request.Cookies[CookieName] is not { } token
            || (!IsSafe(request.Method) && !request.Headers.ContainsKey(RequestHeader)))
        {
            return false;
        }

        var now = time.GetUtcNow();
        return ExpiryOf(token, adminKey) is { } expires && expires > now && expires <= now + lifetime;
    }

    /// <summary>
    /// True when a browser says the request comes from another site (<c>Sec-Fetch-Site: cross-site</c>): the sign-in and
    /// sign-out forms refuse it, so no other site can sign the operator in or out.
    /// </summary>
    public static bool IsCrossSite(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return string.Equals(request.Headers["Sec-Fetch-Site"], "cross-site", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsSafe(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);

    private static CookieOptions Options(HttpRequest request, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        // Azure's front ends end TLS and say so in X-Forwarded-Proto; plain http stays possible on a developer's machine.
        Secure = request.IsHttps || string.Equals(request.Headers["X-Forwarded-Proto"], "https", StringComparison.OrdinalIgnoreCase),
        Path = CookiePath,
        Expires = expires,
        IsEssential = true,
    };

    private static string Token(string adminKey, DateTimeOffset expires)
    {
        var payload = new byte[sizeof(long)];
        BinaryPrimitives.WriteInt64BigEndian(payload, expires.ToUnixTimeSeconds());
        return $"{WebEncoders.Base64UrlEncode(payload)}.{WebEncoders.Base64UrlEncode(Sign(adminKey, payload))}";
    }

    private static DateTimeOffset? ExpiryOf(string token, string adminKey)
    {
        var parts = token.Split('.');
        if (parts.Length != 2)
        {
            return null;
        }

        try
        {
            var payload = WebEncoders.Base64UrlDecode(parts[0]);
            var signature = WebEncoders.Base64UrlDecode(parts[1]);
            return payload.Length == sizeof(long) && CryptographicOperations.FixedTimeEquals(signature, Sign(adminKey, payload))
                ? DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(payload))
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static byte[] Sign(string adminKey, byte[] payload)
    {
        // A key of its own, derived from the admin key: the cookie never signs with the key an API caller sends.
        var sessionKey = HMACSHA256.HashData(Encoding.UTF8.GetBytes(adminKey), Purpose);
        return HMACSHA256.HashData(sessionKey, payload);
    }
}
