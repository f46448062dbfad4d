using System.Text.Json;
using System.Text.Json.Serialization;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Merchants;
using LoyaltyBot.Functions.Rules;

namespace LoyaltyBot.Functions.Admin;

/// <summary>
/// <c>GET /api/admin/program</c> shows the rules as one JSON document; <c>PUT</c> replaces the whole document, every
/// rule present, and answers 400 naming each bad field (the stored rules then stay as they were).
/// </summary>
internal static partial class ProgramAdmin
{
    // Stricter than reading the stored document: an operator's typo, quoted number or null is an error, not a silent default.
    private static readonly JsonSerializerOptions Strict = new(ProgramStore.Json)
    {
        NumberHandling = JsonNumberHandling.Strict,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    /// <summary>The document's top-level fields, as GET writes them.</summary>
    private static readonly string[] Fields = [.. JsonSerializer.SerializeToElement(ProgramRules.Default, ProgramStore.Json).EnumerateObject().Select(p => p.Name)];

    public static async Task<IResult> HandleAsync(HttpRequest request, ProgramStore program, ILoggerFactory loggers, CancellationToken cancellationToken) =>
        HttpMethods.IsGet(request.Method)
            ? Results.Json(await program.GetAsync(cancellationToken), ProgramStore.Json)
            : await ReplaceAsync(request, program, loggers.CreateLogger(typeof(ProgramAdmin)), cancellationToken);

    private static async Task<IResult> ReplaceAsync(HttpRequest request, ProgramStore program, ILogger logger, CancellationToken cancellationToken)
    {
        var (body, refusal) = await AdminEndpoints.ReadJsonAsync(request, cancellationToken);
        using var document = body;
        var errors = new FieldErrors();
        var rules = document is null ? null : Read(document.RootElement, errors);
        if (rules is null)
        {
            return refusal ?? AdminEndpoints.Invalid(errors);
        }

        var problems = await program.SaveAsync(rules, cancellationToken);
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                errors.Add(problem.Field, problem.Message);
            }

            return AdminEndpoints.Invalid(errors);
        }

        LogReplaced(logger);
        return Results.Json(rules, ProgramStore.Json);
    }

    /// <summary>The rules of a whole document, or null with the problems of its shape added.</summary>
    private static ProgramRules? Read(JsonElement body, FieldErrors errors)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add("$", "the body must be a JSON object: the whole rules document, as GET /api/admin/program shows it");
            return null;
        }

        var present = body.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var missing in Fields.Where(f => !present.Contains(f)))
        {
            errors.Add(missing, "is required: PUT replaces the whole document");
        }

        foreach (var unknown in present.Where(p => !Fields.Contains(p, StringComparer.OrdinalIgnoreCase)))
        {
            errors.Add(unknown, "is not a rule");
        }

        if (errors.Any)
        {
            return null;
        }

        ProgramRules rules;
        try
        {
            rules = body.Deserialize<ProgramRules>(Strict)!;
        }
        catch (JsonException ex)
        {
            // The serializer stops at the first problem; its path names the field (".rate" of a typo, the object lacking a property).
            var field = ex.Path is null or "$" ? "$" : ex.Path.TrimStart('$', '.');
            var message = ex.Message.Split(" Path: ")[0];
            errors.Add(field, message);
            return null;
        }

        // The serializer lets nulls through inside lists; the domain never expects them.
        AddNulls(rules.Tiers, "tiers", errors);
        AddNulls(rules.ThresholdBonuses, "thresholdBonuses", errors);
        for (var i = 0; i < rules.Tiers.Count; i++)
        {
            AddNulls(rules.Tiers[i]?.Perks, $"tiers[{i}].perks", errors);
        }

        return errors.Any ? null : rules;
    }

    private static void AddNulls<T>(IReadOnlyList<T>? list, string field, FieldErrors errors)
    {
        for (var i = 0; list is not null && i < list.Count; i++)
        {
            if (list[i] is null)
            {
                errors.Add($"{field}[{i}]", "must not be null");
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Program rules replaced by an operator")]
    private static partial void LogReplaced(ILogger logger);
}
