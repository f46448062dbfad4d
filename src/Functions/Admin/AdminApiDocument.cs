using System.ComponentModel;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Domain.Segments;
using LoyaltyBot.Functions.ApiReference;
using LoyaltyBot.Functions.Hosting;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace LoyaltyBot.Functions.Admin;

/// <summary>The shape of <c>POST /api/admin/merchants</c>'s body, for the OpenAPI document.</summary>
public sealed record NewMerchantBody(
    [property: Description("The merchant's name as the bot shows it to customers: 1 to 100 characters, not blank.")]
    [property: Example("\"Coffee House\"")]
    string Name);

/// <summary>The shape of <c>POST /api/admin/campaigns</c>'s body, for the OpenAPI document.</summary>
public sealed record NewCampaignBody(
    [property: Description("The campaign's name as the bot's Offers screen shows it to customers: 1 to 100 characters, not blank.")]
    [property: Example("\"Double points week\"")]
    string Name,
    [property: Description("When it starts: ISO 8601 with seconds and an offset; now or later (up to 5 minutes back is taken as now).")]
    [property: Example("\"2026-12-01T00:00:00+03:00\"")]
    DateTimeOffset StartsAt,
    [property: Description("When it ends, not included: ISO 8601 with seconds and an offset, after `startsAt` and in the future.")]
    [property: Example("\"2026-12-08T00:00:00+03:00\"")]
    DateTimeOffset EndsAt,
    [property: Description("What the points of a purchase made while it runs are multiplied by: greater than 1, at most 100.")]
    [property: Example("2")]
    decimal Multiplier,
    [property: Description("Only the check's lines of these categories (as tills send them) earn more; absent or empty, every line does. At most 50.")]
    [property: Example("""["coffee", "pastry"]""")]
    IReadOnlyList<string>? Categories = null,
    [property: Description("Only purchases at these merchants earn more; absent or empty, at every merchant. Each must be a merchant's id. At most 50.")]
    [property: Example("""["m0195b3c0e6a97c4f1d2e"]""")]
    IReadOnlyList<string>? MerchantIds = null,
    [property: Description("true: it multiplies on top of the best other multiplier; false (default): the best multiplier of a line wins alone.")]
    [property: Example("false")]
    bool? Stackable = null);

/// <summary>The shape of <c>POST /api/admin/offers</c>'s body, for the OpenAPI document.</summary>
public sealed record NewOfferRuleBody(
    [property: Description("The offer's name as its announcement and the bot's Offers screen show it: 1 to 100 characters, not blank.")]
    [property: Example("\"Accessories for your headphones\"")]
    string Name,
    [property: Description("Who is due: `tier` (at one of `tiers`), `category` (bought a line of one of `boughtCategories`), `birthday` (within `daysBeforeBirthday` days of it), `winBack` (no purchase for `inactiveDays` days).")]
    [property: Example("\"category\"")]
    string Trigger,
    [property: Description("What the points of the customer's purchases are multiplied by while the offer runs: greater than 1, at most 100.")]
    [property: Example("2")]
    decimal Multiplier,
    [property: Description("How many days an offer runs from the moment it is given: 1 to 90.")]
    [property: Example("7")]
    int ValidDays,
    [property: Description("Only lines of these categories earn more; absent or empty, every line does. At most 50.")]
    [property: Example("""["accessories"]""")]
    IReadOnlyList<string>? Categories = null,
    [property: Description("For `tier`: the tiers whose customers are due, by the program's tier names.")]
    [property: Example("""["Gold"]""")]
    IReadOnlyList<string>? Tiers = null,
    [property: Description("For `category`: a purchase with a line of one of these categories makes the customer due.")]
    [property: Example("""["headphones"]""")]
    IReadOnlyList<string>? BoughtCategories = null,
    [property: Description("For `winBack`: days without a purchase after which the customer is due: 1 to 3650.")]
    [property: Example("60")]
    int? InactiveDays = null,
    [property: Description("For `birthday`: how many days before the birthday the customer is due, 0 (the day itself, default) to 30.")]
    [property: Example("3")]
    int? DaysBeforeBirthday = null,
    [property: Description("Only customers in this segment are due (see `GET /api/admin/segments`): `all`, `new`, `champions`, `loyal`, `atRisk`, `lost`, `birthdayThisMonth` or `tier:<tier name>`; absent, any customer.")]
    [property: Example("\"atRisk\"")]
    string? Segment = null);

/// <summary><c>GET /api/openapi/admin.json</c>: the program owner's API as OpenAPI 3.1, every operation guarded by the admin key.</summary>
public static class AdminApiDocument
{
    internal const string Tag = "Admin";
    internal const string Problem = StandardAnswers.ProblemJson;

    private const string Help =
        "For the program owner and support. Every call needs the header `X-Admin-Key` (setting `AdminApiKey`); without it, or " +
        "with a wrong one, the answer is 401. A body is `application/json` (else 415), one JSON document with no property " +
        "repeated in any object. Every error is RFC 9457 `application/problem+json`; a bad request is 400 with " +
        "`errors: {\"<field>\": [\"<message>\"]}`.";

    public static IServiceCollection AddAdminApiDocument(this IServiceCollection services) =>
        services.AddApiDocument(
            ApiDocuments.Admin,
            "api/admin/",
            new OpenApiInfo { Title = "LoyaltyBot admin API", Version = "1", Description = Help },
            "adminKey",
            new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = AdminKey.HeaderName,
                Description = $"The value of the app's `{AdminKey.Setting}` setting.",
            },
            options =>
            {
                // Every admin function answers 401 without the key, before it reads anything.
                options.AddDocumentTransformer((document, _, _) =>
                {
                    StandardAnswers.AddToEvery(document, "401", $"The `{AdminKey.HeaderName}` header is missing or wrong.");
                    return Task.CompletedTask;
                });
                options.AddSchemaTransformer(WholeRulesDocument);
            });

    /// <summary>PUT takes the whole rules document: every rule present, no property the rules do not have, at any depth.</summary>
    private static Task WholeRulesDocument(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (context.JsonPropertyInfo is null && (type == typeof(ProgramRules) || type == typeof(TierRule) || type == typeof(ThresholdBonus) || type == typeof(RfmRules)))
        {
            schema.AdditionalPropertiesAllowed = false;
            if (type == typeof(ProgramRules))
            {
                schema.Required = new HashSet<string>(schema.Properties?.Keys ?? []);
            }
        }

        return Task.CompletedTask;
    }

    internal static Task<IResult> GetAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        ApiDocuments.ServeAsync(services, ApiDocuments.Admin, cancellationToken);
}
