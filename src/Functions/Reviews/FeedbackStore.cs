using Azure;
using Azure.Data.Tables;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Storage;

namespace LoyaltyBot.Functions.Reviews;

/// <summary>A customer's rating of one purchase, and the review text if they wrote one.</summary>
public sealed record Review(string PurchaseRef, string? MerchantId, int Rating, string? Comment, long? Bonus, DateTimeOffset RatedAt);

/// <summary>
/// Reviews in the Feedback table, one partition per customer and one row per purchase (its <see cref="PurchaseRef"/>):
/// everything the bot asks (was this purchase rated, this customer's ratings) is one partition, and erasing a customer's
/// data is too. Each row also names the merchant, so a per-merchant report can be built from it.
/// </summary>
public sealed class FeedbackStore(StorageAccount storage, TimeProvider time) : IPersonalData
{
    private readonly TableClient table = storage.Table(TableNames.Feedback);

    public async Task<Review?> GetAsync(string customerId, string purchaseRef, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(customerId, purchaseRef, cancellationToken: cancellationToken);
        return row.HasValue ? FromEntity(row.Value!) : null;
    }

    /// <summary>The customer's ratings by purchase reference.</summary>
    public async Task<IReadOnlyDictionary<string, int>> RatingsAsync(string customerId, CancellationToken cancellationToken)
    {
        var ratings = new Dictionary<string, int>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {customerId}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["RowKey", "Rating"], cancellationToken: cancellationToken))
        {
            ratings[row.RowKey] = row.GetInt32("Rating") ?? 0;
        }

        return ratings;
    }

    /// <summary>Sets the rating, keeping any comment; <paramref name="bonus"/> is recorded when this rating earned it.</summary>
    public async Task RateAsync(string customerId, string purchaseRef, LedgerEntry purchase, int rating, long? bonus, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(purchase);
        var row = new TableEntity(customerId, purchaseRef)
        {
            ["MerchantId"] = purchase.MerchantId,
            ["Purchase"] = purchase.Operation,
            ["PurchasedAt"] = purchase.OccurredAt,
            ["Rating"] = rating,
            ["RatedAt"] = time.GetUtcNow(),
        };
        if (bonus is not null)
        {
            row["Bonus"] = bonus.Value;
        }

        await table.UpsertEntityAsync(row, TableUpdateMode.Merge, cancellationToken);
    }

    /// <summary>Adds the review text to a rated purchase; false when it was never rated.</summary>
    public async Task<bool> CommentAsync(string customerId, string purchaseRef, string comment, CancellationToken cancellationToken)
    {
        try
        {
            var row = new TableEntity(customerId, purchaseRef) { ["Comment"] = comment, ["CommentedAt"] = time.GetUtcNow() };
            await table.UpdateEntityAsync(row, ETag.All, TableUpdateMode.Merge, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }
    }

    /// <summary>An erased customer's review texts go; their stars stay, naming no one.</summary>
    public Task EraseAsync(string customerId, long telegramUserId, CancellationToken cancellationToken) => ForgetCommentsAsync(customerId, cancellationToken);

    /// <summary>Erases the texts of the customer's reviews (they may name anyone); the stars stay, anonymous like the ledger.</summary>
    public async Task ForgetCommentsAsync(string customerId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {customerId}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (row.Remove("Comment") | row.Remove("CommentedAt"))
            {
                await table.UpdateEntityAsync(row, ETag.All, TableUpdateMode.Replace, cancellationToken);
            }
        }
    }

    private static Review FromEntity(TableEntity row) => new(
        row.RowKey, row.GetString("MerchantId"), row.GetInt32("Rating") ?? 0, row.GetString("Comment"), row.GetInt64("Bonus"),
        row.GetDateTimeOffset("RatedAt") ?? DateTimeOffset.MinValue);
}
