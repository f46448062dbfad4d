using LoyaltyBot.Domain.Errors;

namespace LoyaltyBot.Domain.Ledger;

/// <summary>
/// Who asked for an operation and their own id for it: a merchant and its purchaseId, the bot and an update id,
/// a job and its run. Applying the same key twice changes nothing.
/// </summary>
public readonly record struct OperationKey
{
    public const int MaxIdLength = 100;

    private OperationKey(string source, string id)
    {
        Source = source;
        Id = id;
    }

    public string Source { get; }

    public string Id { get; }

    public static Result<OperationKey> Create(string source, string? id, string field = "operationId")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        if (string.IsNullOrWhiteSpace(id) || id.Length > MaxIdLength || id.Any(char.IsControl))
        {
            return new LoyaltyError(LoyaltyErrorCode.InvalidOperationId, field, $"must be 1 to {MaxIdLength} printable characters");
        }

        return new OperationKey(source, id);
    }

    /// <summary>For keys the program makes itself from values it controls.</summary>
    public static OperationKey Of(string source, string id) =>
        Create(source, id) is { IsSuccess: true } ok ? ok.Value : throw new ArgumentException($"Bad operation id '{id}'.", nameof(id));

    public override string ToString() => $"{Source}/{Id}";
}
