using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LoyaltyBot.TelegramDouble;

/// <summary>One request the bot made: the method and its parameters as JSON values (files as their name, length, SHA-256 and content in base64).</summary>
public sealed record BotApiCall(string Method, IReadOnlyDictionary<string, JsonNode?> Parameters, DateTimeOffset At)
{
    public long? ChatId => Parameters.TryGetValue("chat_id", out var id) && id is JsonValue value ? long.Parse(value.ToString(), CultureInfo.InvariantCulture) : null;

    public string? Text => Parameters.TryGetValue("text", out var text) ? text?.GetValue<string>() : Parameters.TryGetValue("caption", out var caption) ? caption?.GetValue<string>() : null;

    private static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The uploaded file a parameter names, directly or as <c>attach://&lt;part&gt;</c> (how Telegram.Bot uploads a stream).</summary>
    public JsonObject? File(string name) => Parameters.GetValueOrDefault(name) switch
    {
        JsonObject file => file,
        JsonValue value when value.TryGetValue<string>(out var text) && text.StartsWith("attach://", StringComparison.Ordinal) =>
            Parameters.GetValueOrDefault(text["attach://".Length..]) as JsonObject,
        _ => null,
    };

    /// <summary>The bytes of the uploaded file a parameter names.</summary>
    public byte[]? FileContent(string name) => File(name)?["content"] is { } content ? Convert.FromBase64String(content.GetValue<string>()) : null;

    /// <summary>A parameter as text: strings as they are, objects (reply_markup, commands) as readable JSON.</summary>
    public string? Parameter(string name) => Parameters.TryGetValue(name, out var value) ? value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString(Readable) : null;
}

/// <summary>An error answer the double gives instead of success, as Telegram words them.</summary>
public sealed record BotApiFailure(int Code, string Description, int? RetryAfter = null)
{
    public static BotApiFailure TooManyRequests(int retryAfter) => new(429, $"Too Many Requests: retry after {retryAfter}", retryAfter);

    public static BotApiFailure Blocked() => new(403, "Forbidden: bot was blocked by the user");
}

/// <summary>
/// A local Bot API server on a free loopback port: <c>/bot&lt;token&gt;/&lt;method&gt;</c> with JSON, form or multipart
/// parameters, answering as Telegram does. It records every call, serves <c>getUpdates</c> from updates a test queues
/// (long polling), can fail calls on demand, and can enforce a global rate limit with 429 and <c>retry_after</c>.
/// </summary>
public sealed class BotApiDouble : IAsyncDisposable
{
    public const string BotUsername = "loyalty_test_bot";
    public const long BotId = 7_000_000_001;
    public const string DefaultToken = "7000000001:TEST-token-for-the-double";

    private readonly WebApplication app;
    private readonly ConcurrentQueue<BotApiCall> calls = new();
    private readonly ConcurrentQueue<JsonObject> pendingUpdates = new();
    private readonly SemaphoreSlim updateArrived = new(0);
    private readonly ConcurrentQueue<DateTimeOffset> recentSends = new();
    private long nextMessageId = 1000;

    private BotApiDouble(WebApplication app, string token)
    {
        this.app = app;
        Token = token;
    }

    public string Token { get; }

    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyList<BotApiCall> Calls => [.. calls];

    /// <summary>Decides per call whether to fail it; null lets it succeed.</summary>
    public Func<BotApiCall, BotApiFailure?>? FailWith { get; set; }

    /// <summary>When set, sending methods above this many per second get 429 with <c>retry_after</c> 1, as Telegram's flood control.</summary>
    public int? SendsPerSecondLimit { get; set; }

    public static async Task<BotApiDouble> StartAsync(string token = DefaultToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var double_ = new BotApiDouble(app, token);
        app.Map("/bot{token}/{method}", double_.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        double_.BaseUrl = new Uri(address);
        return double_;
    }

    /// <summary>Queues an update for <c>getUpdates</c>; its <c>update_id</c> must be set.</summary>
    public void QueueUpdate(JsonObject update)
    {
        pendingUpdates.Enqueue(update);
        updateArrived.Release();
    }

    public IReadOnlyList<BotApiCall> CallsOf(string method) => calls.Where(c => c.Method.Equals(method, StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary>Waits until a call matching <paramref name="match"/> has been made, and returns it.</summary>
    public async Task<BotApiCall> WaitForAsync(Func<BotApiCall, bool> match, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            if (calls.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            if (cts.IsCancellationRequested)
            {
                throw new TimeoutException("The bot never made the expected call. Calls: " + string.Join(", ", calls.Select(c => c.Method)));
            }

            await Task.Delay(10, CancellationToken.None);
        }
    }

    public void Clear() => calls.Clear();

    public async ValueTask DisposeAsync()
    {
        // Clients keep connections alive; don't wait for them to say goodbye.
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await app.StopAsync(patience.Token);
        await app.DisposeAsync();
        updateArrived.Dispose();
    }

    private async Task HandleAsync(HttpContext http, string token, string method)
    {
        if (token != Token)
        {
            await WriteAsync(http, new BotApiFailure(401, "Unauthorized"));
            return;
        }

        var call = new BotApiCall(method, await ReadParametersAsync(http.Request), DateTimeOffset.UtcNow);
        if (FailWith?.Invoke(call) is { } failure || (failure = RateLimited(call)) is not null)
        {
            calls.Enqueue(call with { Method = method + "!" + failure.Code.ToString(CultureInfo.InvariantCulture) });
            await WriteAsync(http, failure);
            return;
        }

        calls.Enqueue(call);
        var result = method.ToLowerInvariant() switch
        {
            "getme" => new JsonObject { ["id"] = BotId, ["is_bot"] = true, ["first_name"] = "LoyaltyBot", ["username"] = BotUsername },
            "getupdates" => await UpdatesAsync(call, http.RequestAborted),
            "getwebhookinfo" => new JsonObject { ["url"] = "", ["has_custom_certificate"] = false, ["pending_update_count"] = 0 },
            "sendmessage" or "sendphoto" or "editmessagetext" or "editmessagereplymarkup" or "editmessagecaption" => Message(call),
            _ => (JsonNode)true,
        };
        await http.Response.WriteAsJsonAsync(new JsonObject { ["ok"] = true, ["result"] = result });
    }

    private BotApiFailure? RateLimited(BotApiCall call)
    {
        if (SendsPerSecondLimit is not { } limit || !call.Method.StartsWith("send", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        lock (recentSends)
        {
            while (recentSends.TryPeek(out var oldest) && call.At - oldest > TimeSpan.FromSeconds(1))
            {
                recentSends.TryDequeue(out _);
            }

            if (recentSends.Count >= limit)
            {
                return BotApiFailure.TooManyRequests(1);
            }

            recentSends.Enqueue(call.At);
            return null;
        }
    }

    private JsonObject Message(BotApiCall call)
    {
        var chatId = call.ChatId ?? 0;
        var message = new JsonObject
        {
            ["message_id"] = call.Parameters.TryGetValue("message_id", out var id) && id is not null ? id.DeepClone() : Interlocked.Increment(ref nextMessageId),
            ["date"] = call.At.ToUnixTimeSeconds(),
            ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = "private" },
            ["from"] = new JsonObject { ["id"] = BotId, ["is_bot"] = true, ["first_name"] = "LoyaltyBot", ["username"] = BotUsername },
        };
        if (call.Method.Equals("sendPhoto", StringComparison.OrdinalIgnoreCase))
        {
            message["photo"] = new JsonArray(new JsonObject { ["file_id"] = "photo-" + message["message_id"], ["file_unique_id"] = "u" + message["message_id"], ["width"] = 512, ["height"] = 512 });
            message["caption"] = call.Text;
        }
        else
        {
            message["text"] = call.Text ?? "";
        }

        return message;
    }

    /// <summary>Long polling: the queued updates from <c>offset</c> on, or an empty list after a short wait.</summary>
    private async Task<JsonNode> UpdatesAsync(BotApiCall call, CancellationToken cancellationToken)
    {
        var offset = call.Parameter("offset") is { } o ? long.Parse(o, CultureInfo.InvariantCulture) : 0;
        var timeout = call.Parameter("timeout") is { } t ? Math.Min(int.Parse(t, CultureInfo.InvariantCulture), 1) : 0;
        while (pendingUpdates.TryPeek(out var first) && first["update_id"]!.GetValue<long>() < offset)
        {
            pendingUpdates.TryDequeue(out _); // Confirmed by the offset: Telegram forgets them.
        }

        if (pendingUpdates.IsEmpty && timeout > 0)
        {
            try
            {
                await updateArrived.WaitAsync(TimeSpan.FromSeconds(timeout), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // The client gave up: answer nothing.
            }
        }

        return new JsonArray([.. pendingUpdates.Select(u => (JsonNode)u.DeepClone())]);
    }

    private static async Task<Dictionary<string, JsonNode?>> ReadParametersAsync(HttpRequest request)
    {
        var parameters = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (key, value) in request.Query)
        {
            parameters[key] = JsonValue.Create(value.ToString());
        }

        if (request.HasJsonContentType())
        {
            if (await JsonNode.ParseAsync(request.Body) is JsonObject body)
            {
                foreach (var (key, value) in body)
                {
                    parameters[key] = value?.DeepClone();
                }
            }
        }
        else if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            foreach (var (key, value) in form)
            {
                var text = value.ToString();
                // Form fields carry JSON for objects (reply_markup) and plain text otherwise.
                parameters[key] = text.StartsWith('{') || text.StartsWith('[') ? JsonNode.Parse(text) : JsonValue.Create(text);
            }

            foreach (var file in form.Files)
            {
                using var content = new MemoryStream();
                await file.CopyToAsync(content);
                var bytes = content.ToArray();
                parameters[file.Name] = new JsonObject
                {
                    ["file_name"] = file.FileName, ["length"] = file.Length, ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(bytes)),
                    ["content"] = Convert.ToBase64String(bytes),
                };
            }
        }

        return parameters;
    }

    private static Task WriteAsync(HttpContext http, BotApiFailure failure)
    {
        http.Response.StatusCode = failure.Code;
        var answer = new JsonObject { ["ok"] = false, ["error_code"] = failure.Code, ["description"] = failure.Description };
        if (failure.RetryAfter is { } retryAfter)
        {
            answer["parameters"] = new JsonObject { ["retry_after"] = retryAfter };
        }

        return http.Response.WriteAsJsonAsync(answer);
    }
}
