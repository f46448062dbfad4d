using System.Text.Json;
using Azure.Data.Tables;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Storage;

namespace LoyaltyBot.Functions.Rules;

/// <summary>
/// Campaigns in one partition of the Campaigns table (a program has tens, not thousands). Read on every accrual, so the
/// list is cached for <see cref="ProgramStore.CacheFor"/>; the earn calculation picks those active when the purchase happened.
/// </summary>
public sealed class CampaignStore(StorageAccount storage, TimeProvider time)
{
    private const string Partition = "campaign";
    private readonly TableClient table = storage.Table(TableNames.Campaigns);
    private (IReadOnlyList<Campaign> Campaigns, DateTimeOffset ReadAt)? cached;

    public async Task<IReadOnlyList<Campaign>> GetAllAsync(CancellationToken cancellationToken)
    {
        if (cached is { } hit && time.GetUtcNow() - hit.ReadAt < ProgramStore.CacheFor)
        {
            return hit.Campaigns;
        }

        var campaigns = new List<Campaign>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["Campaign"], cancellationToken: cancellationToken))
        {
            campaigns.Add(JsonSerializer.Deserialize<Campaign>(row.GetString("Campaign"), ProgramStore.Json)!);
        }

        cached = (campaigns, time.GetUtcNow());
        return campaigns;
    }

    public async Task SaveAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        await table.UpsertEntityAsync(new TableEntity(Partition, campaign.Id) { ["Campaign"] = JsonSerializer.Serialize(campaign, ProgramStore.Json) },
            TableUpdateMode.Replace, cancellationToken);
        cached = null;
    }
}
