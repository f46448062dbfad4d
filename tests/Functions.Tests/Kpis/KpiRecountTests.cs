using System.Text.Json;
using LoyaltyBot.Domain.Errors;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Jobs;
using LoyaltyBot.Functions.Kpis;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Rules;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;
using Money = LoyaltyBot.Domain.Money.Money;

namespace LoyaltyBot.Functions.Tests.Kpis;

/// <summary>
/// The aggregates, kept as operations commit, equal a recount from every ledger entry and account after a randomized
/// workload of several customers (some at once) with replays, refunds, redemptions and their cancels, bonuses,
/// adjustments, expiry and a merge, over days of a zone with daylight saving time; with some days rolled up and the
/// rest read live, and with processes stopped right before or right after an operation's transaction (its figures are
/// committed with it, its customer filed under the day before it), the operation delivered again days after.
/// </summary>
public sealed class KpiRecountTests(StorageOfItsOwn storage, ITestOutputHelper output) : IClassFixture<StorageOfItsOwn>
{
    private static readonly ProgramRules Rules = ProgramRules.Default with
    {
        TimeZone = "America/New_York", ExpiryDays = 20, BonusExpiryDays = 8, PendingDays = 2, FixedCostPerMonth = 3_000m, BaselineRevenuePerMonth = 20_000m,
    };
    private static readonly string[] Merchants = ["m1", "m2", "m3"];
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task TheFiguresOfEveryPeriodEqualARecountOfTheLedgersAfterARandomWorkloadWithReplaysAndRefunds()
    {
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        // Across the switch to winter time in New York (2026-11-01), so days are counted in the zone, not in UTC.
        var h = await LedgerHarness.StartAsync(Rules, new DateTimeOffset(2026, 10, 20, 14, 0, 0, TimeSpan.Zero), storage.Account);
        Assert.Empty(await new ProgramStore(h.Storage, h.Time).SaveAsync(Rules, Ct));
        // A few operations are cut short, as when a process stops right before or right after the ledger's transaction.
        var crashing = new Crashing(h.KpiDeltas, random);
        var ledger = new LedgerStore(h.Storage, h.Index, new TierReviewIndex(h.Storage), h.Time, NullLogger<LedgerStore>.Instance, crashing);
        var workload = new Workload(h, ledger, random);
        for (var i = 0; i < 6; i++)
        {
            await workload.RegisterAsync();
        }

        var start = h.Time.GetUtcNow();
        for (var round = 0; round < 100; round++)
        {
            // A few customers' operations at once, as instances serve them.
            var customers = workload.Active.OrderBy(_ => random.Next()).Take(random.Next(1, 4)).ToList();
            var moves = customers.Select(c => workload.PlanMove(c)).ToList();
            await Task.WhenAll(moves.Select(move => move()));
            if (random.Next(8) == 0)
            {
                await workload.RegisterAsync();
            }

            h.Time.Advance(TimeSpan.FromHours(random.Next(1, 14)));
            if (round == 50)
            {
                await workload.MergeAsync();
                h.Time.Advance(TimeSpan.FromHours(1));
            }

            if (round % 30 == 29)
            {
                await h.KpiRollup.RunAsync(Ct);
            }
        }

        // The roll-up has folded the days up to a few days ago; the last ones are read live.
        var rolled = await h.KpiRollup.RunAsync(Ct);
        h.Time.Advance(TimeSpan.FromHours(30));
        crashing.Off();
        var lateReplays = await workload.ReplayLostAsync();
        var end = h.Time.GetUtcNow();
        Assert.True(workload.Replays >= 5 && workload.Refunds >= 5, $"the workload replayed {workload.Replays} and refunded {workload.Refunds} times");
        Assert.True(lateReplays >= 1 && rolled.Days.Count > 0, $"{lateReplays} operations cut short replayed late; {rolled.Days.Count} days rolled up last");
        Assert.True(crashing.Before >= 1 && crashing.After >= 1, $"cut short {crashing.Before} times before the transaction and {crashing.After} after");
        var recount = await Recount.ReadAsync(h, workload.Everyone);
        var zone = Rules.Zone;
        var first = DayOf(start, zone);
        var last = DayOf(end, zone);
        var middle = first.AddDays((last.DayNumber - first.DayNumber) / 2);
        var periods = new[] { (first, last), (first, middle), (middle.AddDays(1), last), (middle, middle), (first.AddDays(-3), first.AddDays(-1)), (last, last) };
        await AssertEqualToRecountAsync(h, recount, periods);

        // Folded again (the replays of operations committed days before marked them), the late shard-days are summaries like the
        // others; a second run changes nothing.
        var refolded = await h.KpiRollup.RunAsync(Ct);
        Assert.True(refolded.LateDaysFolded >= 1, "the late deltas' days were folded again");
        await AssertEqualToRecountAsync(h, recount, periods);
        var kept = await KpiRollupTests.SummariesAsync(h);
        var again = await h.KpiRollup.RunAsync(Ct);
        Assert.Equal((0, 0), (again.Days.Count, again.LateDaysFolded));
        Assert.Equal(kept, await KpiRollupTests.SummariesAsync(h));
    }

    private static async Task AssertEqualToRecountAsync(LedgerHarness h, Recount recount, IEnumerable<(DateOnly From, DateOnly To)> periods)
    {
        foreach (var (from, to) in periods)
        {
            foreach (var merchantId in new[] { null, "m2" })
            {
                var rows = await h.Kpis.ReadAsync(from.AddDays(-(to.DayNumber - from.DayNumber + 1)), to, Ct);
                var kept = KpiReport.Of(rows, from, to, merchantId, Rules);
                Assert.Equal(Json(recount.Report(from, to, merchantId)), Json(kept));
            }
        }
    }

    /// <summary>
    /// A listener that fails about one operation in ten, as a process stopping right before the ledger's transaction (after
    /// filing the customer, or before) or right after it would, until turned off.
    /// </summary>
    private sealed class Crashing(ILedgerListener inner, Random random) : ILedgerListener
    {
        private volatile bool on = true;

        public int Before { get; private set; }

        public int After { get; private set; }

        public void Off() => on = false;

        public Task OpenedAsync(CustomerAccount account, CancellationToken cancellationToken) => inner.OpenedAsync(account, cancellationToken);

        public async Task<string?> CommittingAsync(string customerId, LedgerEntry entry, string? filed, CancellationToken cancellationToken)
        {
            bool crash, filedFirst;
            lock (random)
            {
                crash = on && random.Next(20) == 0 && IsReplayable(entry);
                filedFirst = random.Next(2) == 0;
                Before += crash ? 1 : 0;
            }

            var kept = crash && !filedFirst ? throw new IOException("the process stopped") : await inner.CommittingAsync(customerId, entry, filed, cancellationToken);
            return crash ? throw new IOException("the process stopped") : kept;
        }

        public Task PhoneBoundAsync(CustomerAccount account, CancellationToken cancellationToken) => inner.PhoneBoundAsync(account, cancellationToken);

        public Task TierLoweredAsync(CustomerAccount account, string from, DateOnly review, CancellationToken cancellationToken) =>
            inner.TierLoweredAsync(account, from, review, cancellationToken);

        public Task CommittedAsync(CommittedEntry committed, CancellationToken cancellationToken)
        {
            bool crash;
            lock (random)
            {
                crash = on && random.Next(20) == 0 && IsReplayable(committed.Entry);
                After += crash ? 1 : 0;
            }

            return crash ? throw new IOException("the process stopped") : inner.CommittedAsync(committed, cancellationToken);
        }

        // Not a merge's (the workload makes those directly, not as moves it can replay), nor an expiry's: a sweep of what is
        // due, not replayed as such.
        private static bool IsReplayable(LedgerEntry entry) =>
            entry.Kind is not (LedgerEntryKind.TransferIn or LedgerEntryKind.TransferOut or LedgerEntryKind.Expire);
    }

    private static DateOnly DayOf(DateTimeOffset at, TimeZoneInfo zone) => KpiKeys.DayOf(at, zone);

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static string Json(KpiReport report) =>
        JsonSerializer.Serialize(report with
        {
            Tiers = new SortedDictionary<string, TierKpis>(report.Tiers.ToDictionary()),
            TierDistribution = new SortedDictionary<string, long>(report.TierDistribution.ToDictionary()),
        }, Indented);

    /// <summary>Random operations of the customers, each remembered so it can be replayed word for word.</summary>
    private sealed class Workload(LedgerHarness h, LedgerStore ledger, Random random)
    {
        private readonly List<Func<Task>> lost = [];

        // Per customer, so a replay is of the customer whose turn it is: one operation per customer at a time of the clock.
        private readonly Dictionary<string, List<Func<Task>>> done = [];
        private readonly List<(string Customer, string Merchant, string PurchaseId, decimal Left)> purchases = [];
        private readonly List<(string Customer, OperationKey Redemption)> redemptions = [];
        private int next;

        public List<string> Active { get; } = [];

        public List<string> Everyone { get; } = [];

        public int Replays { get; private set; }

        public int Refunds { get; private set; }

        public async Task RegisterAsync()
        {
            var customer = await h.RegisterAsync(phone: $"+7912{random.Next(1_000_000, 9_999_999)}");
            Active.Add(customer);
            Everyone.Add(customer);
        }

        /// <summary>
        /// Folds one customer into a newly registered one, as binding a phone does: one member less, the points moved. The
        /// receiver is new, so that no entry of it came before the tier the transfer may raise.
        /// </summary>
        public async Task MergeAsync()
        {
            await RegisterAsync();
            var (from, to) = (Active[0], Active[^1]);
            Active.Remove(from);
            lock (purchases)
            {
                purchases.RemoveAll(p => p.Customer == from);
                redemptions.RemoveAll(r => r.Customer == from);
            }

            var transfer = await ledger.TransferOutAsync(from, to, Ct);
            Assert.True((await ledger.TransferInAsync(transfer.Value, Rules, Ct)).IsSuccess);
        }

        public Func<Task> PlanMove(string customer)
        {
            var id = Interlocked.Increment(ref next);
            var merchant = Merchants[random.Next(Merchants.Length)];
            var kind = random.Next(100);
            Func<Task> move;
            lock (purchases)
            {
                var own = done.TryGetValue(customer, out var list) ? list : done[customer] = [];
                if (kind < 15 && own.Count > 0)
                {
                    Replays++;
                    return own[random.Next(own.Count)];
                }

                var refundable = purchases.Where(p => p.Customer == customer && p.Left > 0).ToList();
                var cancellable = redemptions.Where(r => r.Customer == customer).ToList();
                // Every detail is drawn now, not when the move runs, so that a replay is the same operation word for word.
                var points = 1 + random.Next(200);
                var bonusReason = random.Next(2) == 0 ? BirthdayGreetingRun.Reason : "review";
                var adjustment = random.Next(-30, 60) is var d && d != 0 ? d : 5;
                var cancelled = cancellable.Count > 0 ? cancellable[random.Next(cancellable.Count)].Redemption : default;
                move = kind switch
                {
                    < 50 => Earn(customer, merchant, $"p{id}", 50m + random.Next(0, 5_000) + (random.Next(100) / 100m)),
                    < 62 when refundable.Count > 0 => Refund(customer, refundable[random.Next(refundable.Count)], id),
                    < 72 => () => ledger.RedeemAsync(customer, OperationKey.Of(merchant, $"r{id}"), merchant, points, Check(10_000m), Rules, Ct)
                        .ContinueWith(t => Remember(t.Result, customer, OperationKey.Of(merchant, $"r{id}")), TaskScheduler.Default),
                    < 76 when cancellable.Count > 0 => () => ledger.CancelRedemptionAsync(customer, OperationKey.Of("cancel", $"x{id}"), cancelled, Rules, Ct),
                    < 82 => () => ledger.GrantBonusAsync(customer, OperationKey.Of("bonus", $"b{id}"), 1 + (points / 2), bonusReason, Rules, Ct),
                    < 86 => () => ledger.GrantReferrerBonusAsync(customer, $"friend{id}", "2026-11", 50, Rules, Ct),
                    < 92 => () => ledger.AdjustAsync(customer, OperationKey.Of("admin", $"a{id}"), adjustment, "correction", Rules, Ct),
                    _ => () => ledger.ExpireDueAsync(customer, inactivityExpiry: false, Ct),
                };
                move = Surviving(move);
                own.Add(move);
            }

            return move;
        }

        /// <summary>Replays every operation cut short, days later: to days rolled up already, or committed only now.</summary>
        public async Task<int> ReplayLostAsync()
        {
            foreach (var move in lost.ToList())
            {
                await move();
            }

            return lost.Count;
        }

        /// <summary>The move, which remembers itself when it was cut short, so it is replayed later.</summary>
        private Func<Task> Surviving(Func<Task> move) => async () =>
        {
            try
            {
                await move();
            }
            catch (Exception ex) when (ex.GetBaseException() is IOException)
            {
                lock (lost)
                {
                    lost.Add(move);
                }
            }
        };

        private Func<Task> Earn(string customer, string merchant, string purchaseId, decimal amount)
        {
            lock (purchases)
            {
                purchases.Add((customer, merchant, purchaseId, amount));
            }

            var purchase = h.Purchase(amount, purchaseId, merchant);
            return () => ledger.EarnAsync(customer, purchase, Rules, [], Ct);
        }

        private Func<Task> Refund(string customer, (string Customer, string Merchant, string PurchaseId, decimal Left) purchase, int id)
        {
            // Half the time all that is left, otherwise a part: partial refunds add up.
            var amount = random.Next(2) == 0 ? purchase.Left : Math.Max(0.01m, Math.Round(purchase.Left * random.Next(1, 90) / 100m, 2));
            var index = purchases.IndexOf(purchase);
            purchases[index] = purchase with { Left = purchase.Left - amount };
            Refunds++;
            return () => ledger.RefundAsync(customer, OperationKey.Of(purchase.Merchant, $"f{id}"), purchase.Merchant, purchase.PurchaseId, Check(amount), Rules, Ct);
        }

        private void Remember(Result<LedgerEntry> redeemed, string customer, OperationKey redemption)
        {
            if (redeemed.IsSuccess)
            {
                lock (purchases)
                {
                    redemptions.Add((customer, redemption));
                }
            }
        }

        private static Money Check(decimal amount) => Money.CreatePositive(amount, "RUB", decimal.MaxValue).Value;
    }

    /// <summary>The figures worked out from scratch: every entry of every ledger and every account row, read back from storage.</summary>
    private sealed record Recount(IReadOnlyList<(CustomerAccount Account, IReadOnlyList<LedgerEntry> Entries)> Customers)
    {
        public static async Task<Recount> ReadAsync(LedgerHarness h, IEnumerable<string> customerIds)
        {
            var customers = new List<(CustomerAccount, IReadOnlyList<LedgerEntry>)>();
            foreach (var id in customerIds)
            {
                customers.Add((await h.AccountAsync(id), await h.Ledger.ReadEntriesAsync(id, null, Ct)));
            }

            return new Recount(customers);
        }

        public KpiReport Report(DateOnly from, DateOnly to, string? merchantId)
        {
            var zone = Rules.Zone;
            bool In(DateTimeOffset at, DateOnly a, DateOnly b) => DayOf(at, zone) >= a && DayOf(at, zone) <= b;
            var previousFrom = from.AddDays(-(to.DayNumber - from.DayNumber + 1));
            var all = Customers.SelectMany(c => c.Entries.Select(e => (c.Account.CustomerId, Entry: e))).ToList();
            var upToEnd = all.Where(e => DayOf(e.Entry.RecordedAt, zone) <= to).ToList();
            var period = all.Where(e => In(e.Entry.RecordedAt, from, to)).ToList();
            var sold = period.Where(e => merchantId is null || e.Entry.MerchantId == merchantId).ToList();
            var earns = sold.Where(e => e.Entry.Kind == LedgerEntryKind.Earn).ToList();
            var refunds = sold.Where(e => e.Entry.Kind == LedgerEntryKind.Refund).ToList();
            var revenue = earns.Sum(e => e.Entry.Amount!.Value) - refunds.Sum(e => e.Entry.Amount!.Value);
            var buyers = earns.GroupBy(e => e.CustomerId).ToDictionary(g => g.Key, g => g.Count());
            var earlierBuyers = all.Where(e => e.Entry.Kind == LedgerEntryKind.Earn && (merchantId is null || e.Entry.MerchantId == merchantId)
                && In(e.Entry.RecordedAt, previousFrom, from.AddDays(-1))).Select(e => e.CustomerId).ToHashSet();
            var members = Customers.Count(c => DayOf(c.Account.CreatedAt, zone) <= to) - upToEnd.Count(e => e.Entry.Kind == LedgerEntryKind.TransferOut);
            var everSold = upToEnd.Where(e => merchantId is null || e.Entry.MerchantId == merchantId).ToList();
            var everRevenue = everSold.Where(e => e.Entry.Kind == LedgerEntryKind.Earn).Sum(e => e.Entry.Amount!.Value)
                - everSold.Where(e => e.Entry.Kind == LedgerEntryKind.Refund).Sum(e => e.Entry.Amount!.Value);
            long Issued(IEnumerable<(string, LedgerEntry Entry)> entries) =>
                entries.Where(e => e.Entry.Kind is LedgerEntryKind.Earn or LedgerEntryKind.Bonus or LedgerEntryKind.Adjust && e.Entry.Delta > 0).Sum(e => e.Entry.Delta);
            long Redeemed(IEnumerable<(string, LedgerEntry Entry)> entries) =>
                -entries.Where(e => e.Entry.Kind is LedgerEntryKind.Redeem or LedgerEntryKind.RedemptionCancel).Sum(e => e.Entry.Delta);
            var expired = -period.Where(e => e.Entry.Kind == LedgerEntryKind.Expire).Sum(e => e.Entry.Delta);
            var outstanding = upToEnd.Sum(e => e.Entry.Delta);
            var tierMembers = Customers
                .Where(c => DayOf(c.Account.CreatedAt, zone) <= to && !upToEnd.Any(e => e.CustomerId == c.Account.CustomerId && e.Entry.Kind == LedgerEntryKind.TransferOut))
                .GroupBy(c => TierAfter(c.Account.CustomerId, to))
                .ToDictionary(g => g.Key, g => (long)g.Count());
            // Engaged: redeemed, referred a friend who bought, or opened the bot (here: registered in it) in the period.
            var engaged = period.Where(e => e.Entry.Kind == LedgerEntryKind.Redeem || e.Entry is { Kind: LedgerEntryKind.Bonus, Delta: > 0, Note: ReferralReasons.Referrer })
                .Select(e => (e.CustomerId, Tier: TierOf(e.CustomerId, e.Entry)))
                .Concat(Customers.Where(c => In(c.Account.CreatedAt, from, to)).Select(c => (c.Account.CustomerId, Tier: Rules.TierFor(0).Name)))
                .ToList();
            var tiers = period.Where(e => e.Entry.Kind is not (LedgerEntryKind.TransferIn or LedgerEntryKind.TransferOut))
                .GroupBy(e => TierOf(e.CustomerId, e.Entry))
                .Select(g => g.Key)
                .Union(tierMembers.Keys)
                .ToDictionary(tier => tier, tier =>
                {
                    var g = period.Where(e => e.Entry.Kind is not (LedgerEntryKind.TransferIn or LedgerEntryKind.TransferOut) && TierOf(e.CustomerId, e.Entry) == tier).ToList();
                    var tierEarns = g.Where(e => e.Entry.Kind == LedgerEntryKind.Earn).ToList();
                    var tierRevenue = tierEarns.Sum(e => e.Entry.Amount!.Value) - g.Where(e => e.Entry.Kind == LedgerEntryKind.Refund).Sum(e => e.Entry.Amount!.Value);
                    var count = tierMembers.GetValueOrDefault(tier);
                    return new TierKpis(tierEarns.Select(e => e.CustomerId).Distinct().Count(), tierEarns.Count, tierRevenue, Ratio(tierRevenue, tierEarns.Count, 2),
                        Issued(g), Redeemed(g), count, Ratio(engaged.Where(e => e.Tier == tier).Select(e => e.CustomerId).Distinct().Count(), count, 4));
                });
            var days = new List<DayKpis>();
            for (var day = from; day <= to; day = day.AddDays(1))
            {
                var of = sold.Where(e => DayOf(e.Entry.RecordedAt, zone) == day).ToList();
                var dayEarns = of.Where(e => e.Entry.Kind == LedgerEntryKind.Earn).ToList();
                var dayRevenue = dayEarns.Sum(e => e.Entry.Amount!.Value) - of.Where(e => e.Entry.Kind == LedgerEntryKind.Refund).Sum(e => e.Entry.Amount!.Value);
                days.Add(new DayKpis(day, MembersAt(day), Customers.Count(c => DayOf(c.Account.CreatedAt, zone) == day), dayEarns.Select(e => e.CustomerId).Distinct().Count(),
                    dayEarns.Count, dayRevenue, Ratio(dayRevenue, dayEarns.Count, 2), Issued(of), Redeemed(of),
                    -period.Where(e => e.Entry.Kind == LedgerEntryKind.Expire && DayOf(e.Entry.RecordedAt, zone) == day).Sum(e => e.Entry.Delta)));
            }

            var merchants = period.Where(e => e.Entry.MerchantId is not null && (merchantId is null || e.Entry.MerchantId == merchantId))
                .GroupBy(e => e.Entry.MerchantId!)
                .Select(g => new MerchantKpis(g.Key, null, g.Count(e => e.Entry.Kind == LedgerEntryKind.Earn),
                    g.Where(e => e.Entry.Kind == LedgerEntryKind.Earn).Sum(e => e.Entry.Amount!.Value) - g.Where(e => e.Entry.Kind == LedgerEntryKind.Refund).Sum(e => e.Entry.Amount!.Value),
                    Issued(g), Redeemed(g)))
                .OrderByDescending(m => m.Revenue).ThenBy(m => m.MerchantId, StringComparer.Ordinal)
                .ToList();
            var periodDays = to.DayNumber - from.DayNumber + 1;
            var cost = Math.Round(Redeemed(period) + Rules.FixedCostPerMonth * periodDays / (365m / 12m), 2, MidpointRounding.AwayFromZero);
            var periodRevenue = period.Where(e => e.Entry.Kind == LedgerEntryKind.Earn).Sum(e => e.Entry.Amount!.Value)
                - period.Where(e => e.Entry.Kind == LedgerEntryKind.Refund).Sum(e => e.Entry.Amount!.Value);
            var incremental = Math.Round(periodRevenue - Rules.BaselineRevenuePerMonth * periodDays / (365m / 12m), 2, MidpointRounding.AwayFromZero);
            var birthdays = period.Where(e => e.Entry is { Kind: LedgerEntryKind.Bonus, Delta: > 0, Note: BirthdayGreetingRun.Reason }).Select(e => e.CustomerId).ToHashSet();
            var redeemers = period.Where(e => e.Entry.Kind == LedgerEntryKind.Redeem).Select(e => e.CustomerId).ToHashSet();
            var withPhone = Customers.Count(c => DayOf(c.Account.CreatedAt, zone) <= to && c.Account.Profile.Phone is not null)
                - upToEnd.Count(e => e.Entry.Kind == LedgerEntryKind.TransferOut);
            return new KpiReport(from, to, merchantId,
                Members: members,
                NewMembers: Customers.Count(c => In(c.Account.CreatedAt, from, to)),
                ActiveCustomers: buyers.Count,
                Purchases: earns.Count,
                Revenue: revenue,
                AverageOrderValue: Ratio(revenue, earns.Count, 2),
                PurchaseFrequency: Ratio(earns.Count, buyers.Count, 2),
                RepeatPurchaseRate: Ratio(buyers.Count(b => b.Value >= 2), buyers.Count, 4),
                RetentionRate: Ratio(earlierBuyers.Count(buyers.ContainsKey), earlierBuyers.Count, 4),
                CustomerLifetimeValue: Ratio(everRevenue, members, 2),
                Refunds: refunds.Count,
                Refunded: refunds.Sum(e => e.Entry.Amount!.Value),
                PointsIssued: Issued(sold),
                PointsRedeemed: Redeemed(sold),
                PointsExpired: expired,
                PointsOutstanding: outstanding,
                Liability: outstanding,
                BreakageRate: Ratio(expired, Issued(period), 4),
                RedemptionRate: Ratio(Redeemed(period), Issued(period), 4),
                ReferralConversions: period.Count(e => e.Entry is { Kind: LedgerEntryKind.Bonus, Delta: > 0, Note: ReferralReasons.Referrer }),
                BirthdayBonuses: period.Count(e => e.Entry is { Kind: LedgerEntryKind.Bonus, Delta: > 0, Note: BirthdayGreetingRun.Reason }),
                Tiers: tiers,
                Days: days,
                Merchants: merchants,
                TierDistribution: tierMembers,
                ProgramCost: cost,
                IncrementalRevenue: incremental,
                Roi: Ratio(incremental - cost, cost, 4),
                EngagementRate: Ratio(engaged.Select(e => e.CustomerId).Distinct().Count(), members, 4),
                PhoneBindingRate: Ratio(withPhone, members, 4),
                BirthdayBonusUseRate: Ratio(birthdays.Count(redeemers.Contains), birthdays.Count, 4),
                Reviews: 0,
                AverageRating: 0);

            long MembersAt(DateOnly day) =>
                Customers.Count(c => DayOf(c.Account.CreatedAt, zone) <= day) - all.Count(e => e.Entry.Kind == LedgerEntryKind.TransferOut && DayOf(e.Entry.RecordedAt, zone) <= day);
        }


        /// <summary>A customer's tier at the end of <paramref name="day"/>: the tier its next earn after it was quoted at, or its tier now.</summary>
        private string TierAfter(string customerId, DateOnly day)
        {
            var (account, entries) = Customers.Single(c => c.Account.CustomerId == customerId);
            var nextEarn = entries.Where(e => e.Kind == LedgerEntryKind.Earn && DayOf(e.RecordedAt, Rules.Zone) > day).MinBy(e => (e.RecordedAt, e.Id));
            return nextEarn?.Note is { } note ? note["tier ".Length..].Split(';')[0] : account.Tier;
        }

        /// <summary>
        /// The tier before the entry: an earn names the tier it was quoted at; tiers change only at earns, so any other entry
        /// had the tier of the customer's next earn, or the account's tier now when none came after it.
        /// </summary>
        private string TierOf(string customerId, LedgerEntry entry)
        {
            var (account, entries) = Customers.Single(c => c.Account.CustomerId == customerId);
            var nextEarn = entries.Where(e => e.Kind == LedgerEntryKind.Earn && (e.RecordedAt, e.Id).CompareTo((entry.RecordedAt, entry.Id)) >= 0)
                .MinBy(e => (e.RecordedAt, e.Id));
            return nextEarn?.Note is { } note ? note["tier ".Length..].Split(';')[0] : account.Tier;
        }

        private static decimal Ratio(decimal part, decimal whole, int decimals) => whole == 0 ? 0 : Math.Round(part / whole, decimals, MidpointRounding.AwayFromZero);
    }
}
