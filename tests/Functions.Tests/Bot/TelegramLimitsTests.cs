using System.Globalization;
using LoyaltyBot.Functions.Bot;

namespace LoyaltyBot.Functions.Tests.Bot;

/// <summary>Texts shortened to the Bot API's limits: never over the limit, never a grapheme cluster split.</summary>
public sealed class TelegramLimitsTests
{
    [Fact]
    public void TextThatFitsIsLeftAsItIs()
    {
        Assert.Equal("Anna", TelegramLimits.Shorten("Anna", 4));
        Assert.Equal("Anna", TelegramLimits.Name("  Anna "));
        Assert.Equal("", TelegramLimits.Name(null));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(32)]
    [InlineData(4096)]
    public void LongTextIsCutBetweenWholeGraphemeClustersAndEndsWithAnEllipsis(int limit)
    {
        // A family emoji is three surrogate pairs joined by two ZWJs; the accented letter is two code units.
        var text = string.Concat(Enumerable.Repeat("Ан\u0301на👩‍👩‍👧 ", 1000));

        var shortened = TelegramLimits.Shorten(text, limit);

        Assert.InRange(shortened.Length, 1, limit);
        Assert.EndsWith(TelegramLimits.Ellipsis, shortened, StringComparison.Ordinal);
        var kept = shortened[..^TelegramLimits.Ellipsis.Length];
        Assert.StartsWith(kept, text, StringComparison.Ordinal);
        // The cut is where a grapheme cluster of the whole text begins.
        Assert.Contains(kept.Length, StringInfo.ParseCombiningCharacters(text).Append(0));
    }

    [Fact]
    public void ANameInASentenceIsAtMostThirtyTwoCharacters()
    {
        var name = TelegramLimits.Name(new string('я', 5000));

        Assert.Equal(new string('я', 31) + "…", name);
    }
}
