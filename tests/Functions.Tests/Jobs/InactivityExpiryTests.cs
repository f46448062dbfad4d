using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Functions.Outbox;

namespace LoyaltyBot.Functions.Tests.Jobs;

/// <summary>
/// Inactivity expiry on a real Azurite and a fake clock: with <c>inactivityExpiryDays</c> 10, the expiry reminders warn of
/// the whole balance before it lapses, the expiry run takes it at the lapse, and a purchase in between moves the day.
/// </summary>
public sealed class InactivityExpiryTests
{
    /// <summary>1 June 2030, 12:00 in Moscow.</summary>
    private static readonly DateTimeOffset JuneFirstAtNoon = new(2030, 6, 1, 9, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset NoonOn(int day) => new(2030, 6, day, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task TheWholeBalanceIsWarnedOfAndLapsesTenDaysAfterTheLatestPurchase()
    {
        await using var job = await ReminderJob.StartAsync(JuneFirstAtNoon, ReminderJob.ThirtyDays with { InactivityExpiryDays = 10 });
        var idle = await job.CustomerWhoBoughtAsync(1_000m);
        var back = await job.CustomerWhoBoughtAsync(2_000m);

        await job.RunAtAsync(NoonOn(4));
        await job.Ledger.EarnAsync(back, 1_000m);
        await job.RunAtAsync(NoonOn(10));
        job.Time.SetUtcNow(NoonOn(11));
        var expired = await job.Ledger.Expiry.RunAsync(default);

        var warning = (await job.NotificationsAsync(idle))[0];
        Assert.Equal(("expiry-warning-20300611", (long?)30, (DateTimeOffset?)NoonOn(11)), (warning.Id, warning.Points, warning.Date));
        Assert.Equal(["expiry-warning-20300611", "expiry-last-chance-20300611"], await job.RemindersAsync(idle));
        Assert.Equal(0L, (await job.Ledger.AccountAsync(idle)).Balance);
        var lapse = Assert.Single(await job.Ledger.Ledger.ReadEntriesAsync(idle, null, default), e => e.Kind == LedgerEntryKind.Expire);
        Assert.Equal((-30L, CustomerAccount.InactivityNote), (lapse.Delta, lapse.Note));
        Assert.Contains(await job.NotificationsAsync(idle), n => n.Kind == NotificationKind.PointsExpired && n.Points == 30);
        Assert.Equal(1, expired.Expirations);

        // The customer who came back on 4 June was warned of 11 June, then (on 7 June) of 14 June, when they lapse instead.
        Assert.Equal(["expiry-warning-20300611", "expiry-warning-20300614"], await job.RemindersAsync(back));
        Assert.Equal(90, (await job.Ledger.AccountAsync(back)).Balance);
        await job.Ledger.AssertLedgerBalancesAsync(idle);
        await job.Ledger.AssertLedgerBalancesAsync(back);
    }
}
