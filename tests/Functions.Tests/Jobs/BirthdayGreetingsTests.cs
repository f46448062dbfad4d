using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Outbox;
using LoyaltyBot.Functions.Storage;

namespace LoyaltyBot.Functions.Tests.Jobs;

/// <summary>
/// The BirthdayGreetings run on a real Azurite and a fake clock: who is greeted when in the program's time zone, the
/// bonus lot, once a year however many runs, leap years, and the days an outage missed.
/// </summary>
public sealed class BirthdayGreetingsTests
{
    /// <summary>15 June 2030, 10:00 in Moscow (the default program's zone), the default greeting hour.</summary>
    private static readonly DateTimeOffset JuneFifteenthAtTen = new(2030, 6, 15, 7, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task TheCustomerIsGreetedOnTheirBirthdayWithABonusLotOfItsOwnThatLastsFourteenDays()
    {
        await using var job = await BirthdayJob.StartAsync(JuneFifteenthAtTen);
        var customer = await job.CustomerBornAsync("15.06");
        var other = await job.CustomerBornAsync("16.06");
        await job.Ledger.EarnAsync(customer, 1_000m);

        var summary = await job.RunAsync();

        Assert.Equal([new DateOnly(2030, 6, 15)], summary.Days);
        Assert.Equal((1, 300L), (summary.CustomersGreeted, summary.PointsGranted));
        var bonus = Assert.Single(await job.BonusesAsync(customer));
        Assert.Equal((300L, "birthday/2030"), (bonus.Delta, bonus.Operation));
        var account = await job.Ledger.AccountAsync(customer);
        var lot = Assert.Single(account.Lots, l => l.Kind == LotKind.Bonus);
        Assert.Equal((300L, JuneFifteenthAtTen.AddDays(14)), (lot.Remaining, lot.ExpiresAt));
        Assert.Equal(330, account.SpendableAt(JuneFifteenthAtTen));
        var greeting = Assert.Single(await job.NotificationsAsync(customer));
        Assert.Equal(("birthday-2030", NotificationKind.Birthday, (long?)300), (greeting.Id, greeting.Kind, greeting.Points));
        Assert.Empty(await job.BonusesAsync(other));
        Assert.Empty(await job.NotificationsAsync(other));
        await job.Ledger.AssertLedgerBalancesAsync(customer);
    }

    [Fact]
    public async Task NoOneIsGreetedBeforeTheGreetingHourInTheProgramsTimeZone()
    {
        await using var job = await BirthdayJob.StartAsync(JuneFifteenthAtTen.AddSeconds(-1));
        var customer = await job.CustomerBornAsync("15.06");

        var early = await job.RunAsync();
        job.Time.Advance(TimeSpan.FromSeconds(1));
        var onTime = await job.RunAsync();

        Assert.DoesNotContain(new DateOnly(2030, 6, 15), early.Days);
        Assert.Equal([new DateOnly(2030, 6, 15)], onTime.Days);
        Assert.Single(await job.BonusesAsync(customer));
    }

    [Fact]
    public async Task TheDayIsTheProgramsDayNotUtcs()
    {
        // 08:00 on 15 June in Tokyo is 23:00 on 14 June in UTC.
        await using var job = await BirthdayJob.StartAsync(new DateTimeOffset(2030, 6, 14, 23, 0, 0, TimeSpan.Zero), ProgramRules.Default with { TimeZone = "Asia/Tokyo" });
        var tokyoBirthday = await job.CustomerBornAsync("15.06");
        var utcBirthday = await job.CustomerBornAsync("14.06");

        await job.RunAsync(hour: 8);

        Assert.Single(await job.BonusesAsync(tokyoBirthday));
        Assert.Empty(await job.BonusesAsync(utcBirthday));
    }

    [Fact]
    public async Task ASecondRunChangesNothingAndQueuesNothing()
    {
        await using var job = await BirthdayJob.StartAsync(JuneFifteenthAtTen);
        var customer = await job.CustomerBornAsync("15.06");
        await job.RunAsync();
        var partition = await job.Ledger.PartitionSnapshotAsync(customer);
        job.Time.Advance(TimeSpan.FromHours(1));

        var again = await job.RunAsync();

        Assert.Equal((0, 0L), (again.CustomersGreeted, again.PointsGranted));
        Assert.Equal(partition, await job.Ledger.PartitionSnapshotAsync(customer));
        Assert.Single(await job.NotificationsAsync(customer));
    }

    [Fact]
    public async Task TwoInstancesRunningAtOnceGrantEachBonusOnceAndQueueOneGreetingEach()
    {
        await using var job = await BirthdayJob.StartAsync(JuneFifteenthAtTen);
        var customers = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            customers.Add(await job.CustomerBornAsync("15.06"));
        }

        await Task.WhenAll(job.Run().RunAsync(default), job.Run().RunAsync(default));

        foreach (var customer in customers)
        {
            Assert.Single(await job.BonusesAsync(customer));
            Assert.Equal(300, (await job.Ledger.AccountAsync(customer)).Balance);
            // Both may queue it: under one id, which the sender sends once.
            Assert.Equal(["birthday-2030"], (await job.NotificationsAsync(customer)).Select(n => n.Id).Distinct());
            await job.Ledger.AssertLedgerBalancesAsync(customer);
        }
    }

    [Fact]
    public async Task TheDaysMissedWhileTheAppWasDownAreCaughtUpOnce()
    {
        await using var job = await BirthdayJob.StartAsync(JuneFifteenthAtTen);
        await job.RunAsync();
        var missed = new[] { await job.CustomerBornAsync("16.06"), await job.CustomerBornAsync("17.06"), await job.CustomerBornAsync("18.06") };
        var tomorrow = await job.CustomerBornAsync("19.06");

        job.Time.Advance(TimeSpan.FromDays(3) + TimeSpan.FromHours(2));
        var caughtUp = await job.RunAsync();
        var again = await job.RunAsync();

        Assert.Equal([new DateOnly(2030, 6, 16), new DateOnly(2030, 6, 17), new DateOnly(2030, 6, 18)], caughtUp.Days);
        foreach (var customer in missed)
        {
            Assert.Single(await job.BonusesAsync(customer));
            Assert.Single(await job.NotificationsAsync(customer));
        }

        Assert.Empty(await job.BonusesAsync(tomorrow));
        Assert.Empty(again.Days);
    }

    [Fact]
    public async Task ABirthdayOnThe29thOfFebruaryIsGreetedOnThe28thInACommonYearAndOnThe29thInALeapYear()
    {
        // 28 February 2027, 10:00 in Moscow.
        await using var job = await BirthdayJob.StartAsync(new DateTimeOffset(2027, 2, 28, 7, 0, 0, TimeSpan.Zero));
        var leapling = await job.CustomerBornAsync("29.02");
        var born28th = await job.CustomerBornAsync("28.02");

        await job.RunAsync();
        var in2027 = (await job.BonusesAsync(leapling)).Select(b => b.Operation).ToList();
        job.Time.Advance(TimeSpan.FromDays(365));
        await job.RunAsync();
        var on28thOf2028 = (await job.BonusesAsync(leapling)).Select(b => b.Operation).ToList();
        job.Time.Advance(TimeSpan.FromDays(1));
        await job.RunAsync();

        Assert.Equal(["birthday/2027"], in2027);
        Assert.Equal(["birthday/2027"], on28thOf2028);
        Assert.Equal(["birthday/2028", "birthday/2027"], (await job.BonusesAsync(leapling)).Select(b => b.Operation));
        Assert.Equal(["birthday/2028", "birthday/2027"], (await job.BonusesAsync(born28th)).Select(b => b.Operation));
        Assert.Equal(["birthday-2027", "birthday-2028"], (await job.NotificationsAsync(leapling)).Select(n => n.Id));
    }

    [Fact]
    public async Task ACustomerTheBotCannotReachGetsTheBonusAndNoMessageIsQueued()
    {
        await using var job = await BirthdayJob.StartAsync(JuneFifteenthAtTen);
        var tillOnly = await job.CustomerBornAsync("15.06", withChat: false);
        var blocked = await job.CustomerBornAsync("15.06");
        await job.Profiles.MarkUnreachableAsync(blocked, default);

        await job.RunAsync();

        foreach (var customer in new[] { tillOnly, blocked })
        {
            Assert.Single(await job.BonusesAsync(customer));
            Assert.Empty(await job.NotificationsAsync(customer));
        }
    }

    [Fact]
    public async Task WithoutABirthdayBonusTheCustomerIsStillGreetedOnce()
    {
        await using var job = await BirthdayJob.StartAsync(JuneFifteenthAtTen, ProgramRules.Default with { BirthdayBonus = 0 });
        var customer = await job.CustomerBornAsync("15.06");

        await job.RunAsync();

        Assert.Empty(await job.BonusesAsync(customer));
        var greeting = Assert.Single(await job.NotificationsAsync(customer));
        Assert.Equal((NotificationKind.Birthday, (long?)null), (greeting.Kind, greeting.Points));
    }

    [Fact]
    public async Task AnIndexRowThatTheProfileDoesNotBearOutGreetsNoOne()
    {
        await using var job = await BirthdayJob.StartAsync(JuneFifteenthAtTen);
        var customer = await job.CustomerBornAsync("16.06");
        await job.Storage.Table(TableNames.BirthdayIndex).UpsertEntityAsync(new Azure.Data.Tables.TableEntity(BirthdayIndex.MonthDay(6, 15), customer));

        var summary = await job.RunAsync();

        Assert.Equal(0, summary.CustomersGreeted);
        Assert.Empty(await job.BonusesAsync(customer));
        Assert.Empty(await job.NotificationsAsync(customer));
    }

    [Fact]
    public async Task ADaysRequestsGrowWithItsBirthdaysNotWithTheCustomersBornOnOtherDays()
    {
        await using var job = await BirthdayJob.StartAsync(JuneFifteenthAtTen.AddDays(-1));
        await job.RunAsync();
        await job.CustomerBornAsync("15.06");
        await job.CustomerBornAsync("16.06");
        job.Time.Advance(TimeSpan.FromDays(1));
        job.Storage.Counter.Reset();
        await job.RunAsync();
        var alone = job.Storage.Counter.Counts();
        for (var i = 0; i < 20; i++)
        {
            await job.CustomerBornAsync(i % 2 == 0 ? "20.06" : "14.06");
        }

        job.Time.Advance(TimeSpan.FromDays(1));
        job.Storage.Counter.Reset();
        await job.RunAsync();
        var amongOthers = job.Storage.Counter.Counts();

        Assert.Equal(StorageRequestCounter.ByResource(alone), StorageRequestCounter.ByResource(amongOthers));
        Assert.Equal(1, StorageRequestCounter.ByResource(amongOthers)["table GET BirthdayIndex"]);
    }
}
