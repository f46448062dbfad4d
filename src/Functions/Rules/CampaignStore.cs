using System.Text.Json;
using Azure;
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
    private const string Column = "Campaign";
    private readonly TableClient table = storage.Table(TableNames.Campaigns);
    private (IReadOnlyList<Campaign> Campaigns, DateTimeOffset ReadAt)? cached;

    /// <summary>A new campaign's id: time-ordered, letters and digits only.</summary>
    public static string NewId() => "cmp" + Guid.CreateVersion7().ToString("N")[..20];

    /// <summary>Ids as <see cref="NewId"/> makes them (and the hyphenated ones of older campaigns): never an invalid table key.</summary>
    public static bool IsWellFormedId(string? campaignId) =>
        campaignId is { Length: > 0 and <= 64 } && campaignId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>Every campaign, as read within the last <see cref="ProgramStore.CacheFor"/>.</summary>
    public async Task<IReadOnlyList<Campaign>> GetAllAsync(CancellationToken cancellationToken)
    {
        if (cached is { } hit && time.GetUtcNow() - hit.ReadAt < ProgramStore.CacheFor)
        {
            return hit.Campaigns;
        }

        var campaigns = await ReadAllAsync(cancellationToken);
        cached = (campaigns, time.GetUtcNow());
        return campaigns;
    }

    /// <summary>Every campaign as stored now, past the cache: what the owner sees.</summary>
    public async Task<IReadOnlyList<Campaign>> ReadAllAsync(CancellationToken cancellationToken)
    {
        var campaigns = new List<Campaign>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: [Column], cancellationToken: cancellationToken))
        {
            campaigns.Add(Read(row));
        }

        return campaigns;
    }

    public async Task<Campaign?> FindAsync(string campaignId, CancellationToken cancellationToken)
    {
        if (!IsWellFormedId(campaignId))
        {
            return null;
        }

        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition, campaignId, cancellationToken: cancellationToken);
        return row.HasValue ? Read(row.Value!) : null;
    }

    public async Task SaveAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        await table.UpsertEntityAsync(ToEntity(campaign), TableUpdateMode.Replace, cancellationToken);
        cached = null;
    }

    /// <summary>Ends the campaign now (<see cref="Campaign.EndAt"/>) and answers it as it stands; null when there is none.</summary>
    public async Task<Campaign?> EndAsync(string campaignId, CancellationToken cancellationToken)
    {
        if (!IsWellFormedId(campaignId))
        {
            return null;
        }

        while (true)
        {
            var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition, campaignId, cancellationToken: cancellationToken);
            if (!row.HasValue)
            {
                return null;
            }

            var campaign = Read(row.Value!);
            var ended = campaign.EndAt(time.GetUtcNow());
            if (ended == campaign)
            {
                return campaign;
            }

            try
            {
                await table.UpdateEntityAsync(ToEntity(ended), row.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
                cached = null;
                return ended;
            }
            catch (RequestFailedException ex) when (ex.Status == StatusCodes.Status412PreconditionFailed)
            {
                // Ended by another call meanwhile: read how it ended.
            }
        }
    }

    private static Campaign Read(TableEntity row) => JsonSerializer.Deserialize<Campaign>(row.GetString(Column), ProgramStore.Json)!;

    private static TableEntity ToEntity(Campaign campaign) =>
        new(Partition, campaign.Id) { [Column] = JsonSerializer.Serialize(campaign, ProgramStore.Json) };
}
