using System.Globalization;
using Azure.Data.Tables;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Storage;

namespace LoyaltyBot.Functions.Bot;

/// <summary>
/// What free text the bot is waiting for from a user (a birthday, a review of a purchase), in the BotState table keyed by
/// Telegram user id. It expires, so an old question does not swallow a message sent days later.
/// </summary>
public sealed class PendingInputs(StorageAccount storage, TimeProvider time) : IPersonalData
{
    public static readonly TimeSpan ValidFor = TimeSpan.FromHours(1);
    private const string Row = "pending";
    private readonly TableClient table = storage.Table(TableNames.BotState);

    /// <summary>The pending input's name and argument (for example <c>feedback</c> and a purchase), or null.</summary>
    public async Task<(string Name, string Argument)?> GetAsync(long userId, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Key(userId), Row, cancellationToken: cancellationToken);
        if (!row.HasValue || row.Value!.GetDateTimeOffset("AskedAt") is not { } asked || time.GetUtcNow() - asked > ValidFor)
        {
            return null;
        }

        return (row.Value.GetString("Name"), row.Value.GetString("Argument") ?? "");
    }

    public async Task SetAsync(long userId, string name, string argument, CancellationToken cancellationToken) =>
        await table.UpsertEntityAsync(new TableEntity(Key(userId), Row) { ["Name"] = name, ["Argument"] = argument, ["AskedAt"] = time.GetUtcNow() },
            TableUpdateMode.Replace, cancellationToken);

    /// <summary>An erased customer's half-typed input goes with them.</summary>
    public Task EraseAsync(string customerId, long telegramUserId, CancellationToken cancellationToken) => ClearAsync(telegramUserId, cancellationToken);

    public async Task ClearAsync(long userId, CancellationToken cancellationToken) =>
        await table.DeleteEntityAsync(Key(userId), Row, cancellationToken: cancellationToken);

    private static string Key(long userId) => userId.ToString(CultureInfo.InvariantCulture);
}
