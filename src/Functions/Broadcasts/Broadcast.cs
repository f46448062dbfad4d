namespace LoyaltyBot.Functions.Broadcasts;

/// <summary>A broadcast's text in each language the bot speaks; a member gets the one of their language.</summary>
public sealed record BroadcastText(string Ru, string En)
{
    public string For(string language) => language == "en" ? En : Ru;
}

/// <summary>
/// A message the owner sent to a segment. <see cref="Recipients"/> and <see cref="Skipped"/> (members of the segment the
/// bot cannot reach: no chat, or blocked) are counted when it was made; <see cref="Queued"/> counts the notifications put
/// on the queue so far. While <see cref="Status"/> is <see cref="Sending"/>, <see cref="Page"/> is the page of accounts to
/// fan out next ("" for the first).
/// </summary>
public sealed record Broadcast(
    string BroadcastId, string Segment, BroadcastText Text, DateTimeOffset CreatedAt, int Recipients, int Skipped, int Queued, string Status,
    string Page = "", DateTimeOffset? FinishedAt = null)
{
    public const string Sending = "sending";
    public const string Sent = "sent";

    /// <summary>The notification id a member gets it under: one per broadcast, in each member's own partition of sent notifications.</summary>
    public string NotificationId => $"broadcast-{BroadcastId}";

    /// <summary>Whether a second request for the same id asks for the same broadcast.</summary>
    public bool SameAs(string segment, BroadcastText text) => Segment == segment && Text == text;
}

/// <summary>The fan-out's step, as the <c>broadcasts</c> queue carries it: one page of accounts of one broadcast.</summary>
public sealed record BroadcastPage(string BroadcastId, string Page);
