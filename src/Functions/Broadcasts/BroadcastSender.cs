using Azure.Storage.Queues;
using LoyaltyBot.Functions.Outbox;
using LoyaltyBot.Functions.Rules;
using LoyaltyBot.Functions.Segments;
using LoyaltyBot.Functions.Storage;

namespace LoyaltyBot.Functions.Broadcasts;

/// <summary>What a preview shows: who would get the broadcast, who would be skipped, and the texts as they would be sent.</summary>
public sealed record BroadcastPreview(string Segment, int Recipients, int Skipped, BroadcastText Preview);

/// <summary>How a request to send ended: a new broadcast, the same one again, or another one under a taken id.</summary>
public enum BroadcastStart
{
    Started,
    Repeated,
    IdTaken,
}

/// <summary>
/// Broadcasts to a segment. Making one counts its audience, records it and queues the fan-out's first page; the
/// SendBroadcast function then puts one notification per reachable member on the <c>notifications</c> queue, a page
/// of accounts at a time, advancing the broadcast's row after each page. Every member's notification has the
/// broadcast's id, which the sender sends once, so a page fanned out twice (a crash, a retry, a duplicate message) or
/// the same request made again sends nothing more.
/// </summary>
public sealed partial class BroadcastSender(
    BroadcastStore store, SegmentMembers segments, ProgramStore program, Notifier notifier, StorageAccount storage, TimeProvider time, ILogger<BroadcastSender> logger)
{
    /// <summary>Notifications put on the queue at once while a page fans out.</summary>
    private const int ParallelSends = 16;

    private readonly QueueClient pages = storage.Queue(QueueNames.Broadcasts);

    public async Task<BroadcastPreview> PreviewAsync(string segment, BroadcastText text, CancellationToken cancellationToken)
    {
        var count = await segments.CountAsync(segment, await program.GetAsync(cancellationToken), time.GetUtcNow(), cancellationToken);
        return new BroadcastPreview(segment, count.Reachable, count.Members - count.Reachable, text);
    }

    /// <summary>
    /// Starts the broadcast, or answers the one of that id. The same request again resumes a fan-out that stopped
    /// before its first page was queued (its pages are idempotent, so queuing one again is harmless).
    /// </summary>
    public async Task<(BroadcastStart Start, Broadcast Broadcast)> StartAsync(string broadcastId, string segment, BroadcastText text, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(broadcastId, cancellationToken) is not { } existing)
        {
            var now = time.GetUtcNow();
            var count = await segments.CountAsync(segment, await program.GetAsync(cancellationToken), now, cancellationToken);
            var broadcast = new Broadcast(broadcastId, segment, text, now, count.Reachable, count.Members - count.Reachable, 0, Broadcast.Sending);
            if (await store.TryAddAsync(broadcast, cancellationToken))
            {
                await QueuePageAsync(broadcast, cancellationToken);
                LogStarted(logger, broadcastId, segment, broadcast.Recipients, broadcast.Skipped);
                return (BroadcastStart.Started, broadcast);
            }

            // Made by a concurrent request with the same id.
            existing = (await store.FindAsync(broadcastId, cancellationToken))!.Value;
        }

        var (first, _) = existing;
        if (!first.SameAs(segment, text))
        {
            return (BroadcastStart.IdTaken, first);
        }

        if (first.Status == Broadcast.Sending)
        {
            await QueuePageAsync(first, cancellationToken);
        }

        return (BroadcastStart.Repeated, first);
    }

    public async Task<IReadOnlyList<Broadcast>> ListAsync(CancellationToken cancellationToken) =>
        [.. (await store.ReadAllAsync(cancellationToken)).OrderByDescending(b => b.CreatedAt)];

    /// <summary>
    /// Fans out one page: queues the notification of each reachable member of the segment on it (membership as at the
    /// broadcast's making), queues the next page, then advances the row. A page that is not the row's next was done before.
    /// </summary>
    public async Task<int?> FanOutAsync(BroadcastPage step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (await store.FindAsync(step.BroadcastId, cancellationToken) is not { } found
            || found.Broadcast.Status != Broadcast.Sending || found.Broadcast.Page != step.Page)
        {
            return null;
        }

        var (broadcast, etag) = found;

        var rules = await program.GetAsync(cancellationToken);
        var (members, next) = await segments.PageAsync(broadcast.Segment, rules, broadcast.CreatedAt, step.Page.Length == 0 ? null : step.Page, cancellationToken);
        var reachable = members.Where(m => m.Profile.CanBeMessaged).ToList();
        await Parallel.ForEachAsync(reachable, new ParallelOptions { MaxDegreeOfParallelism = ParallelSends, CancellationToken = cancellationToken },
            async (member, send) => await notifier.EnqueueAsync(
                new Notification(broadcast.NotificationId, member.CustomerId, NotificationKind.Broadcast, Text: broadcast.Text.For(member.Profile.Language)), send));

        // The next page is queued before the row moves on: a crash in between leaves the row at this page, whose message comes back.
        var advanced = broadcast with { Queued = broadcast.Queued + reachable.Count, Page = next ?? "" };
        if (next is null)
        {
            advanced = advanced with { Status = Broadcast.Sent, FinishedAt = time.GetUtcNow() };
        }
        else
        {
            await QueuePageAsync(advanced, cancellationToken);
        }

        if (await store.TryReplaceAsync(advanced, etag, cancellationToken) && next is null)
        {
            LogFinished(logger, broadcast.BroadcastId, advanced.Queued);
        }

        return reachable.Count;
    }

    private async Task QueuePageAsync(Broadcast broadcast, CancellationToken cancellationToken) =>
        await pages.SendMessageAsync(WireJson.Write(new BroadcastPage(broadcast.BroadcastId, broadcast.Page)), cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Broadcast {BroadcastId} to segment {Segment} started: {Recipients} recipients, {Skipped} skipped")]
    private static partial void LogStarted(ILogger logger, string broadcastId, string segment, int recipients, int skipped);

    [LoggerMessage(Level = LogLevel.Information, Message = "Broadcast {BroadcastId} fanned out: {Queued} notifications queued")]
    private static partial void LogFinished(ILogger logger, string broadcastId, int queued);
}
