using LoyaltyBot.Domain.Offers;
using LoyaltyBot.Functions.Rules;
using LoyaltyBot.Functions.Storage;

namespace LoyaltyBot.Functions.Offers;

/// <summary>
/// The owner's offer rules, in their own partition of the Campaigns table (<see cref="OwnerItems{T}"/>): read on every
/// purchase, so cached as the campaigns are.
/// </summary>
public sealed class OfferRuleStore(StorageAccount storage, TimeProvider time)
{
    private readonly OwnerItems<OfferRule> items = new(storage, "offer-rule", "Rule", r => r.Id, time);

    /// <summary>A new rule's id: time-ordered, letters and digits only.</summary>
    public static string NewId() => "ofr" + Guid.CreateVersion7().ToString("N")[..20];

    /// <summary>Every rule, as read within the last <see cref="ProgramStore.CacheFor"/>.</summary>
    public Task<IReadOnlyList<OfferRule>> GetAllAsync(CancellationToken cancellationToken) => items.GetAllAsync(cancellationToken);

    /// <summary>Every rule as stored now, past the cache: what the owner sees.</summary>
    public Task<IReadOnlyList<OfferRule>> ReadAllAsync(CancellationToken cancellationToken) => items.ReadAllAsync(cancellationToken);

    public Task SaveAsync(OfferRule rule, CancellationToken cancellationToken) => items.SaveAsync(rule, cancellationToken);

    /// <summary>Ends the rule now (<see cref="OfferRule.EndAt"/>) and answers it as it stands; null when there is none.</summary>
    public async Task<OfferRule?> EndAsync(string ruleId, CancellationToken cancellationToken) =>
        CampaignStore.IsWellFormedId(ruleId) ? await items.EndAsync(ruleId, (rule, now) => rule.EndAt(now), cancellationToken) : null;
}
