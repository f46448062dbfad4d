using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Functions.Kpis;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace LoyaltyBot.Functions.Tests.Kpis;

/// <summary>An operation committed to the ledger whose counting was cut short is counted when it is delivered again, and once.</summary>
public sealed class KpiCatchUpTests(StorageOfItsOwn storage) : IClassFixture<StorageOfItsOwn>
{
    [Fact]
    public async Task APurchaseCommittedBeforeItsCountingFailedIsCountedOnceByItsRedeliveries()
    {
        var h = await LedgerHarness.StartAsync(storage: storage.Account);
        var customer = await h.RegisterAsync();
        var cutShort = new FailingOnce(h.KpiDeltas);
        var ledger = new LedgerStore(h.Storage, h.Index, new TierReviewIndex(h.Storage), h.Time, NullLogger<LedgerStore>.Instance, cutShort);
        var purchase = h.Purchase(700m, "once");

        await Assert.ThrowsAsync<IOException>(() => ledger.EarnAsync(customer, purchase, h.Rules, [], CancellationToken.None));
        Assert.Equal(0, (await h.TodaysKpisAsync()).Purchases);
        var first = await ledger.EarnAsync(customer, purchase, h.Rules, [], CancellationToken.None);
        var second = await ledger.EarnAsync(customer, purchase, h.Rules, [], CancellationToken.None);

        var report = await h.TodaysKpisAsync();
        Assert.Equal(first.Value.Entry.Id, second.Value.Entry.Id);
        Assert.Equal((1, 700m, first.Value.Entry.Delta), (report.Purchases, report.Revenue, report.PointsIssued));
        // Told of every delivery; only the first, cut short, and the second, which counted it, mattered.
        Assert.Equal(3, cutShort.Told);
    }


    /// <summary>A listener whose first commit fails, as a process stopped right after the ledger's transaction would.</summary>
    private sealed class FailingOnce(ILedgerListener inner) : ILedgerListener
    {
        public int Told { get; private set; }

        public Task OpenedAsync(CustomerAccount account, CancellationToken cancellationToken) => inner.OpenedAsync(account, cancellationToken);

        public Task PhoneBoundAsync(CustomerAccount account, CancellationToken cancellationToken) => inner.PhoneBoundAsync(account, cancellationToken);

        public Task TierLoweredAsync(CustomerAccount account, string from, DateOnly review, CancellationToken cancellationToken) =>
            inner.TierLoweredAsync(account, from, review, cancellationToken);

        public Task CommittedAsync(CommittedEntry committed, CancellationToken cancellationToken) =>
            ++Told == 1 ? throw new IOException("the process stopped") : inner.CommittedAsync(committed, cancellationToken);
    }
}
