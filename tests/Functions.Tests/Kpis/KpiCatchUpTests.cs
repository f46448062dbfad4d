using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Functions.Kpis;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace LoyaltyBot.Functions.Tests.Kpis;

/// <summary>
/// An operation's figures are committed with it (its entry's row) and its customer filed under the day before: a process
/// stopped on either side of the ledger's transaction loses nothing and counts nothing twice once the message is redelivered.
/// </summary>
public sealed class KpiCatchUpTests(StorageOfItsOwn storage) : IClassFixture<StorageOfItsOwn>
{
    [Fact]
    public async Task APurchaseCommittedBeforeTheProcessStoppedIsCountedAtOnceAndOnceAfterItsRedeliveries()
    {
        var (h, customer, cutShort, ledger, before) = await StartAsync(beforeTheTransaction: false);
        var purchase = h.Purchase(700m, "once");

        await Assert.ThrowsAsync<IOException>(() => ledger.EarnAsync(customer, purchase, h.Rules, [], CancellationToken.None));
        Assert.Equal(before.Purchases + 1, (await h.TodaysKpisAsync()).Purchases);
        var first = await ledger.EarnAsync(customer, purchase, h.Rules, [], CancellationToken.None);
        var second = await ledger.EarnAsync(customer, purchase, h.Rules, [], CancellationToken.None);

        var report = await h.TodaysKpisAsync();
        Assert.Equal(first.Value.Entry.Id, second.Value.Entry.Id);
        Assert.Equal((1, 700m, first.Value.Entry.Delta), (report.Purchases - before.Purchases, report.Revenue - before.Revenue, report.PointsIssued - before.PointsIssued));
        // Told after the transaction of every delivery: the first, cut short, and the two replays.
        Assert.Equal(3, cutShort.Told);
    }

    [Fact]
    public async Task APurchaseWhoseFilingFailedIsNotCommittedAndItsRedeliveryCountsItOnce()
    {
        var (h, customer, _, ledger, before) = await StartAsync(beforeTheTransaction: true);
        var purchase = h.Purchase(700m, "filed-late");

        await Assert.ThrowsAsync<IOException>(() => ledger.EarnAsync(customer, purchase, h.Rules, [], CancellationToken.None));
        Assert.Equal((before.Purchases, 0L), ((await h.TodaysKpisAsync()).Purchases, (await h.AccountAsync(customer)).Balance));
        var earned = await ledger.EarnAsync(customer, purchase, h.Rules, [], CancellationToken.None);

        var report = await h.TodaysKpisAsync();
        Assert.Equal((1, 700m, earned.Value.Entry.Delta), (report.Purchases - before.Purchases, report.Revenue - before.Revenue, report.PointsIssued - before.PointsIssued));
        Assert.Equal(earned.Value.Entry.Delta, (await h.AccountAsync(customer)).Balance);
    }

    /// <summary>A customer, a ledger whose listener fails once, and today's figures before: the class's tests share a storage account, so each counts what it added.</summary>
    private async Task<(LedgerHarness H, string Customer, FailingOnce CutShort, LedgerStore Ledger, KpiReport Before)> StartAsync(bool beforeTheTransaction)
    {
        var h = await LedgerHarness.StartAsync(storage: storage.Account);
        var customer = await h.RegisterAsync();
        var cutShort = new FailingOnce(h.KpiDeltas, beforeTheTransaction);
        var ledger = new LedgerStore(h.Storage, h.Index, new TierReviewIndex(h.Storage), h.Time, NullLogger<LedgerStore>.Instance, cutShort);
        return (h, customer, cutShort, ledger, await h.TodaysKpisAsync());
    }

    /// <summary>A listener whose first telling fails, as a process stopped right before or right after the ledger's transaction would.</summary>
    private sealed class FailingOnce(ILedgerListener inner, bool beforeTheTransaction) : ILedgerListener
    {
        private bool failed;

        public int Told { get; private set; }

        public Task OpenedAsync(CustomerAccount account, CancellationToken cancellationToken) => inner.OpenedAsync(account, cancellationToken);

        public Task<string?> CommittingAsync(string customerId, LedgerEntry entry, string? filed, CancellationToken cancellationToken) =>
            beforeTheTransaction && FailsNow() ? throw new IOException("the process stopped") : inner.CommittingAsync(customerId, entry, filed, cancellationToken);

        public Task PhoneBoundAsync(CustomerAccount account, CancellationToken cancellationToken) => inner.PhoneBoundAsync(account, cancellationToken);

        public Task TierLoweredAsync(CustomerAccount account, string from, DateOnly review, CancellationToken cancellationToken) =>
            inner.TierLoweredAsync(account, from, review, cancellationToken);

        public Task CommittedAsync(CommittedEntry committed, CancellationToken cancellationToken)
        {
            Told++;
            return !beforeTheTransaction && FailsNow() ? throw new IOException("the process stopped") : inner.CommittedAsync(committed, cancellationToken);
        }

        private bool FailsNow()
        {
            var first = !failed;
            failed = true;
            return first;
        }
    }
}
