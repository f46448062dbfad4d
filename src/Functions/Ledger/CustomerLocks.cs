namespace LoyaltyBot.Functions.Ledger;

/// <summary>
/// Lets one operation at a time into each customer's account within this process. Many purchases of one customer
/// arriving together (a batch import, a family card) would otherwise all read the same account row and all but one
/// collide on its ETag and start again, over and over; in line, each commits at its first attempt. Instances apart are
/// still kept apart by the ETag.
/// </summary>
internal sealed class CustomerLocks
{
    private readonly Dictionary<string, Gate> gates = new(StringComparer.Ordinal);

    /// <summary>Waits for the customer's turn; disposing the result lets the next one in.</summary>
    public async Task<IDisposable> EnterAsync(string customerId, CancellationToken cancellationToken)
    {
        Gate gate;
        lock (gates)
        {
            if (!gates.TryGetValue(customerId, out gate!))
            {
                gate = new Gate(this, customerId);
                gates.Add(customerId, gate);
            }

            gate.Users++;
        }

        try
        {
            await gate.Turn.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Leave(gate);
            throw;
        }

        return gate;
    }

    /// <summary>Customers with an operation running or waiting: a gate is dropped once its last user leaves.</summary>
    public int Count
    {
        get
        {
            lock (gates)
            {
                return gates.Count;
            }
        }
    }

    private void Leave(Gate gate)
    {
        lock (gates)
        {
            if (--gate.Users == 0)
            {
                gates.Remove(gate.CustomerId);
            }
        }
    }

    private sealed class Gate(CustomerLocks owner, string customerId) : IDisposable
    {
        public string CustomerId { get; } = customerId;

        public SemaphoreSlim Turn { get; } = new(1, 1);

        /// <summary>Operations inside or waiting; changed only under the owner's lock.</summary>
        public int Users { get; set; }

        public void Dispose()
        {
            Turn.Release();
            owner.Leave(this);
        }
    }
}
