using LoyaltyBot.Functions.Ledger;

namespace LoyaltyBot.Functions.Tests.Ledger;

public sealed class CustomerLocksTests
{
    [Fact]
    public async Task ASecondOperationOnTheSameCustomerWaitsForTheFirstWhileAnotherCustomerGoesAhead()
    {
        var locks = new CustomerLocks();
        var first = await locks.EnterAsync("c1", CancellationToken.None);

        var sameCustomer = locks.EnterAsync("c1", CancellationToken.None);
        using var otherCustomer = await locks.EnterAsync("c2", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.False(sameCustomer.IsCompleted);
        first.Dispose();
        using var second = await sameCustomer.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task AGateIsDroppedOnceItsLastUserLeavesAndACancelledWaitLeavesNoneBehind()
    {
        var locks = new CustomerLocks();
        var inside = await locks.EnterAsync("c1", CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var waiting = locks.EnterAsync("c1", cancel.Token);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(1, locks.Count);
        inside.Dispose();

        Assert.Equal(0, locks.Count);
        using var again = await locks.EnterAsync("c1", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
    }
}
