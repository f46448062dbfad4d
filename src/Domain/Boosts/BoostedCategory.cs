namespace LoyaltyBot.Domain.Boosts;

/// <summary>
/// A category offered at a boosted rate in a month: a customer who picked it earns <see cref="Multiplier"/> times the points on
/// its lines. <see cref="Category"/> is the category as checks carry it; <see cref="Names"/> says it in a language ("ru": "Кофе").
/// </summary>
public sealed record BoostedCategory(string Category, decimal Multiplier, IReadOnlyDictionary<string, string>? Names = null)
{
    /// <summary>The category as a reader of <paramref name="language"/> says it; <see cref="Category"/> when no name is given.</summary>
    public string NameIn(string language) => Names?.GetValueOrDefault(language) is { Length: > 0 } name ? name : Category;

    public bool Is(string? category) => string.Equals(Category, category, StringComparison.OrdinalIgnoreCase);
}
