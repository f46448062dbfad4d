namespace LoyaltyBot.Domain.Boosts;

/// <summary>
/// The boosted categories a customer picked, by month. Kept on the account row, which every accrual reads anyway, so earning
/// the boosted rate costs no storage request; months before the current one are dropped whenever the picks change.
/// Immutable, and equal to other picks holding the same categories for the same months.
/// </summary>
public sealed class BoostPicks : IEquatable<BoostPicks>
{
    private readonly SortedDictionary<BoostMonth, IReadOnlyList<string>> months;

    public BoostPicks(IEnumerable<KeyValuePair<BoostMonth, IReadOnlyList<string>>> months)
    {
        ArgumentNullException.ThrowIfNull(months);
        this.months = new(months.Where(m => m.Value.Count > 0).ToDictionary());
    }

    public static BoostPicks None { get; } = new([]);

    public IReadOnlyDictionary<BoostMonth, IReadOnlyList<string>> Months => months;

    public bool IsEmpty => months.Count == 0;

    public IReadOnlyList<string> In(BoostMonth month) => months.GetValueOrDefault(month) ?? [];

    public bool Has(BoostMonth month, string category) => In(month).Contains(category, StringComparer.OrdinalIgnoreCase);

    /// <summary>These picks with <paramref name="month"/>'s set to <paramref name="categories"/>, and none for months before <paramref name="current"/>.</summary>
    public BoostPicks With(BoostMonth month, IReadOnlyList<string> categories, BoostMonth current) =>
        new(months.Where(m => m.Key >= current && m.Key != month).Append(KeyValuePair.Create(month, categories)));

    public bool Equals(BoostPicks? other) =>
        other is not null && months.Count == other.months.Count
        && months.All(m => other.months.TryGetValue(m.Key, out var theirs) && m.Value.SequenceEqual(theirs, StringComparer.Ordinal));

    public override bool Equals(object? obj) => Equals(obj as BoostPicks);

    public override int GetHashCode() => months.Count;
}
