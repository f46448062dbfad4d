using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Storage;
using LoyaltyBot.Functions.Tests.Infrastructure;

namespace LoyaltyBot.Functions.Tests.Ledger;

public sealed class ExpiryRunTests
{
    [Fact]
    public async Task AnEarnFilesTheCustomerUnderTheDayItsLotExpires()
    {
        var harness = await LedgerHarness.StartAsync();
        var customer = await harness.RegisterAsync();

        await harness.EarnAsync(customer, 1_000m);

        var expiryDay = DateOnly.FromDateTime(harness.Time.GetUtcNow().AddDays(harness.Rules.ExpiryDays).UtcDateTime);
        Assert.Contains(customer, await ReadDayAsync(harness, expiryDay));
        Assert.DoesNotContain(customer, await ReadDayAsync(harness, expiryDay.AddDays(-1)));
    }

    [Fact]
    public async Task TheRunExpiresDueLotsKeepsOthersAndDropsTheIndexRowsItIsDoneWith()
    {
        var harness = await LedgerHarness.StartAsync(now: new DateTimeOffset(2030, 1, 1, 10, 0, 0, TimeSpan.Zero));
        var expiring = await harness.RegisterAsync();
        var keeping = await harness.RegisterAsync();
        await harness.EarnAsync(expiring, 1_000m);
        harness.Time.Advance(TimeSpan.FromDays(2));
        await harness.EarnAsync(keeping, 2_000m);
        var expiringBalance = (await harness.AccountAsync(expiring)).Balance;
        var keepingBalance = (await harness.AccountAsync(keeping)).Balance;

        // The first lot is due; the second expires two days later.
        harness.Time.Advance(TimeSpan.FromDays(harness.Rules.ExpiryDays - 1));
        var summary = await harness.Expiry.RunAsync(CancellationToken.None);

        Assert.True(summary.Expirations >= 1);
        Assert.Equal(0, (await harness.AccountAsync(expiring)).Balance);
        Assert.Equal(keepingBalance, (await harness.AccountAsync(keeping)).Balance);
        var entries = await harness.Ledger.ReadEntriesAsync(expiring, 1, CancellationToken.None);
        Assert.Equal((LedgerEntryKind.Expire, -expiringBalance), (entries[0].Kind, entries[0].Delta));
        var dueDay = DateOnly.FromDateTime(harness.Time.GetUtcNow().AddDays(-2).UtcDateTime);
        Assert.DoesNotContain(expiring, await ReadDayAsync(harness, dueDay.AddDays(1)));
        Assert.Contains(keeping, await ReadDayAsync(harness, DateOnly.FromDateTime(harness.Time.GetUtcNow().AddDays(1).UtcDateTime)));
        await harness.AssertLedgerBalancesAsync(expiring);
    }

    [Fact]
    public async Task ExpiredPointsAreToldOnceAndOnlyToACustomerTheBotCanReach()
    {
        var harness = await LedgerHarness.StartAsync(now: new DateTimeOffset(2032, 2, 1, 10, 0, 0, TimeSpan.Zero));
        var withChat = (await harness.Directory.RegisterAsync(new NewCustomer(Random.Shared.NextInt64(1, long.MaxValue), null, "Anna", "en", ChatId: 42),
            harness.Rules, CancellationToken.None)).Value.CustomerId;
        var tillOnly = await harness.RegisterAsync();
        await harness.EarnAsync(withChat, 1_000m);
        await harness.EarnAsync(tillOnly, 1_000m);
        harness.Time.Advance(TimeSpan.FromDays(harness.Rules.ExpiryDays + 1));
        harness.Requests.Reset();

        var first = await harness.Expiry.RunAsync(CancellationToken.None);
        var queuedByFirst = NotificationsQueued(harness);
        await harness.Expiry.RunAsync(CancellationToken.None);

        Assert.Equal(2, first.Expirations);
        Assert.Equal(1, queuedByFirst);
        Assert.Equal(1, NotificationsQueued(harness));
    }

    [Fact]
    public async Task ASecondRunChangesNothing()
    {
        var harness = await LedgerHarness.StartAsync(now: new DateTimeOffset(2031, 6, 1, 10, 0, 0, TimeSpan.Zero));
        var customer = await harness.RegisterAsync();
        await harness.EarnAsync(customer, 1_000m);
        harness.Time.Advance(TimeSpan.FromDays(harness.Rules.ExpiryDays + 1));
        await harness.Expiry.RunAsync(CancellationToken.None);
        var before = await harness.PartitionSnapshotAsync(customer);

        await harness.Expiry.RunAsync(CancellationToken.None);

        Assert.Equal(before, await harness.PartitionSnapshotAsync(customer));
    }

    private static long NotificationsQueued(LedgerHarness harness) =>
        StorageRequestCounter.ByResource(harness.Requests.Counts()).GetValueOrDefault($"queue POST {QueueNames.Notifications}");

    private static async Task<List<string>> ReadDayAsync(LedgerHarness harness, DateOnly day)
    {
        var customers = new List<string>();
        await foreach (var customer in harness.Index.ReadDayAsync(day, CancellationToken.None))
        {
            customers.Add(customer);
        }

        return customers;
    }
}
