using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Storage;

namespace LoyaltyBot.Functions.Rules;

/// <summary>
/// Campaigns, in their partition of the Campaigns table (<see cref="OwnerItems{T}"/>): cached for every accrual, where
/// the earn calculation picks those active when the purchase happened.
/// </summary>
public sealed class CampaignStore(StorageAccount storage, TimeProvider time)
{
    private readonly OwnerItems<Campaign> items = new(storage, "campaign", "Campaign", c => c.Id, time);

    /// <summary>A new campaign's id: time-ordered, letters and digits only.</summary>
    public static string NewId() => "cmp" + Guid.CreateVersion7().ToString("N")[..20];

    /// <summary>Ids as <see cref="NewId"/> makes them (and the hyphenated ones of older campaigns): never an invalid table key.</summary>
    public static bool IsWellFormedId(string? campaignId) =>
        campaignId is { Length: > 0 and <= 64 } && campaignId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>Every campaign, as read within the last <see cref="ProgramStore.CacheFor"/>.</summary>
    public Task<IReadOnlyList<Campaign>> GetAllAsync(CancellationToken cancellationToken) => items.GetAllAsync(cancellationToken);

    /// <summary>Every campaign as stored now, past the cache: what the owner sees.</summary>
    public Task<IReadOnlyList<Campaign>> ReadAllAsync(CancellationToken cancellationToken) => items.ReadAllAsync(cancellationToken);

    public async Task<Campaign?> FindAsync(string campaignId, CancellationToken cancellationToken) =>
        IsWellFormedId(campaignId) ? await items.FindAsync(campaignId, cancellationToken) : null;

    public Task SaveAsync(Campaign campaign, CancellationToken cancellationToken) => items.SaveAsync(campaign, cancellationToken);

    /// <summary>Ends the campaign now (<see cref="Campaign.EndAt"/>) and answers it as it stands; null when there is none.</summary>
    public async Task<Campaign?> EndAsync(string campaignId, CancellationToken cancellationToken) =>
        IsWellFormedId(campaignId) ? await items.EndAsync(campaignId, (campaign, now) => campaign.EndAt(now), cancellationToken) : null;
}
