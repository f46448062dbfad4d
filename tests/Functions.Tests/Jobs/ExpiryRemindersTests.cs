using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Money;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Outbox;
using LoyaltyBot.Functions.Storage;

namespace LoyaltyBot.Functions.Tests.Jobs;

/// <summary>
/// The ExpiryReminders run on a real Azurite and a fake clock: a warning a week before points expire and a last chance
/// the day before, in the program's days, once per customer and expiry day however many runs; the days an outage missed.
/// </summary>
public sealed class ExpiryRemindersTests
{
    /// <summary>1 June 2030, 12:00 in Moscow: points earned now expire on 1 July at 12:00 there.</summary>
    private static readonly DateTimeOffset JuneFirstAtNoon = new(2030, 6, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Noon in Moscow (the reminders' default hour) on a day of June or July 2030.</summary>
    private static DateTimeOffset NoonOn(int month, int day) => new(2030, month, day, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ACustomerIsWarnedAWeekBeforeTheirPointsExpireAndRemindedTheDayBefore()
    {
        await using var job = await ReminderJob.StartAsync(JuneFirstAtNoon);
        var customer = await job.CustomerWhoBoughtAsync(1_000m);

        var warned = await job.RunAtAsync(NoonOn(6, 24));
        var warning = Assert.Single(await job.NotificationsAsync(customer));
        var reminded = await job.RunAtAsync(NoonOn(6, 30));

        Assert.Equal([new DateOnly(2030, 6, 24)], warned.Days);
        Assert.Equal((1, 0), (warned.Warnings, warned.LastChances));
        Assert.Equal(("expiry-warning-20300701", NotificationKind.PointsExpiring, (long?)30, (DateTimeOffset?)NoonOn(7, 1)),
            (warning.Id, warning.Kind, warning.Points, warning.Date));
        Assert.Equal((0, 1), (reminded.Warnings, reminded.LastChances));
        var lastChance = (await job.NotificationsAsync(customer))[^1];
        Assert.Equal(("expiry-last-chance-20300701", NotificationKind.PointsLastChance, (long?)30, (DateTimeOffset?)NoonOn(7, 1)),
            (lastChance.Id, lastChance.Kind, lastChance.Points, lastChance.Date));
    }

    [Fact]
    public async Task NoOneIsRemindedBeforeTheHourAndTheReminderTellsWhatIsLeftAfterSpending()
    {
        await using var job = await ReminderJob.StartAsync(JuneFirstAtNoon);
        var customer = await job.CustomerWhoBoughtAsync(2_000m);
        await job.Ledger.Ledger.RedeemAsync(customer, OperationKey.Of("till", "r-1"), "m1", 45, Money.Of(1_000m, Currency.Rub), job.Ledger.Rules, default);

        var early = await job.RunAtAsync(NoonOn(6, 24).AddSeconds(-1));
        var onTime = await job.RunAtAsync(NoonOn(6, 24));

        Assert.DoesNotContain(new DateOnly(2030, 6, 24), early.Days);
        Assert.Equal(0, early.Warnings);
        Assert.Equal([new DateOnly(2030, 6, 24)], onTime.Days);
        Assert.Equal(15, Assert.Single(await job.NotificationsAsync(customer)).Points);
    }

    [Fact]
    public async Task TheExpiryDayIsTheProgramsDayWhicheverUtcDayThePointsExpireOn()
    {
        // In Tokyo: A's points expire at 01:30 on 2 July (16:30 UTC on 1 July), B's at noon that day, C's at 19:00 on 1 July.
        await using var job = await ReminderJob.StartAsync(new DateTimeOffset(2030, 6, 1, 10, 0, 0, TimeSpan.Zero), ReminderJob.ThirtyDays with { TimeZone = "Asia/Tokyo" });
        var c = await job.CustomerWhoBoughtAsync();
        job.Time.SetUtcNow(new DateTimeOffset(2030, 6, 1, 16, 30, 0, TimeSpan.Zero));
        var a = await job.CustomerWhoBoughtAsync();
        job.Time.SetUtcNow(new DateTimeOffset(2030, 6, 2, 3, 0, 0, TimeSpan.Zero));
        var b = await job.CustomerWhoBoughtAsync();

        // Noon on 25 June in Tokyo.
        var summary = await job.RunAtAsync(new DateTimeOffset(2030, 6, 25, 3, 0, 0, TimeSpan.Zero));

        Assert.Equal([new DateOnly(2030, 6, 25)], summary.Days);
        Assert.Equal(2, summary.Warnings);
        Assert.Equal(["expiry-warning-20300702"], await job.RemindersAsync(a));
        Assert.Equal(["expiry-warning-20300702"], await job.RemindersAsync(b));
        Assert.Empty(await job.RemindersAsync(c));
    }

    [Fact]
    public async Task ASecondRunChangesNothingAndTwoInstancesAtOnceQueueEachReminderUnderOneId()
    {
        await using var job = await ReminderJob.StartAsync(JuneFirstAtNoon);
        var customers = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            customers.Add(await job.CustomerWhoBoughtAsync());
        }

        job.Time.SetUtcNow(NoonOn(6, 24));
        await Task.WhenAll(job.Run().RunAsync(default), job.Run().RunAsync(default));
        var partitions = new List<IReadOnlyList<string>>();
        foreach (var customer in customers)
        {
            partitions.Add(await job.Ledger.PartitionSnapshotAsync(customer));
        }

        var queued = new List<int>();
        foreach (var customer in customers)
        {
            queued.Add((await job.RemindersAsync(customer)).Count);
        }

        job.Time.Advance(TimeSpan.FromHours(1));
        var again = await job.RunAsync();

        Assert.Empty(again.Days);
        for (var i = 0; i < customers.Count; i++)
        {
            // Both instances may queue it: under one id, which the sender sends once.
            Assert.Equal(["expiry-warning-20300701"], (await job.RemindersAsync(customers[i])).Distinct());
            Assert.Equal(queued[i], (await job.RemindersAsync(customers[i])).Count);
            Assert.Equal(partitions[i], await job.Ledger.PartitionSnapshotAsync(customers[i]));
        }
    }

    [Fact]
    public async Task TheDaysMissedWhileTheAppWasDownAreCaughtUpAndPointsAlreadyGoneAreNotMentioned()
    {
        // Expiring (at noon in Moscow) on 23 June, 24 June, 28 June and 1 July.
        await using var job = await ReminderJob.StartAsync(NoonOn(5, 24));
        var gone = await job.CustomerWhoBoughtAsync();
        job.Time.SetUtcNow(NoonOn(5, 25));
        var lastDay = await job.CustomerWhoBoughtAsync();
        job.Time.SetUtcNow(NoonOn(5, 29));
        var inAWeek = await job.CustomerWhoBoughtAsync();
        job.Time.SetUtcNow(JuneFirstAtNoon);
        var later = await job.CustomerWhoBoughtAsync();
        await job.RunAtAsync(NoonOn(6, 20));

        // Down from 21 June to 23 June; back at 13:00 in Moscow on 23 June.
        var caughtUp = await job.RunAtAsync(NoonOn(6, 23).AddHours(1));

        Assert.Equal([new DateOnly(2030, 6, 21), new DateOnly(2030, 6, 22), new DateOnly(2030, 6, 23)], caughtUp.Days);
        Assert.Empty(await job.RemindersAsync(gone));
        Assert.Equal(["expiry-last-chance-20300624"], await job.RemindersAsync(lastDay));
        Assert.Equal(["expiry-warning-20300628"], await job.RemindersAsync(inAWeek));
        Assert.Empty(await job.RemindersAsync(later));
    }

    [Fact]
    public async Task AWeekBeforeTheFirstOfMarchIsTheTwentySecondOfFebruaryOrInALeapYearTheTwentyThird()
    {
        // Points of 30 January 2027 and of 31 January 2028 last 30 days: both expire on 1 March.
        var noon = (int year, int month, int day) => new DateTimeOffset(year, month, day, 9, 0, 0, TimeSpan.Zero);
        await using var job = await ReminderJob.StartAsync(noon(2027, 1, 30));
        var in2027 = await job.CustomerWhoBoughtAsync();
        await job.RunAtAsync(noon(2027, 2, 21));
        await job.RunAtAsync(noon(2027, 2, 22));
        await job.RunAtAsync(noon(2027, 2, 28));
        job.Time.SetUtcNow(noon(2028, 1, 31));
        var in2028 = await job.CustomerWhoBoughtAsync();
        await job.RunAtAsync(noon(2028, 2, 22));
        var before = await job.RemindersAsync(in2028);
        await job.RunAtAsync(noon(2028, 2, 23));
        await job.RunAtAsync(noon(2028, 2, 29));

        Assert.Equal(["expiry-warning-20270301", "expiry-last-chance-20270301"], await job.RemindersAsync(in2027));
        Assert.Empty(before);
        Assert.Equal(["expiry-warning-20280301", "expiry-last-chance-20280301"], await job.RemindersAsync(in2028));
    }

    [Fact]
    public async Task PointsExpiringOnTheDayTheClocksChangeAreWarnedOfThatLocalDay()
    {
        // In Berlin, 23:30 UTC on 28 February is 00:30 on 1 March; 30 days on, 00:30 on 31 March, the day summer time begins.
        await using var job = await ReminderJob.StartAsync(new DateTimeOffset(2030, 2, 28, 23, 30, 0, TimeSpan.Zero), ReminderJob.ThirtyDays with { TimeZone = "Europe/Berlin" });
        var customer = await job.CustomerWhoBoughtAsync();

        // Noon on 24 March in Berlin (winter time), then noon on 30 March.
        await job.RunAtAsync(new DateTimeOffset(2030, 3, 24, 11, 0, 0, TimeSpan.Zero));
        await job.RunAtAsync(new DateTimeOffset(2030, 3, 30, 11, 0, 0, TimeSpan.Zero));

        Assert.Equal(["expiry-warning-20300331", "expiry-last-chance-20300331"], await job.RemindersAsync(customer));
        Assert.Equal(new DateTimeOffset(2030, 3, 30, 23, 30, 0, TimeSpan.Zero), (await job.NotificationsAsync(customer))[0].Date);
    }

    [Fact]
    public async Task ACustomerTheBotCannotReachIsNotReminded()
    {
        await using var job = await ReminderJob.StartAsync(JuneFirstAtNoon);
        var tillOnly = await job.CustomerWhoBoughtAsync(withChat: false);
        var blocked = await job.CustomerWhoBoughtAsync();
        await new CustomerProfiles(job.Ledger.Directory, job.Ledger.Ledger, new BirthdayIndex(job.Storage)).MarkUnreachableAsync(blocked, default);

        var summary = await job.RunAtAsync(NoonOn(6, 24));

        Assert.Equal(0, summary.Warnings);
        Assert.Empty(await job.NotificationsAsync(tillOnly));
        Assert.Empty(await job.NotificationsAsync(blocked));
    }

    [Fact]
    public async Task WithoutRemindersInTheRulesNoOneIsReminded()
    {
        await using var job = await ReminderJob.StartAsync(JuneFirstAtNoon, ReminderJob.ThirtyDays with { ExpiryWarningDays = 0, ExpiryLastChanceDays = 0 });
        var customer = await job.CustomerWhoBoughtAsync();

        await job.RunAtAsync(NoonOn(6, 24));
        await job.RunAtAsync(NoonOn(6, 30));

        Assert.Empty(await job.NotificationsAsync(customer));
    }

    [Fact]
    public async Task ADaysRequestsGrowWithTheCustomersDueNotWithTheCustomersWhosePointsExpireOnOtherDays()
    {
        await using var job = await ReminderJob.StartAsync(JuneFirstAtNoon);
        var due = await job.CustomerWhoBoughtAsync();
        job.Time.SetUtcNow(JuneFirstAtNoon.AddDays(2));
        for (var i = 0; i < 20; i++)
        {
            await job.CustomerWhoBoughtAsync();
        }

        job.Time.SetUtcNow(NoonOn(6, 24));
        job.Storage.Counter.Reset();
        var summary = await job.RunAsync();
        var requests = StorageRequestCounter.ByResource(job.Storage.Counter.Counts());

        Assert.Equal(1, summary.Warnings);
        Assert.Single(await job.RemindersAsync(due));
        // One account read: only the customer due, of 21.
        Assert.Equal(1, requests["table GET Customers"]);
        // Two reminders, each reading the 16 shards of the two UTC days that a day in Moscow overlaps.
        Assert.Equal(64, requests["table GET ExpiryIndex"]);
    }
}
