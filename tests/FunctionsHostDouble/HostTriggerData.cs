using System.Text.Json;
using Google.Protobuf;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Azure.Functions.Worker.Grpc.Messages;

namespace LoyaltyBot.FunctionsHostDouble;

/// <summary>A queue message as the host's queue trigger hands it over (Azure.Storage.Queues' QueueMessage, decoded).</summary>
public sealed record DequeuedMessage(
    string MessageId,
    string PopReceipt,
    string MessageText,
    long DequeueCount,
    DateTimeOffset InsertedOn,
    DateTimeOffset ExpiresOn,
    DateTimeOffset NextVisibleOn);

/// <summary>The input data and trigger metadata the host's triggers put in an <see cref="InvocationRequest"/>.</summary>
internal static class HostTriggerData
{
    /// <summary>The source name a worker's queue converter expects on a deferred-binding message (ModelBindingData.Source).</summary>
    private const string QueueExtensionName = "AzureStorageQueues";

    public static DequeuedMessage QueueMessage(string messageId, string text, long dequeueCount, DateTimeOffset now) =>
        new(messageId, Guid.NewGuid().ToString(), text, dequeueCount, now, now.AddDays(7), now.AddMinutes(10));

    /// <summary>
    /// A parameter the worker binds with deferred binding (e.g. <c>QueueMessage</c>; its binding says
    /// <c>supportsDeferredBinding</c>) gets the whole message as JSON model-binding data; any other gets the message text.
    /// </summary>
    public static TypedData QueueInput(JsonElement trigger, DequeuedMessage message)
    {
        if (!SupportsDeferredBinding(trigger))
        {
            return new TypedData { String = message.MessageText };
        }

        return new TypedData
        {
            ModelBindingData = new ModelBindingData
            {
                Version = "1.0",
                Source = QueueExtensionName,
                ContentType = "application/json",
                Content = ByteString.CopyFrom(JsonSerializer.SerializeToUtf8Bytes(message)),
            },
        };
    }

    public static Dictionary<string, TypedData> QueueTriggerMetadata(DequeuedMessage message) => new(StringComparer.Ordinal)
    {
        ["QueueTrigger"] = new() { String = message.MessageText },
        ["Id"] = new() { String = message.MessageId },
        ["PopReceipt"] = new() { String = message.PopReceipt },
        ["DequeueCount"] = Json(message.DequeueCount),
        ["InsertionTime"] = Json(message.InsertedOn),
        ["ExpirationTime"] = Json(message.ExpiresOn),
        ["NextVisibleTime"] = Json(message.NextVisibleOn),
    };

    /// <summary>The TimerInfo the host's timer trigger passes: its schedule status and whether the run is past due.</summary>
    public static TypedData TimerInput(DateTimeOffset now, bool isPastDue) => Json(new
    {
        Schedule = new { AdjustForDST = true },
        ScheduleStatus = new { Last = now.AddMinutes(-1), Next = now.AddMinutes(1), LastUpdated = now },
        IsPastDue = isPastDue,
    });

    /// <summary>
    /// The route values of <paramref name="uri"/> under the function's route, as the host's router matches it; a request
    /// the host would not route to this function is refused here rather than left for the worker to wait on.
    /// </summary>
    public static Dictionary<string, string> MatchRoute(JsonElement trigger, string functionName, string routePrefix, HttpMethod method, Uri uri)
    {
        if (trigger.TryGetProperty("methods", out var methods) && methods.ValueKind == JsonValueKind.Array && methods.GetArrayLength() > 0
            && !methods.EnumerateArray().Any(m => string.Equals(m.GetString(), method.Method, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ArgumentException($"{functionName} takes {methods}, not {method}.", nameof(method));
        }

        var route = trigger.TryGetProperty("route", out var r) && r.GetString() is { Length: > 0 } declared ? declared : functionName;
        var matcher = new TemplateMatcher(TemplateParser.Parse(string.IsNullOrEmpty(routePrefix) ? route : $"{routePrefix}/{route}"), []);
        var values = new RouteValueDictionary();
        if (!matcher.TryMatch(uri.AbsolutePath, values))
        {
            throw new ArgumentException($"{uri.AbsolutePath} is not under {functionName}'s route {routePrefix}/{route}.", nameof(uri));
        }

        return values.Where(v => v.Value is not null).ToDictionary(v => v.Key, v => Convert.ToString(v.Value, System.Globalization.CultureInfo.InvariantCulture)!, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The request as the host describes it over gRPC; its body travels with the forwarded HTTP request.</summary>
    public static RpcHttp HttpInput(HttpRequestMessage request, Uri publicUri, IReadOnlyDictionary<string, string> routeValues)
    {
        var http = new RpcHttp { Method = request.Method.Method, Url = publicUri.AbsoluteUri };
        var headers = request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>());
        foreach (var (name, values) in headers)
        {
            http.NullableHeaders[name.ToLowerInvariant()] = new NullableString { Value = string.Join(",", values) };
        }

        foreach (var (name, value) in QueryHelpers.ParseQuery(publicUri.Query))
        {
            http.NullableQuery[name] = new NullableString { Value = value.ToString() };
        }

        foreach (var (name, value) in routeValues)
        {
            http.NullableParams[name] = new NullableString { Value = value };
        }

        return http;
    }

    /// <summary>The binding data of an HTTP trigger the worker can bind parameters from: the route values and the query.</summary>
    public static Dictionary<string, TypedData> HttpTriggerMetadata(IReadOnlyDictionary<string, string> routeValues, Uri publicUri)
    {
        var metadata = routeValues.ToDictionary(v => v.Key, v => new TypedData { String = v.Value }, StringComparer.Ordinal);
        metadata["Query"] = Json(QueryHelpers.ParseQuery(publicUri.Query).ToDictionary(q => q.Key, q => q.Value.ToString()));
        return metadata;
    }

    private static bool SupportsDeferredBinding(JsonElement binding) =>
        binding.TryGetProperty("properties", out var properties)
        && properties.ValueKind == JsonValueKind.Object
        && properties.TryGetProperty("supportsDeferredBinding", out var deferred)
        && string.Equals(deferred.ToString(), "True", StringComparison.OrdinalIgnoreCase);

    private static TypedData Json<T>(T value) => new() { Json = JsonSerializer.Serialize(value) };
}
