using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LoyaltyBot.Functions.Hosting;

/// <summary>
/// The Functions host's custom-handler invocation of a queue or timer function: <c>POST /&lt;Name&gt;</c> with
/// <c>{"Data": {...}, "Metadata": {...}}</c>, answered by <c>{"Outputs": {...}, "Logs": [...], "ReturnValue": ...}</c>.
/// <para>
/// What this relies on, from Azure/azure-functions-host (src/WebJobs.Script/Workers/Http/DefaultHttpWorkerService.cs
/// <c>ProcessDefaultInvocationRequest</c>, Workers/Http/HttpScriptInvocationContext.cs, HttpScriptInvocationResult.cs and
/// Workers/MessageExtensions/ScriptInvocationContextExtensions.cs <c>ToHttpScriptInvocationContext</c> /
/// <c>GetHttpScriptInvocationContextValue</c>):
/// </para>
/// <list type="bullet">
/// <item><c>Data</c> is keyed by binding name. A value that is not an object (a queue message's text is a string,
/// because a queueTrigger without <c>dataType</c> binds to string) fails <c>JObject.FromObject</c> and is sent as
/// <c>JsonConvert.SerializeObject(value)</c>: the text arrives JSON-encoded a second time, a JSON string whose content
/// is a JSON string literal. A timer's <c>TimerInfo</c> arrives as an object.</item>
/// <item><c>Metadata</c> is the trigger's binding data minus keys ending in "trigger", each value encoded the same way:
/// <c>DequeueCount</c> arrives as the string "5", <c>Id</c> and <c>PopReceipt</c> as quoted strings, times as dates,
/// <c>sys</c> as an object. The host's own tests (DefaultHttpWorkerServiceTests, ScriptInvocationContextExtensionsTests)
/// assert exactly this.</item>
/// <item>The answer is read only after <c>EnsureSuccessStatusCode</c>: a non-2xx status fails the invocation (so the
/// queue message is retried, then poisoned) and its <c>Logs</c> are dropped. <c>Logs</c> lines are logged by the host
/// under the invocation; <c>Outputs</c> and <c>ReturnValue</c> strings that are valid Base64 are decoded to bytes
/// unless the binding says <c>dataType: binary</c>, so this app answers with no outputs and an object as the return
/// value.</item>
/// </list>
/// </summary>
public static class CustomHandlerPayload
{
    /// <summary>Reads the invocation of <paramref name="function"/> from the host's request body.</summary>
    public static FunctionInvocation ReadInvocation(FunctionDeclaration function, JsonElement payload)
    {
        ArgumentNullException.ThrowIfNull(function);
        if (payload.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("The invocation payload is not a JSON object.");
        }

        var input = "";
        if (function.Trigger is QueueTrigger
            && TryGetProperty(payload, "Data", out var data)
            && TryGetProperty(data, function.Trigger.BindingName, out var message))
        {
            input = MessageText(message);
        }

        long dequeueCount = 1;
        string? messageId = null;
        if (TryGetProperty(payload, "Metadata", out var metadata))
        {
            if (TryGetProperty(metadata, "DequeueCount", out var count))
            {
                dequeueCount = count.ValueKind == JsonValueKind.Number
                    ? count.GetInt64()
                    : long.Parse(Unquote(count.GetString() ?? "1"), NumberStyles.Integer, CultureInfo.InvariantCulture);
            }

            if (TryGetProperty(metadata, "Id", out var id) && id.ValueKind == JsonValueKind.String)
            {
                messageId = Unquote(id.GetString()!);
            }
        }

        return new FunctionInvocation(function.Name, input, dequeueCount, messageId);
    }

    /// <summary>
    /// The message text: the host sends a JSON string holding the JSON-encoded text; a payload that carries the text
    /// as is (the shape the docs show) or as an object is read too.
    /// </summary>
    public static string MessageText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => Unquote(value.GetString()!),
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        _ => value.GetRawText(),
    };

    private static string Unquote(string text)
    {
        if (text.Length >= 2 && text[0] == '"' && text[^1] == '"')
        {
            try
            {
                return JsonSerializer.Deserialize<string>(text) ?? "";
            }
            catch (JsonException)
            {
                // Not a JSON string literal after all: the text itself.
            }
        }

        return text;
    }

    private static bool TryGetProperty(JsonElement element, string name, out JsonElement value)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            // Newtonsoft, which wrote the payload, and reads our answer, matches names case-insensitively.
            foreach (var property in element.EnumerateObject())
            {
                if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    value = property.Value;
                    return true;
                }
            }
        }

        value = default;
        return false;
    }
}

/// <summary>The answer to a custom-handler invocation; the property names are the host's.</summary>
public sealed record CustomHandlerResponse(
    [property: JsonPropertyName("Outputs")] IReadOnlyDictionary<string, object?> Outputs,
    [property: JsonPropertyName("Logs")] IReadOnlyList<string> Logs,
    [property: JsonPropertyName("ReturnValue")] object? ReturnValue);
