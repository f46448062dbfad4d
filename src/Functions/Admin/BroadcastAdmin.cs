using System.ComponentModel;
using System.Text.Json;
using LoyaltyBot.Domain.Segments;
using LoyaltyBot.Functions.ApiReference;
using LoyaltyBot.Functions.Bot;
using LoyaltyBot.Functions.Broadcasts;
using LoyaltyBot.Functions.Hosting;
using LoyaltyBot.Functions.Merchants;
using LoyaltyBot.Functions.Rules;
using LoyaltyBot.Functions.Segments;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using static LoyaltyBot.Functions.Admin.AdminApiDocument;
using static LoyaltyBot.Functions.Merchants.JsonFields;

namespace LoyaltyBot.Functions.Admin;

/// <summary>The shape of <c>POST /api/admin/broadcasts/preview</c>'s body, for the OpenAPI document.</summary>
public sealed record BroadcastPreviewBody(
    [property: Description(BroadcastAdmin.SegmentField), Example("\"champions\"")] string Segment,
    [property: Description(BroadcastAdmin.TextField), Example(BroadcastAdmin.TextExample)] IReadOnlyDictionary<string, string> Text);

/// <summary>The shape of <c>POST /api/admin/broadcasts</c>'s body, for the OpenAPI document.</summary>
public sealed record NewBroadcastBody(
    [property: Description("The owner's own id for this broadcast, 1 to 64 letters, digits, `-` or `_`: the same id again sends nothing more.")]
    [property: Example("\"coffee-week-2026-12\"")]
    string BroadcastId,
    [property: Description(BroadcastAdmin.SegmentField), Example("\"champions\"")] string Segment,
    [property: Description(BroadcastAdmin.TextField), Example(BroadcastAdmin.TextExample)] IReadOnlyDictionary<string, string> Text);

/// <summary>A broadcast's answer: how many members it goes to, and how many of the segment it skips (no chat, or blocked).</summary>
public sealed record BroadcastAccepted(string BroadcastId, int Recipients, int Skipped);

/// <summary>A broadcast as the list shows it; <see cref="Status"/> is <c>sending</c> until every notification is queued, then <c>sent</c>.</summary>
public sealed record BroadcastView(
    string BroadcastId, string Segment, BroadcastText Text, DateTimeOffset CreatedAt, string Status, int Recipients, int Skipped, int Queued, DateTimeOffset? FinishedAt)
{
    public static BroadcastView Of(Broadcast broadcast)
    {
        ArgumentNullException.ThrowIfNull(broadcast);
        return new(broadcast.BroadcastId, broadcast.Segment, broadcast.Text, broadcast.CreatedAt, broadcast.Status, broadcast.Recipients,
            broadcast.Skipped, broadcast.Queued, broadcast.FinishedAt);
    }
}

/// <summary>Every broadcast, the latest first.</summary>
public sealed record BroadcastList(IReadOnlyList<BroadcastView> Broadcasts);

/// <summary>
/// The owner's segments and broadcasts: <c>GET /api/admin/segments</c>, <c>POST /api/admin/broadcasts/preview</c>,
/// <c>POST</c> and <c>GET /api/admin/broadcasts</c>. Counting reads every account row once: an owner's action, not a hot path.
/// </summary>
public sealed partial class BroadcastAdmin(SegmentMembers segments, BroadcastSender broadcasts, ProgramStore program, TimeProvider time, ILogger<BroadcastAdmin> logger)
{
    internal const string SegmentField =
        "Who it is for: `all`, `new`, `champions`, `loyal`, `atRisk`, `lost`, `birthdayThisMonth` or `tier:<tier name>` (see `GET /api/admin/segments`).";

    internal const string TextField =
        "The text in both languages, `ru` and `en` (each 1 to 4096 characters, Telegram's limit for a message, not blank; sent as written): each member gets the one of their language.";

    internal const string TextExample = """{"ru": "Всю неделю двойные баллы на кофе!", "en": "Double points on coffee all week!"}""";

    private const int MaxIdLength = 64;
    private static readonly string[] PreviewFields = ["segment", "text"];
    private static readonly string[] Fields = ["broadcastId", "segment", "text"];
    private static readonly string[] TextFields = ["ru", "en"];

    [Function("AdminSegments")]
    [RequiresAdminKey]
    [Tags(Tag)]
    [EndpointSummary("Every segment with its members and the members the bot can reach: all, new, champions, loyal, atRisk, lost, birthdayThisMonth, tier:<name>")]
    [ProducesResponseType(typeof(SegmentList), StatusCodes.Status200OK, Description = "The segments, in that order; the tiers as the program lists them.")]
    public async Task<IResult> SegmentsAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/segments")] HttpRequest request)
    {
        var cancellationToken = request!.HttpContext.RequestAborted;
        return Results.Ok(await segments.CountAsync(await program.GetAsync(cancellationToken), time.GetUtcNow(), cancellationToken));
    }

    [Function("AdminBroadcastPreview")]
    [RequiresAdminKey]
    [Tags(Tag)]
    [EndpointSummary("Preview a broadcast: how many members of the segment would get it, how many would be skipped, and its texts; nothing is sent")]
    [DescribedBody("POST", typeof(BroadcastPreviewBody))]
    [ProducesResponseType(typeof(BroadcastPreview), StatusCodes.Status200OK, Description = "`recipients`: members the bot can reach; `skipped`: members with no chat or who blocked the bot.")]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, Problem,
        Description = "A field is missing, unknown or invalid (an unknown `segment`, a blank or too long `text.ru`): `errors` names each.")]
    public async Task<IResult> PreviewAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/broadcasts/preview")] HttpRequest request)
    {
        var cancellationToken = request!.HttpContext.RequestAborted;
        var (asked, refusal) = await ReadRequestAsync(request, withId: false, cancellationToken);
        return asked is null ? refusal! : Results.Ok(await broadcasts.PreviewAsync(asked.Segment, asked.Text, cancellationToken));
    }

    [Function("AdminBroadcasts")]
    [RequiresAdminKey]
    [Tags(Tag)]
    [SummaryFor("GET", "Every broadcast, the latest first, with its status (sending, sent) and counts")]
    [SummaryFor("POST", "Send a broadcast to a segment: each reachable member gets it once, in their language, within Telegram's rate limits")]
    [DescribedBody("POST", typeof(NewBroadcastBody))]
    [ProducesFor("GET", typeof(BroadcastList), StatusCodes.Status200OK, Description = "The broadcasts.")]
    [ProducesFor("POST", typeof(BroadcastAccepted), StatusCodes.Status202Accepted,
        Description = "Accepted: the messages go out in the background. The same `broadcastId` again answers the same and sends nothing more.")]
    [ProducesFor("POST", typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, Problem,
        Description = "A field is missing, unknown or invalid (an unknown `segment`, a blank or too long `text.en`): `errors` names each; nothing is sent.")]
    [ProducesFor("POST", typeof(ProblemDetails), StatusCodes.Status409Conflict, Problem, Description = "This `broadcastId` was used for another segment or text.")]
    public async Task<IResult> BroadcastsAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "admin/broadcasts")] HttpRequest request)
    {
        var cancellationToken = request!.HttpContext.RequestAborted;
        if (HttpMethods.IsGet(request.Method))
        {
            return Results.Ok(new BroadcastList([.. (await broadcasts.ListAsync(cancellationToken)).Select(BroadcastView.Of)]));
        }

        var (asked, refusal) = await ReadRequestAsync(request, withId: true, cancellationToken);
        if (asked is null)
        {
            return refusal!;
        }

        var (start, broadcast) = await broadcasts.StartAsync(asked.BroadcastId!, asked.Segment, asked.Text, cancellationToken);
        if (start == BroadcastStart.IdTaken)
        {
            LogIdTaken(logger, asked.BroadcastId!);
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Id already used",
                detail: $"The broadcast '{asked.BroadcastId}' was sent to another segment or with another text; choose a new broadcastId.");
        }

        return Results.Accepted("/api/admin/broadcasts", new BroadcastAccepted(broadcast.BroadcastId, broadcast.Recipients, broadcast.Skipped));
    }

    /// <summary>The request a body makes (the broadcast's id only <paramref name="withId"/>), or the refusal naming each bad field.</summary>
    private async Task<(BroadcastRequest? Request, IResult? Refusal)> ReadRequestAsync(HttpRequest request, bool withId, CancellationToken cancellationToken)
    {
        var (body, refusal) = await AdminEndpoints.ReadJsonAsync(request, cancellationToken);
        using var document = body;
        if (document is null)
        {
            return (null, refusal);
        }

        var errors = new FieldErrors();
        var (segment, text) = await ReadAsync(document.RootElement, withId ? Fields : PreviewFields, errors, cancellationToken);
        var broadcastId = withId && document.RootElement.ValueKind == JsonValueKind.Object ? RequiredString(document.RootElement, "broadcastId", errors) : null;
        if (broadcastId is not null && (broadcastId.Length > MaxIdLength || !broadcastId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            errors.Add("broadcastId", $"must be 1 to {MaxIdLength} letters, digits, '-' or '_'");
        }

        return errors.Any ? (null, AdminEndpoints.Invalid(errors)) : (new BroadcastRequest(broadcastId, segment!, text!), null);
    }

    /// <summary>The segment (as the program spells it) and the texts of a body, or nulls with the problems added.</summary>
    private async Task<(string? Segment, BroadcastText? Text)> ReadAsync(JsonElement body, string[] fields, FieldErrors errors, CancellationToken cancellationToken)
    {
        if (!AdminEndpoints.IsObjectOf(body, fields, "a broadcast", errors))
        {
            return (null, null);
        }

        var name = RequiredString(body, "segment", errors);
        var segment = name is null ? null : CustomerSegments.Find(name, await program.GetAsync(cancellationToken));
        if (name is not null && segment is null)
        {
            errors.Add("segment", $"must be one of {string.Join(", ", CustomerSegments.Names(await program.GetAsync(cancellationToken)))}");
        }

        if (!body.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.Object)
        {
            errors.Add("text", "must be an object with the texts ru and en");
            return (segment, null);
        }

        foreach (var unknown in text.EnumerateObject().Select(p => p.Name).Where(n => !TextFields.Contains(n)))
        {
            errors.Add($"text.{unknown}", "is not a language of the bot; give the texts ru and en");
        }

        var ru = MessageText(text, "ru", errors);
        var en = MessageText(text, "en", errors);
        return (segment, ru is null || en is null ? null : new BroadcastText(ru, en));
    }

    private static string? MessageText(JsonElement text, string language, FieldErrors errors)
    {
        var value = RequiredString(text, language, errors, "text");
        if (value is { Length: > TelegramLimits.MessageText })
        {
            errors.Add($"text.{language}", $"must be at most {TelegramLimits.MessageText} characters, Telegram's limit for a message");
            return null;
        }

        return value;
    }

    private sealed record BroadcastRequest(string? BroadcastId, string Segment, BroadcastText Text);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Broadcast {BroadcastId} asked again with another segment or text: refused")]
    private static partial void LogIdTaken(ILogger logger, string broadcastId);
}
