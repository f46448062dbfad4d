namespace LoyaltyBot.Functions.Bot.Offers;

/// <summary>A personal offer said in one line, the same in its announcement and on the Offers screen.</summary>
public static class OfferLine
{
    /// <summary>{0} name, {1} multiplier, {2} the last day it runs.</summary>
    public static readonly BotText Everything = new("🎯 {0}: баллы ×{1:0.##} до {2} включительно", "🎯 {0}: points ×{1:0.##} through {2}");

    /// <summary>{0} name, {1} multiplier, {2} the last day it runs, {3} the categories.</summary>
    public static readonly BotText OnCategories = new(
        "🎯 {0}: баллы ×{1:0.##} на товары: {3} — до {2} включительно",
        "🎯 {0}: points ×{1:0.##} on {3} through {2}");

    /// <summary>
    /// The offer in <paramref name="language"/>. It ends at an instant not included, so the last day it runs is that
    /// instant's day in the program's zone, or the day before when it ends at midnight there.
    /// </summary>
    public static string Say(string language, string name, decimal multiplier, IReadOnlyList<string>? categories, DateTimeOffset until, TimeZoneInfo zone, DateTimeOffset now)
    {
        var lastDay = LocalFormat.Day(language, until.AddTicks(-1), zone, now);
        return categories is { Count: > 0 }
            ? OnCategories.In(language, name, multiplier, lastDay, string.Join(", ", categories))
            : Everything.In(language, name, multiplier, lastDay);
    }
}
