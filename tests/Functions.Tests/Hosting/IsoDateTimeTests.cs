using LoyaltyBot.Functions.Hosting;

namespace LoyaltyBot.Functions.Tests.Hosting;

public sealed class IsoDateTimeTests
{
    [Theory]
    [InlineData("2026-11-23T14:05:00+03:00", "2026-11-23T11:05:00.0000000+00:00")]
    [InlineData("2026-11-23T11:05:00Z", "2026-11-23T11:05:00.0000000+00:00")]
    [InlineData("2026-11-23T11:05:00.25Z", "2026-11-23T11:05:00.2500000+00:00")]
    [InlineData("2026-11-23T06:05:00.123456789-05:00", "2026-11-23T11:05:00.1234567+00:00")]
    public void ReadsIso8601WithAnOffsetAndUpToNineFractionalDigits(string text, string utc)
    {
        Assert.True(IsoDateTime.TryParse(text, out var at));
        Assert.Equal(utc, at.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("11/23/2026 14:05:00 +03:00")]
    [InlineData("2026-11-23T14:05:00")]
    [InlineData("2026-11-23")]
    [InlineData("Mon, 23 Nov 2026 11:05:00 GMT")]
    [InlineData("2026-11-23T14:05+03:00")]
    [InlineData("2026-11-23T14:05:00+0300")]
    [InlineData("2026-11-23 14:05:00+03:00")]
    [InlineData("2026-13-23T14:05:00Z")]
    [InlineData("2026-11-23T14:05:00.Z")]
    [InlineData("2026-11-23T14:05:00.1234567890Z")]
    [InlineData("٢٠٢٦-11-23T14:05:00Z")]
    [InlineData(" 2026-11-23T14:05:00Z")]
    [InlineData("")]
    [InlineData(null)]
    public void RefusesAnyOtherForm(string? text)
    {
        Assert.False(IsoDateTime.TryParse(text, out _));
    }
}
