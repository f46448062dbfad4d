using System.Text.Json;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Hosting;
using LoyaltyBot.Functions.Merchants;
using LoyaltyBot.Functions.Rules;
using static LoyaltyBot.Functions.Merchants.JsonFields;

namespace LoyaltyBot.Functions.Admin;

/// <summary>A campaign as the admin API shows it; <see cref="Status"/> is <c>scheduled</c>, <c>running</c> or <c>ended</c>.</summary>
public sealed record CampaignView(
    string CampaignId, string Name, DateTimeOffset StartsAt, DateTimeOffset EndsAt, decimal Multiplier,
    IReadOnlyList<string> Categories, IReadOnlyList<string> MerchantIds, bool Stackable, string Status)
{
    public static CampaignView Of(Campaign campaign, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var status = campaign.StatusAt(now) switch
        {
            CampaignStatus.Scheduled => "scheduled",
            CampaignStatus.Running => "running",
            _ => "ended",
        };
        return new CampaignView(campaign.Id, campaign.Name, campaign.StartsAt, campaign.EndsAt, campaign.Multiplier,
            campaign.Categories ?? [], campaign.MerchantIds ?? [], campaign.Stackable, status);
    }
}

/// <summary>Every campaign, the latest to start first.</summary>
public sealed record CampaignList(IReadOnlyList<CampaignView> Campaigns);

/// <summary>
/// <c>POST</c> and <c>GET /api/admin/campaigns</c>, <c>GET</c> and <c>DELETE /api/admin/campaigns/{campaignId}</c>. A new
/// campaign is checked whole (every bad field named, its merchants known) before it is saved; DELETE ends it now and
/// keeps it in the list, since past purchases went by it.
/// </summary>
internal static partial class CampaignAdmin
{
    private static readonly string[] Fields = ["name", "startsAt", "endsAt", "multiplier", "categories", "merchantIds", "stackable"];

    public static async Task<IResult> HandleAsync(
        HttpRequest request, CampaignStore campaigns, MerchantStore merchants, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (HttpMethods.IsGet(request.Method))
        {
            var now = time.GetUtcNow();
            var all = await campaigns.ReadAllAsync(cancellationToken);
            return Results.Ok(new CampaignList([.. all.OrderByDescending(c => c.StartsAt).Select(c => CampaignView.Of(c, now))]));
        }

        return await CreateAsync(request, campaigns, merchants, time, loggers.CreateLogger(typeof(CampaignAdmin)), cancellationToken);
    }

    public static async Task<IResult> HandleOneAsync(
        HttpRequest request, CampaignStore campaigns, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var campaignId = request.Route("campaignId");
        if (HttpMethods.IsGet(request.Method))
        {
            return await campaigns.FindAsync(campaignId, cancellationToken) is { } campaign ? Results.Ok(CampaignView.Of(campaign, time.GetUtcNow())) : NoSuchCampaign(campaignId);
        }

        var ended = await campaigns.EndAsync(campaignId, cancellationToken);
        if (ended is null)
        {
            return NoSuchCampaign(campaignId);
        }

        var logger = loggers.CreateLogger(typeof(CampaignAdmin));
        LogEnded(logger, ended.Id, ended.EndsAt);
        return Results.Ok(CampaignView.Of(ended, time.GetUtcNow()));
    }

    private static async Task<IResult> CreateAsync(
        HttpRequest request, CampaignStore campaigns, MerchantStore merchants, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var (body, refusal) = await AdminEndpoints.ReadJsonAsync(request, cancellationToken);
        using var document = body;
        if (document is null)
        {
            return refusal!;
        }

        var errors = new FieldErrors();
        var now = time.GetUtcNow();
        var campaign = Read(document.RootElement, errors);
        foreach (var problem in campaign?.ValidateNew(now) ?? [])
        {
            errors.Add(problem);
        }

        if (campaign?.MerchantIds is { } merchantIds && !errors.Any)
        {
            await CheckMerchantsAsync(merchantIds, merchants, errors, cancellationToken);
        }

        if (campaign is null || errors.Any)
        {
            return AdminEndpoints.Invalid(errors);
        }

        await campaigns.SaveAsync(campaign, cancellationToken);
        LogCreated(logger, campaign.Id, campaign.Multiplier, campaign.StartsAt, campaign.EndsAt);
        return Results.Created($"/api/admin/campaigns/{campaign.Id}", CampaignView.Of(campaign, now));
    }

    /// <summary>The campaign the body describes, with a new id, or null with the problems of its shape added.</summary>
    private static Campaign? Read(JsonElement body, FieldErrors errors)
    {
        // A misspelt "category" would otherwise make a campaign on every purchase.
        if (!AdminEndpoints.IsObjectOf(body, Fields, "a campaign", errors))
        {
            return null;
        }

        var name = RequiredString(body, "name", errors);
        var startsAt = RequiredTime(body, "startsAt", errors);
        var endsAt = RequiredTime(body, "endsAt", errors);
        var multiplier = RequiredDecimal(body, "multiplier", errors);
        var categories = OptionalStrings(body, "categories", errors);
        var merchantIds = OptionalStrings(body, "merchantIds", errors);
        var stackable = OptionalBoolean(body, "stackable", errors);
        if (errors.Any)
        {
            return null;
        }

        return new Campaign(CampaignStore.NewId(), name!, startsAt!.Value, endsAt!.Value, multiplier!.Value, categories, merchantIds, stackable);
    }

    private static async Task CheckMerchantsAsync(IReadOnlyList<string> merchantIds, MerchantStore merchants, FieldErrors errors, CancellationToken cancellationToken)
    {
        for (var i = 0; i < merchantIds.Count; i++)
        {
            if (await merchants.FindAsync(merchantIds[i], cancellationToken) is null)
            {
                errors.Add($"merchantIds[{i}]", "no merchant has this id");
            }
        }
    }

    private static DateTimeOffset? RequiredTime(JsonElement body, string name, FieldErrors errors)
    {
        var text = RequiredString(body, name, errors);
        if (text is null)
        {
            return null;
        }

        if (!IsoDateTime.TryParse(text, out var at))
        {
            errors.Add(name, IsoDateTime.Expected);
            return null;
        }

        return at;
    }

    /// <summary>An array of strings, each trimmed; null when absent, null or empty (the campaign then applies to all).</summary>
    internal static List<string>? OptionalStrings(JsonElement body, string name, FieldErrors errors)
    {
        if (!body.TryGetProperty(name, out var array) || array.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            errors.Add(name, "must be an array of strings");
            return null;
        }

        var values = new List<string>();
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                errors.Add($"{name}[{i}]", "must be a string");
            }
            else
            {
                values.Add(item.GetString()!.Trim());
            }

            i++;
        }

        return values.Count == 0 ? null : values;
    }

    private static bool OptionalBoolean(JsonElement body, string name, FieldErrors errors)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            errors.Add(name, "must be true or false");
            return false;
        }

        return value.GetBoolean();
    }

    private static IResult NoSuchCampaign(string campaignId) =>
        AdminEndpoints.NotFound("Unknown campaign", $"No campaign has the id '{campaignId}'.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Campaign {CampaignId} (×{Multiplier}, {StartsAt:o} to {EndsAt:o}) created by an operator")]
    private static partial void LogCreated(ILogger logger, string campaignId, decimal multiplier, DateTimeOffset startsAt, DateTimeOffset endsAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Campaign {CampaignId} ended by an operator; it ends at {EndsAt:o}")]
    private static partial void LogEnded(ILogger logger, string campaignId, DateTimeOffset endsAt);
}
