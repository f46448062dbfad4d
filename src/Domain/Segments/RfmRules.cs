using LoyaltyBot.Domain.Errors;

namespace LoyaltyBot.Domain.Segments;

/// <summary>
/// The owner's thresholds that score customers 1 to 5 on recency, frequency and money (fixed thresholds, not quintiles, so
/// that a customer's score depends on their own account alone). Each list holds four ascending steps: passing the first
/// scores 2, all four 5. Frequency and money count the tier window (<see cref="Rules.ProgramRules.TierWindowDays"/>).
/// </summary>
public sealed record RfmRules
{
    /// <summary>Days since the latest purchase: within the first step scores 5, past the last 1 (ascending).</summary>
    public IReadOnlyList<int> RecencyDays { get; init; } = [14, 30, 90, 180];

    /// <summary>Days with a purchase within the tier window: at least the first step scores 2, the last 5 (ascending).</summary>
    public IReadOnlyList<int> PurchaseDays { get; init; } = [2, 4, 8, 16];

    /// <summary>Net spend within the tier window, in the program's currency: at least the first step scores 2, the last 5 (ascending).</summary>
    public IReadOnlyList<decimal> Spend { get; init; } = [1_000m, 5_000m, 15_000m, 50_000m];

    /// <summary>Days after joining that a member counts as new, whatever they bought.</summary>
    public int NewMemberDays { get; init; } = 30;

    public const int Steps = 4;

    /// <summary>Every problem with the thresholds, each naming its field under <c>rfm</c>.</summary>
    public IEnumerable<LoyaltyError> Validate()
    {
        foreach (var problem in Ascending(RecencyDays, "recencyDays", 1))
        {
            yield return problem;
        }

        foreach (var problem in Ascending(PurchaseDays, "purchaseDays", 1))
        {
            yield return problem;
        }

        foreach (var problem in Ascending(Spend, "spend", 0m))
        {
            yield return problem;
        }

        if (NewMemberDays is < 0 or > 3660)
        {
            yield return Invalid("rfm.newMemberDays", "must be between 0 and 3660");
        }
    }

    private static IEnumerable<LoyaltyError> Ascending<T>(IReadOnlyList<T>? steps, string name, T least)
        where T : IComparable<T>
    {
        if (steps is not { Count: Steps })
        {
            yield return Invalid($"rfm.{name}", $"must list {Steps} steps, ascending");
            yield break;
        }

        for (var i = 0; i < Steps; i++)
        {
            if (steps[i].CompareTo(least) < 0 || (i > 0 && steps[i].CompareTo(steps[i - 1]) <= 0))
            {
                yield return Invalid($"rfm.{name}[{i}]", $"must be at least {least} and greater than the step before");
            }
        }
    }

    private static LoyaltyError Invalid(string field, string message) => new(LoyaltyErrorCode.InvalidRules, field, message);
}
