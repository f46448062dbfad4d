namespace LoyaltyBot.Domain.Boosts;

/// <summary>What a customer's press on a boosted category did.</summary>
public enum BoostChoice
{
    Picked,
    Unpicked,

    /// <summary>The customer already holds <see cref="BoostedCategories.Picks"/> categories that month: nothing changed.</summary>
    LimitReached,

    /// <summary>The month offers no such category (any more), or picks for that month are not open: nothing changed.</summary>
    NotOffered,
}

/// <summary>
/// The rule of boosted categories, as bank cards offer them: each month (in the program's time zone) the program offers a
/// set of categories at a higher rate, and each customer picks up to <see cref="Picks"/> of them for that month.
/// </summary>
public sealed record BoostedCategories
{
    public const int DefaultPicks = 2;

    public const int MaxPicks = 10;

    /// <summary>At most this many categories a month: each is a button of the bot's screen.</summary>
    public const int MaxOffered = 20;

    /// <summary>At most this many months in the document, which every accrual reads: the owner drops past months.</summary>
    public const int MaxMonths = 24;

    public const int MaxCategoryLength = 100;

    public const int MaxNameLength = 32;

    /// <summary>How many of a month's categories one customer may pick.</summary>
    public int Picks { get; init; } = DefaultPicks;

    /// <summary>Month (<c>yyyy-MM</c>) → the categories offered at a boosted rate that month.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<BoostedCategory>> Months { get; init; } = new Dictionary<string, IReadOnlyList<BoostedCategory>>();

    public IReadOnlyList<BoostedCategory> OfferedIn(BoostMonth month) => Months.GetValueOrDefault(month.ToString()) ?? [];

    /// <summary>The boosts <paramref name="picks"/> earn in <paramref name="month"/>: the picked categories the month still offers.</summary>
    public IReadOnlyList<BoostedCategory> EarnedIn(BoostMonth month, BoostPicks picks)
    {
        ArgumentNullException.ThrowIfNull(picks);
        return [.. OfferedIn(month).Where(b => picks.Has(month, b.Category))];
    }

    /// <summary>
    /// Picks or unpicks the category at <paramref name="index"/> of <paramref name="month"/>'s offer, which must be the month of
    /// <paramref name="now"/> or the next one. A pick over <see cref="Picks"/> is refused, and the picks stay as they were.
    /// </summary>
    public (BoostChoice Choice, BoostPicks Picks) Toggle(BoostPicks picks, BoostMonth month, int index, BoostMonth now)
    {
        ArgumentNullException.ThrowIfNull(picks);
        var offered = OfferedIn(month);
        if ((month != now && month != now.Next) || index < 0 || index >= offered.Count)
        {
            return (BoostChoice.NotOffered, picks);
        }

        var category = offered[index];
        // Only categories still offered count towards the limit: one the owner withdrew frees its place.
        var held = EarnedIn(month, picks).Select(b => b.Category).ToList();
        if (held.Exists(category.Is))
        {
            return (BoostChoice.Unpicked, picks.With(month, [.. held.Where(c => !category.Is(c))], now));
        }

        return held.Count >= Picks ? (BoostChoice.LimitReached, picks) : (BoostChoice.Picked, picks.With(month, [.. held, category.Category], now));
    }

    /// <summary>Every problem with the rule, each naming its field under <c>boostedCategories</c>.</summary>
    public void Validate(Action<string, string> fail)
    {
        ArgumentNullException.ThrowIfNull(fail);
        const string field = "boostedCategories";
        if (Picks is < 1 or > MaxPicks)
        {
            fail($"{field}.picks", $"must be between 1 and {MaxPicks}");
        }

        var months = Months ?? new Dictionary<string, IReadOnlyList<BoostedCategory>>();
        if (months.Count > MaxMonths)
        {
            fail($"{field}.months", $"must list at most {MaxMonths} months");
        }

        foreach (var (month, offered) in months)
        {
            var at = $"{field}.months.{month}";
            if (!BoostMonth.TryParse(month, out _))
            {
                fail(at, "must be a month written yyyy-MM, such as 2026-12");
            }

            if (offered is not { Count: > 0 and <= MaxOffered })
            {
                fail(at, $"must list 1 to {MaxOffered} categories");
                continue;
            }

            for (var i = 0; i < offered.Count; i++)
            {
                ValidateOne(offered[i], $"{at}[{i}]", offered.Take(i), fail);
            }
        }
    }

    private static void ValidateOne(BoostedCategory? boost, string at, IEnumerable<BoostedCategory?> before, Action<string, string> fail)
    {
        if (boost is null)
        {
            fail(at, "must be a category with its multiplier");
            return;
        }

        if (string.IsNullOrWhiteSpace(boost.Category) || boost.Category.Length > MaxCategoryLength)
        {
            fail($"{at}.category", $"must be 1 to {MaxCategoryLength} characters, not blank");
        }
        else if (before.Any(b => b?.Is(boost.Category) == true))
        {
            fail($"{at}.category", "is offered twice this month");
        }

        // A multiplier of 1 or less would be no boost at all.
        if (boost.Multiplier is <= 1 or > 100)
        {
            fail($"{at}.multiplier", "must be greater than 1 and at most 100");
        }

        foreach (var (language, name) in boost.Names ?? new Dictionary<string, string>())
        {
            if (language is not ("ru" or "en") || string.IsNullOrWhiteSpace(name) || name.Length > MaxNameLength)
            {
                fail($"{at}.names.{language}", $"give a name of 1 to {MaxNameLength} characters for \"ru\" or \"en\"");
            }
        }
    }
}
