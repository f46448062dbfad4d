using System.Text.Json;
using LoyaltyBot.Domain.Offers;
using LoyaltyBot.Domain.Segments;
using LoyaltyBot.Functions.Hosting;
using LoyaltyBot.Functions.Merchants;
using LoyaltyBot.Functions.Offers;
using LoyaltyBot.Functions.Rules;
using static LoyaltyBot.Functions.Merchants.JsonFields;

namespace LoyaltyBot.Functions.Admin;

/// <summary>An offer rule as the admin API shows it; <see cref="Status"/> is <c>running</c> or <c>ended</c>.</summary>
public sealed record OfferRuleView(
    string OfferRuleId, string Name, string Trigger, decimal Multiplier, int ValidDays, IReadOnlyList<string> Categories,
    IReadOnlyList<string> Tiers, IReadOnlyList<string> BoughtCategories, int? InactiveDays, int? DaysBeforeBirthday,
    DateTimeOffset CreatedAt, DateTimeOffset? EndedAt, string Status, string? Segment)
{
    public static OfferRuleView Of(OfferRule rule, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return new OfferRuleView(rule.Id, rule.Name, OfferAdmin.TriggerName(rule.Trigger), rule.Multiplier, rule.ValidDays, rule.Categories ?? [],
            rule.Tiers ?? [], rule.BoughtCategories ?? [], rule.InactiveDays, rule.DaysBeforeBirthday, rule.CreatedAt, rule.EndedAt,
            rule.IsRunningAt(now) ? "running" : "ended", rule.Segment);
    }
}

/// <summary>Every offer rule, the latest first.</summary>
public sealed record OfferRuleList(IReadOnlyList<OfferRuleView> OfferRules);

/// <summary>
/// <c>POST</c> and <c>GET /api/admin/offers</c>, <c>DELETE /api/admin/offers/{offerRuleId}</c>. A new rule is checked whole
/// (every bad field named, its tiers known) before it is saved; DELETE ends it now and keeps it in the list, since the
/// offers it gave keep running to their end.
/// </summary>
internal static partial class OfferAdmin
{
    private static readonly string[] Fields =
        ["name", "trigger", "multiplier", "validDays", "categories", "tiers", "boughtCategories", "inactiveDays", "daysBeforeBirthday", "segment"];

    private static readonly Dictionary<string, OfferTrigger> Triggers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["tier"] = OfferTrigger.Tier,
        ["category"] = OfferTrigger.Category,
        ["birthday"] = OfferTrigger.Birthday,
        ["winBack"] = OfferTrigger.WinBack,
    };

    public static string TriggerName(OfferTrigger trigger) => Triggers.First(t => t.Value == trigger).Key;

    public static async Task<IResult> HandleAsync(
        HttpRequest request, OfferRuleStore offerRules, ProgramStore program, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (HttpMethods.IsGet(request.Method))
        {
            var all = await offerRules.ReadAllAsync(cancellationToken);
            return Results.Ok(new OfferRuleList([.. all.OrderByDescending(r => r.CreatedAt).Select(r => OfferRuleView.Of(r, now))]));
        }

        var (body, refusal) = await AdminEndpoints.ReadJsonAsync(request, cancellationToken);
        using var document = body;
        if (document is null)
        {
            return refusal!;
        }

        var errors = new FieldErrors();
        var rules = await program.GetAsync(cancellationToken);
        // A segment is kept as the program spells it ("tier:gold" → "tier:Gold"), the way membership is computed.
        var rule = Read(document.RootElement, now, errors) is { } read ? read with { Segment = CustomerSegments.Find(read.Segment, rules) ?? read.Segment } : null;
        foreach (var problem in rule?.Validate(rules) ?? [])
        {
            errors.Add(problem);
        }

        if (rule is null || errors.Any)
        {
            return AdminEndpoints.Invalid(errors);
        }

        await offerRules.SaveAsync(rule, cancellationToken);
        var logger = loggers.CreateLogger(typeof(OfferAdmin));
        LogCreated(logger, rule.Id, rule.Trigger, rule.Multiplier, rule.ValidDays);
        return Results.Created($"/api/admin/offers/{rule.Id}", OfferRuleView.Of(rule, now));
    }

    public static async Task<IResult> EndAsync(
        HttpRequest request, OfferRuleStore offerRules, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var ruleId = request.Route("offerRuleId");
        if (await offerRules.EndAsync(ruleId, cancellationToken) is not { } ended)
        {
            return AdminEndpoints.NotFound("Unknown offer rule", $"No offer rule has the id '{ruleId}'.");
        }

        var logger = loggers.CreateLogger(typeof(OfferAdmin));
        LogEnded(logger, ended.Id);
        return Results.Ok(OfferRuleView.Of(ended, time.GetUtcNow()));
    }

    /// <summary>The rule the body describes, with a new id, or null with the problems of its shape added.</summary>
    private static OfferRule? Read(JsonElement body, DateTimeOffset now, FieldErrors errors)
    {
        // A misspelt "tier" would otherwise leave a rule that finds no one.
        if (!AdminEndpoints.IsObjectOf(body, Fields, "an offer rule", errors))
        {
            return null;
        }

        var name = RequiredString(body, "name", errors);
        var triggerName = RequiredString(body, "trigger", errors);
        if (triggerName is not null && !Triggers.ContainsKey(triggerName))
        {
            errors.Add("trigger", $"must be one of {string.Join(", ", Triggers.Keys)}");
        }

        var multiplier = RequiredDecimal(body, "multiplier", errors);
        var validDays = RequiredLong(body, "validDays", errors);
        var categories = CampaignAdmin.OptionalStrings(body, "categories", errors);
        var tiers = CampaignAdmin.OptionalStrings(body, "tiers", errors);
        var bought = CampaignAdmin.OptionalStrings(body, "boughtCategories", errors);
        var inactiveDays = OptionalLong(body, "inactiveDays", errors);
        var daysBefore = OptionalLong(body, "daysBeforeBirthday", errors);
        var segment = OptionalString(body, "segment", errors);
        if (errors.Any)
        {
            return null;
        }

        return new OfferRule(OfferRuleStore.NewId(), name!, Triggers[triggerName!], multiplier!.Value, Days(validDays!.Value), now, categories, tiers, bought,
            inactiveDays is { } inactive ? Days(inactive) : null, daysBefore is { } before ? Days(before) : null, Segment: segment);
    }

    /// <summary>A count of days as validation sees it: a number too large for an int stays too large, rather than wrapping.</summary>
    private static int Days(long days) => (int)Math.Clamp(days, int.MinValue, int.MaxValue);

    [LoggerMessage(Level = LogLevel.Information, Message = "Offer rule {OfferRuleId} ({Trigger}, ×{Multiplier} for {ValidDays} days) created by an operator")]
    private static partial void LogCreated(ILogger logger, string offerRuleId, OfferTrigger trigger, decimal multiplier, int validDays);

    [LoggerMessage(Level = LogLevel.Information, Message = "Offer rule {OfferRuleId} ended by an operator")]
    private static partial void LogEnded(ILogger logger, string offerRuleId);
}
