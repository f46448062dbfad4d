using LoyaltyBot.Domain.Errors;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Domain.Segments;

namespace LoyaltyBot.Domain.Offers;

/// <summary>What makes a customer due for a personal offer.</summary>
public enum OfferTrigger
{
    /// <summary>The customer is at one of <see cref="OfferRule.Tiers"/>.</summary>
    Tier,

    /// <summary>A purchase had a line in one of <see cref="OfferRule.BoughtCategories"/>.</summary>
    Category,

    /// <summary>The birthday is today or within <see cref="OfferRule.DaysBeforeBirthday"/> days.</summary>
    Birthday,

    /// <summary>The customer has bought nothing for <see cref="OfferRule.InactiveDays"/> days.</summary>
    WinBack,
}

/// <summary>
/// A rule the owner sets: customers it finds due get a personal offer that multiplies their points (on
/// <see cref="Categories"/>, or on everything) for <see cref="ValidDays"/> days from the moment it is given.
/// Ending the rule stops new offers; the offers already given stay valid to their end. With a <see cref="Segment"/>, only
/// customers in that segment (<see cref="CustomerSegments"/>) are due.
/// </summary>
public sealed record OfferRule(
    string Id,
    string Name,
    OfferTrigger Trigger,
    decimal Multiplier,
    int ValidDays,
    DateTimeOffset CreatedAt,
    IReadOnlyList<string>? Categories = null,
    IReadOnlyList<string>? Tiers = null,
    IReadOnlyList<string>? BoughtCategories = null,
    int? InactiveDays = null,
    int? DaysBeforeBirthday = null,
    DateTimeOffset? EndedAt = null,
    string? Segment = null)
{
    public const int MaxValidDays = 90;

    public const int MaxInactiveDays = 3650;

    public const int MaxDaysBeforeBirthday = 30;

    public bool IsRunningAt(DateTimeOffset at) => EndedAt is null || at < EndedAt;

    /// <summary>The rule ended at <paramref name="now"/>, or as it ended before.</summary>
    public OfferRule EndAt(DateTimeOffset now) => EndedAt is null ? this with { EndedAt = now } : this;

    /// <summary>
    /// The occasion the customer is due for an offer on, or null: one offer per rule and occasion, so the key is what makes
    /// a grant once-only (the tier reached, the purchase that had the category, the birthday's year, the last purchase day).
    /// </summary>
    public string? OccasionFor(OfferFacts facts, DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(zone);
        if (!IsRunningAt(now) || (Segment is not null && facts.Segments?.Contains(Segment) != true))
        {
            return null;
        }

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        return Trigger switch
        {
            OfferTrigger.Tier => Tiers?.Contains(facts.Tier, StringComparer.OrdinalIgnoreCase) == true ? $"tier-{facts.Tier.ToLowerInvariant()}" : null,
            OfferTrigger.Category => facts.Purchase is { } purchase && purchase.Categories.Any(c => BoughtCategories?.Contains(c, StringComparer.OrdinalIgnoreCase) == true)
                ? $"purchase-{purchase.Key}" : null,
            OfferTrigger.Birthday => BirthdayOccasion(facts, today),
            OfferTrigger.WinBack => facts.LastPurchaseDay is { } last && last.AddDays(InactiveDays ?? 0) <= today ? $"after-{last:yyyyMMdd}" : null,
            _ => null,
        };
    }

    /// <summary>The offer this rule gives on <paramref name="occasion"/>, valid from <paramref name="now"/>.</summary>
    public PersonalOffer OfferOn(string occasion, DateTimeOffset now) =>
        new($"{Id}-{occasion}", Id, Name, Multiplier, Categories, now, now.AddDays(ValidDays));

    private string? BirthdayOccasion(OfferFacts facts, DateOnly today)
    {
        if (facts is not { BirthMonth: { } month and >= 1 and <= 12, BirthDay: { } day and >= 1 and <= 31 })
        {
            return null;
        }

        // This year's birthday, or next year's once this year's has passed: the lead may cross New Year.
        var next = Customers.BirthdayCalendar.CelebratedIn(today.Year, month, day);
        if (next < today)
        {
            next = Customers.BirthdayCalendar.CelebratedIn(today.Year + 1, month, day);
        }

        return next.DayNumber - today.DayNumber <= (DaysBeforeBirthday ?? 0) ? $"birthday-{next.Year}" : null;
    }

    /// <summary>Every problem with a rule the owner creates under <paramref name="rules"/>, each naming its field; empty when it can run.</summary>
    public IReadOnlyList<LoyaltyError> Validate(ProgramRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var errors = new List<LoyaltyError>();
        void Fail(string field, string message) => errors.Add(new LoyaltyError(LoyaltyErrorCode.InvalidOffer, field, message));

        if (string.IsNullOrWhiteSpace(Name) || Name.Length > Campaign.MaxNameLength)
        {
            Fail("name", $"must be 1 to {Campaign.MaxNameLength} characters, not blank");
        }

        // A multiplier of 1 or less would be no offer at all.
        if (Multiplier is <= 1 or > Campaign.MaxMultiplier)
        {
            Fail("multiplier", $"must be greater than 1 and at most {Campaign.MaxMultiplier}");
        }

        if (ValidDays is < 1 or > MaxValidDays)
        {
            Fail("validDays", $"must be 1 to {MaxValidDays}");
        }

        CheckNames(Categories, "categories", required: false, Fail);
        if (Segment is not null && CustomerSegments.Find(Segment, rules) != Segment)
        {
            Fail("segment", $"must be one of {string.Join(", ", CustomerSegments.Names(rules))}");
        }

        switch (Trigger)
        {
            case OfferTrigger.Tier:
                CheckNames(Tiers, "tiers", required: true, Fail);
                foreach (var (tier, i) in (Tiers ?? []).Select((t, i) => (t, i)).Where(t => rules.FindTier(t.t) is null))
                {
                    Fail($"tiers[{i}]", "names no tier of the program");
                }

                break;
            case OfferTrigger.Category:
                CheckNames(BoughtCategories, "boughtCategories", required: true, Fail);
                break;
            case OfferTrigger.Birthday when DaysBeforeBirthday is < 0 or > MaxDaysBeforeBirthday:
                Fail("daysBeforeBirthday", $"must be 0 to {MaxDaysBeforeBirthday}");
                break;
            case OfferTrigger.WinBack when InactiveDays is not (>= 1 and <= MaxInactiveDays):
                Fail("inactiveDays", $"must be 1 to {MaxInactiveDays}");
                break;
        }

        return errors;
    }

    private static void CheckNames(IReadOnlyList<string>? names, string field, bool required, Action<string, string> fail)
    {
        if (names is not { Count: > 0 })
        {
            if (required)
            {
                fail(field, "must list at least one");
            }

            return;
        }

        if (names.Count > Campaign.MaxTargets)
        {
            fail(field, $"must list at most {Campaign.MaxTargets}");
            return;
        }

        for (var i = 0; i < names.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(names[i]) || names[i].Length > Campaign.MaxCategoryLength)
            {
                fail($"{field}[{i}]", $"must be 1 to {Campaign.MaxCategoryLength} characters, not blank");
            }
        }
    }
}
