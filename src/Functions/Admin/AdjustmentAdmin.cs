using System.ComponentModel;
using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Domain.Errors;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Functions.ApiReference;
using LoyaltyBot.Functions.Hosting;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Merchants;
using LoyaltyBot.Functions.Outbox;
using LoyaltyBot.Functions.Rules;
using static LoyaltyBot.Functions.Merchants.JsonFields;

namespace LoyaltyBot.Functions.Admin;

/// <summary>The shape of <c>POST /api/admin/customers/{customerId}/adjustments</c>'s body, for the OpenAPI document.</summary>
public sealed record NewAdjustmentBody(
    [property: Description("The owner's own id for this adjustment, 1 to 100 printable characters: sent again, it is applied once and answers as the first time; with another body, 409.")]
    [property: Example("\"2026-11-30-compensation-1\"")]
    string AdjustmentId,
    [property: Description("Points to add (positive) or take off (negative); not zero, at most 1 000 000 000 either way. Taking off more than the customer's spendable and pending points is refused (422): an adjustment never makes a debt.")]
    [property: Example("150")]
    long Points,
    [property: Description("Why, for the ledger and the accountant: 1 to 500 characters. The customer is told of the points, not of this.")]
    [property: Example("\"Compensation: the order was late\"")]
    string Reason,
    [property: Description("Who made it, kept in the ledger: 1 to 100 characters; `admin` when absent.")]
    [property: Example("\"Anna (support)\"")]
    string? By = null);

/// <summary>An adjustment as applied: the points added (or taken off, negative), the balance after, why and by whom.</summary>
public sealed record AdjustmentView(
    string AdjustmentId, string CustomerId, long Points, long Balance, string? Reason, string? By, DateTimeOffset RecordedAt, string EntryId);

/// <summary>
/// <c>POST /api/admin/customers/{customerId}/adjustments</c>: a manual correction of the points, one ledger transaction
/// (marker, account, <c>adjust</c> entry) under the key <c>admin/&lt;adjustmentId&gt;</c>; the customer is told when the bot
/// can reach them.
/// </summary>
internal static partial class AdjustmentAdmin
{
    public const string Source = "admin";
    public const string DefaultBy = "admin";
    public const long MaxPoints = 1_000_000_000;
    public const int MaxReasonLength = 500;
    public const int MaxByLength = 100;
    private const string IdField = "adjustmentId";
    private static readonly string[] Fields = [IdField, "points", "reason", "by"];

    public static async Task<IResult> CreateAsync(
        HttpRequest request, LedgerStore ledger, ProgramStore program, Notifier notifier, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var (body, refusal) = await AdminEndpoints.ReadJsonAsync(request, cancellationToken);
        using var document = body;
        if (document is null)
        {
            return refusal!;
        }

        var errors = new FieldErrors();
        var adjustment = Read(document.RootElement, errors);
        if (adjustment is null)
        {
            return AdminEndpoints.Invalid(errors);
        }

        var customerId = request.Route("customerId");
        if (!CustomerId.IsWellFormed(customerId))
        {
            return LedgerAdmin.NoSuchCustomer();
        }

        var (key, points, reason, by) = adjustment.Value;
        var rules = await program.GetAsync(cancellationToken);
        var applied = await ledger.AdjustAsync(customerId, key, points, reason, rules, cancellationToken, by);
        if (!applied.IsSuccess)
        {
            return Refused(applied.Error!, key.Id);
        }

        var entry = applied.Value;
        // Told at most once: the sender sends each notification id once, however often a replay queues it.
        if (await ledger.GetAccountAsync(customerId, cancellationToken) is { Profile.CanBeMessaged: true })
        {
            await notifier.EnqueueAsync(new Notification($"adjust-{key.Id}", customerId, NotificationKind.PointsAdjusted, entry.Delta, entry.BalanceAfter), cancellationToken);
        }

        var logger = loggers.CreateLogger(typeof(AdjustmentAdmin));
        LogAdjusted(logger, customerId, entry.Delta, entry.BalanceAfter);
        return Results.Created($"/api/admin/customers/{customerId}/ledger",
            new AdjustmentView(key.Id, customerId, entry.Delta, entry.BalanceAfter, entry.Note, entry.By, entry.RecordedAt, entry.Id));
    }

    /// <summary>The adjustment the body asks for, or null with the problems added.</summary>
    private static (OperationKey Key, long Points, string Reason, string By)? Read(System.Text.Json.JsonElement body, FieldErrors errors)
    {
        if (!AdminEndpoints.IsObjectOf(body, Fields, "an adjustment", errors))
        {
            return null;
        }

        var id = RequiredString(body, IdField, errors);
        var key = id is null ? null : OperationKey.Create(Source, id, IdField) is { IsSuccess: true } made ? made.Value : Refuse(errors, IdField, $"must be 1 to {OperationKey.MaxIdLength} printable characters");
        var points = RequiredLong(body, "points", errors);
        if (points is { } p && (p == 0 || Math.Abs(p) > MaxPoints))
        {
            errors.Add("points", $"must be a whole number from -{MaxPoints} to {MaxPoints}, not zero");
        }

        var reason = RequiredString(body, "reason", errors);
        if (reason is { Length: > MaxReasonLength })
        {
            errors.Add("reason", $"must be at most {MaxReasonLength} characters");
        }

        var by = OptionalString(body, "by", errors) ?? DefaultBy;
        if (by.Length > MaxByLength)
        {
            errors.Add("by", $"must be at most {MaxByLength} characters");
        }

        return errors.Any ? null : (key!.Value, points!.Value, reason!, by);
    }

    private static OperationKey? Refuse(FieldErrors errors, string field, string message)
    {
        errors.Add(field, message);
        return null;
    }

    private static IResult Refused(LoyaltyError error, string adjustmentId) => error.Code switch
    {
        LoyaltyErrorCode.CustomerNotFound => LedgerAdmin.NoSuchCustomer(),
        LoyaltyErrorCode.OperationConflict => MerchantRequest.IdReused(IdField, adjustmentId),
        LoyaltyErrorCode.CustomerMerged => MerchantRequest.Problem(StatusCodes.Status409Conflict, "Customer merged",
            "This account's points went to the customer who bound its phone in the bot: adjust theirs.", "customerId"),
        _ => MerchantRequest.Problem(StatusCodes.Status422UnprocessableEntity, "Adjustment refused", $"points: {error.Message}.", error.Field),
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "The program owner adjusted customer {CustomerId} by {Points} points to a balance of {Balance}")]
    private static partial void LogAdjusted(ILogger logger, string customerId, long points, long balance);
}
