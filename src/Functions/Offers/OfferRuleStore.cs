using Azure.Data.Tables;
using LoyaltyBot.Domain.Offers;
using LoyaltyBot.Functions.Rules;
using LoyaltyBot.Functions.Storage;

namespace LoyaltyBot.Functions.Offers;

/// <summary>
/// The owner's offer rules, in their own partition of the Campaigns table (a program has tens). Read on every purchase,
/// so the list is cached for <see cref="ProgramStore.CacheFor"/>, as the campaigns are.
/// </summary>
public sealed class OfferRuleStore(StorageAccount storage, TimeProvider time)
{
    private const string Partition = "offer-rule";
    private const string Column = "Rule";
    private readonly TableClient table = storage.Table(TableNames.Campaigns);
    private (IReadOnlyList<OfferRule> Rules, DateTimeOffset ReadAt)? cached;

    /// <summary>A new rule's id: time-ordered, letters and digits only.</summary>
    public static string NewId() => "ofr" + Guid.CreateVersion7().ToString("N")[..20];

    /// <summary>Every rule, as read within the last <see cref="ProgramStore.CacheFor"/>.</summary>
    public async Task<IReadOnlyList<OfferRule>> GetAllAsync(CancellationToken cancellationToken)
    {
        if (cached is not { } hit || time.GetUtcNow() - hit.ReadAt >= ProgramStore.CacheFor)
        {
            hit = (await ReadAllAsync(cancellationToken), time.GetUtcNow());
            cached = hit;
        }

        return hit.Rules;
    }

    /// <summary>Every rule as stored now, past the cache: what the owner sees.</summary>
    public async Task<IReadOnlyList<OfferRule>> ReadAllAsync(CancellationToken cancellationToken)
    {
        var rules = new List<OfferRule>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), select: [Column], cancellationToken: cancellationToken))
        {
            rules.Add(WireJson.Read<OfferRule>(row.GetString(Column)));
        }

        return rules;
    }

    public async Task SaveAsync(OfferRule rule, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rule);
        await table.UpsertEntityAsync(new TableEntity(Partition, rule.Id) { [Column] = WireJson.Write(rule) }, TableUpdateMode.Replace, cancellationToken);
        cached = null;
    }

    /// <summary>Ends the rule now (<see cref="OfferRule.EndAt"/>) and answers it as it stands; null when there is none.</summary>
    public async Task<OfferRule?> EndAsync(string ruleId, CancellationToken cancellationToken)
    {
        if (!CampaignStore.IsWellFormedId(ruleId))
        {
            return null;
        }

        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition, ruleId, cancellationToken: cancellationToken);
        if (!row.HasValue)
        {
            return null;
        }

        var rule = WireJson.Read<OfferRule>(row.Value!.GetString(Column));
        var ended = rule.EndAt(time.GetUtcNow());
        if (ended != rule)
        {
            // Two owners ending one rule at once both end it: the later end time wins, which changes nothing that matters.
            await SaveAsync(ended, cancellationToken);
        }

        return ended;
    }
}
