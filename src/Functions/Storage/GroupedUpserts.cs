using System.Collections.Concurrent;
using Azure.Data.Tables;

namespace LoyaltyBot.Functions.Storage;

/// <summary>
/// Upserts of many callers into one table, written together: a row goes out with the other rows of its partition waiting
/// at that moment, in one entity-group transaction of at most 100, and the caller's task ends when that transaction has.
/// While a partition's transaction is in flight the rows that arrive wait for the next one, so under load one request
/// carries many rows, and a row that comes alone goes out at once.
/// </summary>
public sealed class GroupedUpserts(TableClient table)
{
    private const int MaxRows = 100;
    private readonly ConcurrentDictionary<string, Partition> partitions = new();

    public Task UpsertAsync(TableEntity entity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var waiting = new Waiting(entity);
        while (true)
        {
            var partition = partitions.GetOrAdd(entity.PartitionKey, _ => new Partition());
            bool start;
            lock (partition)
            {
                if (partition.Retired)
                {
                    // Emptied and dropped from the dictionary just now: take the partition's next writer.
                    continue;
                }

                partition.Pending.Enqueue(waiting);
                start = !partition.Writing;
                partition.Writing = true;
            }

            if (start)
            {
                // Not the caller's cancellation: the transaction carries other callers' rows too.
                _ = Task.Run(() => WriteAsync(entity.PartitionKey, partition), CancellationToken.None);
            }

            return waiting.Written.Task.WaitAsync(cancellationToken);
        }
    }

    private async Task WriteAsync(string partitionKey, Partition partition)
    {
        while (true)
        {
            var rows = new List<Waiting>();
            lock (partition)
            {
                // A transaction may not hold one row twice: a repeated row key waits for the next.
                while (rows.Count < MaxRows && partition.Pending.TryPeek(out var next) && rows.TrueForAll(r => r.Entity.RowKey != next.Entity.RowKey))
                {
                    rows.Add(partition.Pending.Dequeue());
                }

                if (rows.Count == 0)
                {
                    partition.Writing = false;
                    partition.Retired = true;
                    partitions.TryRemove(new KeyValuePair<string, Partition>(partitionKey, partition));
                    return;
                }
            }

            try
            {
                await table.SubmitTransactionAsync(rows.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r.Entity)));
                rows.ForEach(r => r.Written.TrySetResult());
            }
            catch (Exception ex)
            {
                rows.ForEach(r => r.Written.TrySetException(ex));
            }
        }
    }

    private sealed class Partition
    {
        public Queue<Waiting> Pending { get; } = new();

        public bool Writing { get; set; }

        public bool Retired { get; set; }
    }

    private sealed record Waiting(TableEntity Entity)
    {
        public TaskCompletionSource Written { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
