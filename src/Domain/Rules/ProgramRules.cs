using System.Text.Json.Serialization;
using LoyaltyBot.Domain.Boosts;
using LoyaltyBot.Domain.Errors;
using LoyaltyBot.Domain.Money;
using LoyaltyBot.Domain.Segments;

namespace LoyaltyBot.Domain.Rules;

/// <summary>The program's rules as one document, with the defaults a new program starts from.</summary>
public sealed record ProgramRules
{
    public string Currency { get; init; } = "RUB";

    /// <summary>IANA id; the program's days (birthdays, expiry dates shown to customers) are in this zone.</summary>
    public string TimeZone { get; init; } = "Europe/Moscow";

    public IReadOnlyList<TierRule> Tiers { get; init; } =
    [
        new("Bronze", 0m, 3m, Names: new Dictionary<string, string> { ["ru"] = "Бронзовый" }),
        new("Silver", 15_000m, 5m, Names: new Dictionary<string, string> { ["ru"] = "Серебряный" }),
        new("Gold", 50_000m, 10m, ["free-delivery"], new Dictionary<string, string> { ["ru"] = "Золотой" }),
    ];

    /// <summary>Tiers are reached by the spend of this many trailing days.</summary>
    public int TierWindowDays { get; init; } = 365;

    /// <summary>Category → multiplier (e.g. "coffee": 2).</summary>
    public IReadOnlyDictionary<string, decimal> CategoryMultipliers { get; init; } = new Dictionary<string, decimal>();

    public IReadOnlyList<ThresholdBonus> ThresholdBonuses { get; init; } = [];

    public int ExpiryDays { get; init; } = 365;

    /// <summary>Lifetime of bonus lots (welcome, birthday, referral, review); shorter than earned points.</summary>
    public int BonusExpiryDays { get; init; } = 180;

    /// <summary>Days before earned points become spendable (a return window); 0 = at once.</summary>
    public int PendingDays { get; init; }

    /// <summary>At most this share of a check may be paid with points.</summary>
    public decimal RedemptionCapPercent { get; init; } = 30m;

    /// <summary>Largest single purchase, refund or redemption check accepted, in the program currency.</summary>
    public decimal MaxAmount { get; init; } = 1_000_000m;

    public long WelcomeBonus { get; init; } = 100;

    public long ReferrerBonus { get; init; } = 200;

    public long ReferredFriendBonus { get; init; } = 100;

    /// <summary>The least an invited friend's purchase must pay to reward the invitation.</summary>
    public decimal ReferralMinPurchase { get; init; } = 500m;

    /// <summary>The most invitations that reward one referrer in a calendar month (in the program's zone); 0 for no limit.</summary>
    public int ReferralMonthlyCap { get; init; } = 10;

    /// <summary>Days after the qualifying purchase within which its refund takes both referral bonuses back.</summary>
    public int ReferralReturnDays { get; init; } = 14;

    public long BirthdayBonus { get; init; } = 300;

    /// <summary>Lifetime of the birthday bonus's lot: short, so that the gift is spent around the birthday.</summary>
    public int BirthdayBonusExpiryDays { get; init; } = 14;

    public long ReviewBonus { get; init; } = 20;

    /// <summary>Days before points expire that the customer is warned (in the program's days); 0 for no warning.</summary>
    public int ExpiryWarningDays { get; init; } = 7;

    /// <summary>Days before points expire that the customer has a last reminder; 0 for none. Less than <see cref="ExpiryWarningDays"/>.</summary>
    public int ExpiryLastChanceDays { get; init; } = 1;

    /// <summary>Inactivity expiry: the whole balance expires this many days after the latest purchase; 0 (the default) for off.</summary>
    public int InactivityExpiryDays { get; init; }

    [JsonIgnore]
    public bool InactivityExpiry => InactivityExpiryDays > 0;

    /// <summary>What the monthly tier review does when a customer's spend no longer holds their tier.</summary>
    public TierDowngradeMode TierDowngrade { get; init; } = TierDowngradeMode.OneLevel;

    /// <summary>Days a tier is kept after the spend of the window falls short of it: a review counts the window ending this many days earlier.</summary>
    public int TierGraceDays { get; init; } = 30;

    /// <summary>Days before a review that lowers a tier that the customer is told how much more spend keeps it; 0 for no warning.</summary>
    public int TierWarningDays { get; init; } = 7;

    /// <summary>The categories each month offers at a boosted rate, and how many of them a customer picks.</summary>
    public BoostedCategories BoostedCategories { get; init; } = new();
    /// <summary>What running the program costs a month besides the points redeemed (the bot, staff, printing): part of the ROI's cost.</summary>
    public decimal FixedCostPerMonth { get; init; }

    /// <summary>What members would spend a month without the program, as the owner estimates it: the ROI counts revenue above it as incremental.</summary>
    public decimal BaselineRevenuePerMonth { get; init; }

    /// <summary>The thresholds that score customers on recency, frequency and money, and so name their segment.</summary>
    public RfmRules Rfm { get; init; } = new();

    public static ProgramRules Default { get; } = new();

    /// <summary>The most whole points that may pay a check of <paramref name="checkAmount"/>.</summary>
    public long RedemptionCap(decimal checkAmount) => (long)decimal.Floor(checkAmount * RedemptionCapPercent / 100m);

    /// <summary>These rules as the birthday bonus is granted under them: a bonus lot that lives <see cref="BirthdayBonusExpiryDays"/>.</summary>
    public ProgramRules ForBirthdayBonus() => this with { BonusExpiryDays = BirthdayBonusExpiryDays };

    public TierRule TierFor(decimal trailingSpend) =>
        Tiers.Where(t => t.MinSpend <= trailingSpend).MaxBy(t => t.MinSpend) ?? Tiers[0];

    public TierRule TierNamed(string? name) => FindTier(name) ?? Tiers[0];

    /// <summary>The tier of that name (any case), or null when the rules have none.</summary>
    public TierRule? FindTier(string? name) => Tiers.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The next tier above <paramref name="current"/>, if any.</summary>
    public TierRule? NextTier(TierRule current) =>
        Tiers.Where(t => t.MinSpend > current.MinSpend).MinBy(t => t.MinSpend);

    /// <summary>The next tier below <paramref name="current"/>, if any.</summary>
    public TierRule? PreviousTier(TierRule current) =>
        Tiers.Where(t => t.MinSpend < current.MinSpend).MaxBy(t => t.MinSpend);

    // Derived from Currency, so not part of the rules document (serializing it would throw for an unknown currency).
    [JsonIgnore]
    public Currency ProgramCurrency => Money.Currency.TryFind(Currency, out var c) ? c : throw new InvalidOperationException($"Rules carry unknown currency {Currency}.");

    /// <summary>Every problem with the document, each naming its field; empty when the rules are usable.</summary>
    public IReadOnlyList<LoyaltyError> Validate()
    {
        var errors = new List<LoyaltyError>();
        void Fail(string field, string message) => errors.Add(new LoyaltyError(LoyaltyErrorCode.InvalidRules, field, message));

        // Exactly the code, as amounts carry it: "rub" or " RUB" would match no purchase's currency.
        if (!Money.Currency.TryFind(Currency, out var currency) || currency.Code != Currency)
        {
            Fail("currency", "must be a supported ISO 4217 code in capitals, such as RUB");
        }

        if (!TryFindTimeZone(TimeZone, out _))
        {
            Fail("timeZone", "must be an IANA time zone id such as Europe/Moscow");
        }

        if (Tiers is not { Count: > 0 })
        {
            Fail("tiers", "must list at least one tier");
        }
        else
        {
            if (Tiers.All(t => t.MinSpend != 0))
            {
                Fail("tiers", "one tier must start at minSpend 0");
            }

            if (Tiers.Select(t => t.Name?.Trim().ToUpperInvariant()).Distinct().Count() != Tiers.Count)
            {
                Fail("tiers", "tier names must be unique");
            }

            for (var i = 0; i < Tiers.Count; i++)
            {
                var tier = Tiers[i];
                if (string.IsNullOrWhiteSpace(tier.Name))
                {
                    Fail($"tiers[{i}].name", "must not be empty");
                }

                if (tier.MinSpend < 0)
                {
                    Fail($"tiers[{i}].minSpend", "must not be negative");
                }

                if (tier.RatePercent is < 0 or > 100)
                {
                    Fail($"tiers[{i}].ratePercent", "must be between 0 and 100");
                }

                foreach (var (language, name) in tier.Names ?? new Dictionary<string, string>())
                {
                    if (language is not ("ru" or "en") || string.IsNullOrWhiteSpace(name) || name.Length > 32)
                    {
                        Fail($"tiers[{i}].names.{language}", "give a name of 1 to 32 characters for \"ru\" or \"en\"");
                    }
                }
            }
        }

        RequireRange(TierWindowDays, 1, 3660, "tierWindowDays");
        RequireRange(ExpiryDays, 1, 3660, "expiryDays");
        RequireRange(BonusExpiryDays, 1, 3660, "bonusExpiryDays");
        RequireRange(BirthdayBonusExpiryDays, 1, 3660, "birthdayBonusExpiryDays");
        RequireRange(PendingDays, 0, 365, "pendingDays");
        RequireRange(ReferralMonthlyCap, 0, 1000, "referralMonthlyCap");
        RequireRange(ReferralReturnDays, 0, 365, "referralReturnDays");
        RequireRange(ExpiryWarningDays, 0, 365, "expiryWarningDays");
        RequireRange(ExpiryLastChanceDays, 0, 365, "expiryLastChanceDays");
        RequireRange(InactivityExpiryDays, 0, 3660, "inactivityExpiryDays");
        if (ExpiryWarningDays > 0 && ExpiryLastChanceDays >= ExpiryWarningDays)
        {
            Fail("expiryLastChanceDays", "must be less than expiryWarningDays");
        }

        RequireRange(TierGraceDays, 0, 365, "tierGraceDays");
        // Shorter than any month, so that a review's warnings come after the review before it.
        RequireRange(TierWarningDays, 0, 27, "tierWarningDays");
        if (!Enum.IsDefined(TierDowngrade))
        {
            Fail("tierDowngrade", "must be none, oneLevel or recalculate");
        }

        if (ReferralMinPurchase < 0)
        {
            Fail("referralMinPurchase", "must not be negative");
        }
        if (ExpiryDays >= 1 && PendingDays >= ExpiryDays)
        {
            Fail("pendingDays", "must be shorter than expiryDays");
        }

        if (RedemptionCapPercent is < 0 or > 100)
        {
            Fail("redemptionCapPercent", "must be between 0 and 100");
        }

        if (FixedCostPerMonth < 0)
        {
            Fail("fixedCostPerMonth", "must not be negative");
        }

        if (BaselineRevenuePerMonth < 0)
        {
            Fail("baselineRevenuePerMonth", "must not be negative");
        }

        if (MaxAmount <= 0)
        {
            Fail("maxAmount", "must be greater than zero");
        }

        foreach (var (category, multiplier) in CategoryMultipliers ?? new Dictionary<string, decimal>())
        {
            if (multiplier is <= 0 or > 100)
            {
                Fail($"categoryMultipliers.{category}", "must be greater than 0 and at most 100");
            }
        }

        var thresholds = ThresholdBonuses ?? [];
        for (var i = 0; i < thresholds.Count; i++)
        {
            if (thresholds[i].MinAmount <= 0)
            {
                Fail($"thresholdBonuses[{i}].minAmount", "must be greater than zero");
            }

            if (thresholds[i].Points <= 0)
            {
                Fail($"thresholdBonuses[{i}].points", "must be greater than zero");
            }
        }

        foreach (var (name, value) in new[]
                 {
                     ("welcomeBonus", WelcomeBonus), ("referrerBonus", ReferrerBonus), ("referredFriendBonus", ReferredFriendBonus),
                     ("birthdayBonus", BirthdayBonus), ("reviewBonus", ReviewBonus),
                 })
        {
            if (value < 0)
            {
                Fail(name, "must not be negative");
            }
        }

        if (BoostedCategories is null)
        {
            Fail("boostedCategories", "must be an object with picks and months");
        }
        else
        {
            BoostedCategories.Validate(Fail);
        }

        errors.AddRange(Rfm?.Validate() ?? [new LoyaltyError(LoyaltyErrorCode.InvalidRules, "rfm", "must be an object of RFM thresholds")]);
        return errors;

        void RequireRange(int value, int min, int max, string field)
        {
            if (value < min || value > max)
            {
                Fail(field, $"must be between {min} and {max}");
            }
        }
    }

    // Derived from TimeZone, so not part of the rules document.
    [JsonIgnore]
    public TimeZoneInfo Zone => TryFindTimeZone(TimeZone, out var zone) ? zone : TimeZoneInfo.Utc;

    private static bool TryFindTimeZone(string? id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        return !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out zone!);
    }
}
