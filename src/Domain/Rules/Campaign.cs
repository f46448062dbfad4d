using LoyaltyBot.Domain.Errors;

namespace LoyaltyBot.Domain.Rules;

/// <summary>Where a campaign stands at a moment: not started yet, running, or over.</summary>
public enum CampaignStatus
{
    Scheduled,
    Running,
    Ended,
}

/// <summary>
/// Multiplies earned points between two instants, optionally only for some categories or merchants.
/// The best applicable multiplier wins; stackable campaigns multiply on top of it.
/// </summary>
public sealed record Campaign(
    string Id,
    string Name,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    decimal Multiplier,
    IReadOnlyList<string>? Categories = null,
    IReadOnlyList<string>? MerchantIds = null,
    bool Stackable = false)
{
    public const int MaxNameLength = 100;

    public const int MaxCategoryLength = 100;

    /// <summary>At most this many categories, and as many merchants: the campaign list is read on every purchase.</summary>
    public const int MaxTargets = 50;

    /// <summary>The same ceiling as a category multiplier's.</summary>
    public const decimal MaxMultiplier = 100m;

    /// <summary>
    /// How far in the past a new campaign may start: the time an owner's request takes on its way. A start further back
    /// would reach only the purchases not yet accrued, so it is refused rather than half applied.
    /// </summary>
    public static readonly TimeSpan StartGrace = TimeSpan.FromMinutes(5);

    public bool IsActiveAt(DateTimeOffset at) => StartsAt <= at && at < EndsAt;

    public bool AppliesTo(string merchantId, string? category, DateTimeOffset at) =>
        IsActiveAt(at)
        && (MerchantIds is not { Count: > 0 } || MerchantIds.Contains(merchantId, StringComparer.OrdinalIgnoreCase))
        && (Categories is not { Count: > 0 } || (category is not null && Categories.Contains(category, StringComparer.OrdinalIgnoreCase)));

    /// <summary>A campaign ended before it started (<see cref="EndAt"/>) counts as ended at once.</summary>
    public CampaignStatus StatusAt(DateTimeOffset at) =>
        EndsAt <= StartsAt || at >= EndsAt ? CampaignStatus.Ended : at < StartsAt ? CampaignStatus.Scheduled : CampaignStatus.Running;

    /// <summary>
    /// The campaign ended at <paramref name="now"/>: a running one stops now, a scheduled one never starts, an ended one
    /// stays as it ended. Purchases made before the end keep the campaign.
    /// </summary>
    public Campaign EndAt(DateTimeOffset now) => StatusAt(now) switch
    {
        CampaignStatus.Running => this with { EndsAt = now },
        CampaignStatus.Scheduled => this with { EndsAt = StartsAt },
        _ => this,
    };

    /// <summary>Every problem with a campaign the owner creates at <paramref name="now"/>, each naming its field; empty when it can run.</summary>
    public IReadOnlyList<LoyaltyError> ValidateNew(DateTimeOffset now)
    {
        var errors = new List<LoyaltyError>();
        void Fail(string field, string message) => errors.Add(new LoyaltyError(LoyaltyErrorCode.InvalidCampaign, field, message));

        if (string.IsNullOrWhiteSpace(Name))
        {
            Fail("name", "must not be blank");
        }
        else if (Name.Length > MaxNameLength)
        {
            Fail("name", $"must be at most {MaxNameLength} characters");
        }

        if (StartsAt < now - StartGrace)
        {
            Fail("startsAt", "is in the past: a campaign cannot reach purchases already accrued");
        }

        if (EndsAt <= StartsAt)
        {
            Fail("endsAt", "must be after startsAt");
        }
        else if (EndsAt <= now)
        {
            Fail("endsAt", "is in the past");
        }

        // A multiplier of 1 or less would never win over the plain rate, or would take points away.
        if (Multiplier is <= 1 or > MaxMultiplier)
        {
            Fail("multiplier", $"must be greater than 1 and at most {MaxMultiplier}");
        }

        CheckTargets(Categories, "categories", MaxCategoryLength, Fail);
        CheckTargets(MerchantIds, "merchantIds", 64, Fail);
        return errors;
    }

    private static void CheckTargets(IReadOnlyList<string>? targets, string field, int maxLength, Action<string, string> fail)
    {
        if (targets is null)
        {
            return;
        }

        if (targets.Count > MaxTargets)
        {
            fail(field, $"must list at most {MaxTargets}");
            return;
        }

        for (var i = 0; i < targets.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(targets[i]) || targets[i].Length > maxLength)
            {
                fail($"{field}[{i}]", $"must be 1 to {maxLength} characters, not blank");
            }
        }
    }
}
