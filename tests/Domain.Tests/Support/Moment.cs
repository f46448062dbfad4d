namespace LoyaltyBot.Domain.Tests.Support;

/// <summary>Fixed instants, so no test depends on the machine's clock.</summary>
internal static class Moment
{
    /// <summary>Morning in Moscow; an offset other than zero keeps UTC conversions honest.</summary>
    public static readonly DateTimeOffset T0 = new(2025, 3, 1, 9, 30, 0, TimeSpan.FromHours(3));
}
