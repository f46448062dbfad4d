using System.Globalization;

namespace LoyaltyBot.Functions.Notifications;

/// <summary>
/// How fast notifications go out. Telegram allows a bot about 30 messages a second in all and one a second per chat;
/// the limit counts per bot, so with several app instances each gets its share (see docs/bot.md).
/// </summary>
public sealed class NotificationSettings
{
    public const string PerSecondSetting = "NotificationsPerSecond";

    public const double DefaultPerSecond = 30;

    /// <summary>This instance's messages per second, in all chats together.</summary>
    public double MessagesPerSecond { get; init; } = DefaultPerSecond;

    /// <summary>Added to each counting window, so that a few milliseconds of network jitter never put one message too many into Telegram's second.</summary>
    public TimeSpan JitterMargin { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The least time between the end of one message to a chat and the start of the next.</summary>
    public TimeSpan PerChatInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A 429 asking to wait longer than this fails the try instead, and the queue brings the message back later.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>At most this many messages are counted in any <see cref="Window"/> (from their start until it has passed since they ended): 30 in 1.05 s at the default rate.</summary>
    public int PerWindow => Math.Max(1, (int)Math.Floor(MessagesPerSecond));

    public TimeSpan Window => TimeSpan.FromSeconds(PerWindow / MessagesPerSecond) + JitterMargin;

    /// <summary>Messages start at least this far apart, so that a full window is not one burst: half the window's average spacing.</summary>
    public TimeSpan MinSpacing => Window / (2 * PerWindow);

    public static NotificationSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var value = configuration[PerSecondSetting];
        if (string.IsNullOrWhiteSpace(value))
        {
            return new NotificationSettings();
        }

        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var perSecond) && perSecond is > 0 and <= 1000
            ? new NotificationSettings { MessagesPerSecond = perSecond }
            : throw new InvalidOperationException($"Setting {PerSecondSetting} must be a number of messages per second above 0 (Telegram allows about 30), not '{value}'.");
    }
}
