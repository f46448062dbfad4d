using System.Text.Json;
using LoyaltyBot.Domain.Errors;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Jobs;
using LoyaltyBot.Functions.Kpis;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Rules;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Xunit.Abstractions;
using Money = LoyaltyBot.Domain.Money.Money;

namespace LoyaltyBot.Functions.Tests.Kpis;

/// <summary>
/// The aggregates, kept as operations commit, equal a recount from every ledger entry and account after a randomized
/// workload of several customers (some at once) with replays, refunds, redemptions and their cancels, bonuses,
/// adjustments, expiry and a merge, over days of a zone with daylight saving time.
/// </summary>
public sealed class KpiRecountTests(StorageOfItsOwn storage, ITestOutputHelper output) : IClassFixture<StorageOfItsOwn>
{
    private static readonly ProgramRules Rules = ProgramRules.Default with { TimeZone = "America/New_York", ExpiryDays = 20, BonusExpiryDays = 8, PendingDays = 2 };
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
        var workload = new Workload(h, random);
        for (var i = 0; i < 6; i++)
        {
            await workload.RegisterAsync();
        }

        var start = h.Time.GetUtcNow();
        for (var round = 0; round < 100; round++)
        {
            // A few customers' operations at once, as instances serve them: they meet in the aggregates' shards.
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
        }

        var end = h.Time.GetUtcNow();
        Assert.True(workload.Replays >= 5 && workload.Refunds >= 5, $"the workload replayed {workload.Replays} and refunded {workload.Refunds} times");
        var recount = await Recount.ReadAsync(h, workload.Everyone);
        var zone = Rules.Zone;
        var first = DayOf(start, zone);
        var last = DayOf(end, zone);
        var middle = first.AddDays((last.DayNumber - first.DayNumber) / 2);
        foreach (var (from, to) in new[] { (first, last), (first, middle), (middle.AddDays(1), last), (middle, middle), (first.AddDays(-3), first.AddDays(-1)) })
        {
            foreach (var merchantId in new[] { null, "m2" })
            {
                var rows = await h.Kpis.ReadAsync(from.AddDays(-(to.DayNumber - from.DayNumber + 1)), to, Ct);
                var kept = KpiReport.Of(rows, from, to, merchantId);
                Assert.Equal(Json(recount.Report(from, to, merchantId)), Json(kept));
            }
        }
    }

    private static DateOnly DayOf(DateTimeOffset at, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static string Json(KpiReport report) =>
        JsonSerializer.Serialize(report with { Tiers = new SortedDictionary<string, TierKpis>(report.Tiers.ToDictionary()) }, Indented);

    /// <summary>Random operations of the customers, each remembered so it can be replayed word for word.</summary>
    private sealed class Workload(LedgerHarness h, Random random)
    {
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

            var transfer = await h.Ledger.TransferOutAsync(from, to, Ct);
            Assert.True((await h.Ledger.TransferInAsync(transfer.Value, Rules, Ct)).IsSuccess);
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
                move = kind switch
                {
                    < 50 => Earn(customer, merchant, $"p{id}", 50m + random.Next(0, 5_000) + (random.Next(100) / 100m)),
                    < 62 when refundable.Count > 0 => Refund(customer, refundable[random.Next(refundable.Count)], id),
                    < 72 => () => h.Ledger.RedeemAsync(customer, OperationKey.Of(merchant, $"r{id}"), merchant, 1 + random.Next(200), Check(10_000m), Rules, Ct)
                        .ContinueWith(t => Remember(t.Result, customer, OperationKey.Of(merchant, $"r{id}")), TaskScheduler.Default),
                    < 76 when cancellable.Count > 0 => () => h.Ledger.CancelRedemptionAsync(customer, OperationKey.Of("cancel", $"x{id}"),
                        cancellable[random.Next(cancellable.Count)].Redemption, Rules, Ct),
                    < 82 => () => h.Ledger.GrantBonusAsync(customer, OperationKey.Of("bonus", $"b{id}"), 1 + random.Next(100),
                        random.Next(2) == 0 ? BirthdayGreetingRun.Reason : "review", Rules, Ct),
                    < 86 => () => h.Ledger.GrantReferrerBonusAsync(customer, $"friend{id}", "2026-11", 50, Rules, Ct),
                    < 92 => () => h.Ledger.AdjustAsync(customer, OperationKey.Of("admin", $"a{id}"), random.Next(-30, 60) is var d && d != 0 ? d : 5, "correction", Rules, Ct),
                    _ => () => h.Ledger.ExpireDueAsync(customer, Ct),
                };
                own.Add(move);
            }

            return move;
        }

        private Func<Task> Earn(string customer, string merchant, string purchaseId, decimal amount)
        {
            lock (purchases)
            {
                purchases.Add((customer, merchant, purchaseId, amount));
            }

            return () => h.Ledger.EarnAsync(customer, h.Purchase(amount, purchaseId, merchant), Rules, [], Ct);
        }

        private Func<Task> Refund(string customer, (string Customer, string Merchant, string PurchaseId, decimal Left) purchase, int id)
        {
            // Half the time all that is left, otherwise a part: partial refunds add up.
            var amount = random.Next(2) == 0 ? purchase.Left : Math.Max(0.01m, Math.Round(purchase.Left * random.Next(1, 90) / 100m, 2));
            var index = purchases.IndexOf(purchase);
            purchases[index] = purchase with { Left = purchase.Left - amount };
            Refunds++;
            return () => h.Ledger.RefundAsync(customer, OperationKey.Of(purchase.Merchant, $"f{id}"), purchase.Merchant, purchase.PurchaseId, Check(amount), Rules, Ct);
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
            var tiers = period.Where(e => e.Entry.Kind is not (LedgerEntryKind.TransferIn or LedgerEntryKind.TransferOut))
                .GroupBy(e => TierOf(e.CustomerId, e.Entry))
                .ToDictionary(g => g.Key, g =>
                {
                    var tierEarns = g.Where(e => e.Entry.Kind == LedgerEntryKind.Earn).ToList();
                    var tierRevenue = tierEarns.Sum(e => e.Entry.Amount!.Value) - g.Where(e => e.Entry.Kind == LedgerEntryKind.Refund).Sum(e => e.Entry.Amount!.Value);
                    return new TierKpis(tierEarns.Select(e => e.CustomerId).Distinct().Count(), tierEarns.Count, tierRevenue, Ratio(tierRevenue, tierEarns.Count, 2),
                        Issued(g), Redeemed(g));
                });
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
                Tiers: tiers);
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
