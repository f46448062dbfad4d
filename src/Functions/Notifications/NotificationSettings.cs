using System.Globalization;

namespace LoyaltyBot.Functions.Notifications;

/// <summary>
/// How fast notifications go out. Telegram allows a bot about 30 messages a second in all and one a second per chat;
/// the limit counts per bot, so with several app instances each gets its share (see the README).
/// </summary>
public sealed class NotificationSettings
{
    public const string PerSecondSetting = "NotificationsPerSecond";

    /// <summary>One under Telegram's 30, so that a few milliseconds of network jitter never put 31 into one second.</summary>
    public const double DefaultPerSecond = 29;

    /// <summary>This instance's messages per second, in all chats together.</summary>
    public double MessagesPerSecond { get; init; } = DefaultPerSecond;

    /// <summary>The least time between the end of one message to a chat and the start of the next.</summary>
    public TimeSpan PerChatInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A 429 asking to wait longer than this fails the try instead, and the queue brings the message back later.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan Interval => TimeSpan.FromSeconds(1 / MessagesPerSecond);

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
