using Azure.Data.Tables;
using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Storage;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Money = LoyaltyBot.Domain.Money.Money;

namespace LoyaltyBot.Functions.Tests.Ledger;

/// <summary>
/// The account row holds one lot per expiry day and availability day, so its size is bounded by the days of the points'
/// lifetime, not by the purchases on record; a row written with one lot per purchase is read and rewritten grouped.
/// </summary>
public sealed class AccountRowTests
{
    /// <summary>A tenth of Azure Tables' 1 MiB entity limit.</summary>
    private const int RowBoundBytes = 100 * 1024;

    private static readonly ProgramRules Rules = ProgramRules.Default;
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task TheRowOfACustomerWithTenThousandPurchasesStaysUnderItsBoundAndDoesNotGrowWithMore()
    {
        // A purchase every 52 minutes for a year: 10 000 purchases, each day's within the points' 365-day lifetime.
        var tenThousand = AccountWithPurchases(10_000, TimeSpan.FromMinutes(52.56));
        var twentyThousand = AccountWithPurchases(20_000, TimeSpan.FromMinutes(26.28));

        var (tenRow, tenBytes) = await StoreAndReadBackAsync(tenThousand);
        var (_, twentyBytes) = await StoreAndReadBackAsync(twentyThousand);

        Assert.True(tenBytes < RowBoundBytes, $"the row takes {tenBytes} bytes");
        Assert.True(twentyBytes <= tenBytes * 1.02, $"twice the purchases over the same year: {twentyBytes} bytes against {tenBytes}");
        Assert.InRange(tenThousand.Lots.Count, 300, 366);
        Assert.Equal((tenThousand.Balance, tenThousand.Totals), (tenRow.Balance, tenRow.Totals));
        Assert.Equal(tenThousand.Lots, tenRow.Lots);
    }

    [Fact]
    public async Task ARowWithOneLotPerPurchaseIsReadGroupedAndRewrittenGroupedWithTheSameBalanceLotsAndHistory()
    {
        var h = await LedgerHarness.StartAsync(Rules, Start);
        var customer = await h.RegisterAsync();
        // As rows were written before lots were grouped: a lot per purchase under a random id, the purchase's marker naming it.
        var purchases = new (string Id, DateTimeOffset At, long Points)[]
        {
            ("p1", Start.AddDays(-3).AddHours(-5), 30), ("p2", Start.AddDays(-3), 45), ("p3", Start.AddDays(-1), 20), ("p4", Start.AddHours(-1), 10),
        };
        var lots = purchases.Select(p => new PointsLot(Guid.NewGuid().ToString("N"), LotKind.Earned, p.Points, p.Points, p.At, p.At, p.At.AddDays(365), $"m1/{p.Id}")).ToList();
        var entries = await WriteRowOfOneLotPerPurchaseAsync(h, customer, purchases, lots);

        var read = await h.AccountAsync(customer);

        Assert.Equal(105, read.Balance);
        // The first two purchases were on the same day: their lots are one now.
        Assert.Equal(3, read.Lots.Count);
        Assert.Equal(LotsByExpiryDay(lots), LotsByExpiryDay(read.Lots));
        Assert.All(read.Lots, l => Assert.True(PointsLot.IsGroupId(l.Id), l.Id));

        // The next write stores the grouped lots; the history is untouched and still sums to the balance.
        await h.Ledger.GrantBonusAsync(customer, OperationKey.Of("bot", "gift"), 5, "gift", Rules, CancellationToken.None);
        var row = (await h.Customers.GetEntityAsync<TableEntity>(customer, LedgerKeys.Account)).Value;
        var stored = LotsJson.Read(LargeText.Read(row, "Lots"));
        Assert.All(stored, l => Assert.True(PointsLot.IsGroupId(l.Id), l.Id));
        Assert.Equal(LotsByExpiryDay([.. lots, .. stored.Where(l => l.Kind == LotKind.Bonus)]), LotsByExpiryDay(stored));
        Assert.Equal(110, row.GetInt64("Balance"));
        var history = await h.Ledger.ReadEntriesAsync(customer, null, CancellationToken.None);
        Assert.Equal(entries.Select(e => e.Id).Append(history[0].Id).Order(), history.Select(e => e.Id).Order());
        await h.AssertLedgerBalancesAsync(customer);
    }

    [Fact]
    public async Task ARefundOfAPurchaseRecordedBeforeLotsWereGroupedTakesFromThatPurchasesDayFirst()
    {
        var h = await LedgerHarness.StartAsync(Rules, Start);
        var customer = await h.RegisterAsync();
        var purchases = new (string Id, DateTimeOffset At, long Points)[] { ("p1", Start.AddDays(-40), 50), ("p2", Start.AddDays(-2), 50) };
        var lots = purchases.Select(p => new PointsLot(Guid.NewGuid().ToString("N"), LotKind.Earned, p.Points, p.Points, p.At, p.At, p.At.AddDays(365), $"m1/{p.Id}")).ToList();
        await WriteRowOfOneLotPerPurchaseAsync(h, customer, purchases, lots);

        // The later purchase is refunded in full: its own 50 points go, not the sooner-expiring ones of the first.
        var refund = await h.Ledger.RefundAsync(customer, OperationKey.Of("m1", "refund-p2"), "m1", "p2", Money.Of(500m, Domain.Money.Currency.Rub), Rules, CancellationToken.None);

        Assert.True(refund.IsSuccess, refund.Error?.Message);
        var draw = Assert.Single(refund.Value.Entry.Draws!);
        Assert.Equal((PointsLot.GroupId(purchases[1].At, purchases[1].At.AddDays(365)), -50L), (draw.LotId, draw.Points));
        var left = Assert.Single((await h.AccountAsync(customer)).Lots);
        Assert.Equal((purchases[0].At.AddDays(365), 50L), (left.ExpiresAt, left.Remaining));
    }

    private static CustomerAccount AccountWithPurchases(int count, TimeSpan every)
    {
        var account = CustomerAccount.Open("c-heavy", new CustomerProfile { CardNumber = "2000000000001", InviteCode = "heavy" }, Rules, Start);
        for (var i = 0; i < count; i++)
        {
            var at = Start.Add(every * i);
            var purchase = Purchase.Create("m1", $"p{i:D6}", 100m + (i % 900), "RUB", at, null, 0, Rules).Value;
            var quote = EarnCalculator.Quote(purchase, Rules.TierNamed(account.Tier), Rules, []);
            Assert.True(account.Earn(OperationKey.Of("m1", purchase.PurchaseId), purchase, quote, Rules, at).IsSuccess);
        }

        return account;
    }

    /// <summary>Writes the account row as the store does and reads it back: the account read and the row's size as Azure counts it.</summary>
    private static async Task<(CustomerAccount Read, long Bytes)> StoreAndReadBackAsync(CustomerAccount account)
    {
        var storage = await TestStorage.CreateAsync();
        var customers = storage.Table(TableNames.Customers);
        var id = $"c{Guid.NewGuid():N}";
        var moved = new CustomerAccount(id, account.Profile, account.Tier, account.Debt, account.Lots, account.SpendByDay, account.Totals, account.CreatedAt);
        await customers.AddEntityAsync(AccountEntity.ToEntity(moved, default));
        var row = (await customers.GetEntityAsync<TableEntity>(id, LedgerKeys.Account)).Value;
        return (AccountEntity.FromEntity(row), EntitySize(row));
    }

    /// <summary>An entity's size as Azure Tables counts it against the 1 MiB limit (UTF-16 strings, 8 bytes a number or time).</summary>
    private static long EntitySize(TableEntity row) =>
        4 + (row.PartitionKey.Length * 2) + (row.RowKey.Length * 2) + row
            .Where(p => p.Key is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag"))
            .Sum(p => 8 + (p.Key.Length * 2) + p.Value switch
            {
                string text => 4 + (text.Length * 2),
                bool => 1,
                _ => 8,
            });

    private static Dictionary<DateOnly, long> LotsByExpiryDay(IEnumerable<PointsLot> lots) =>
        lots.GroupBy(l => l.ExpiryDay).ToDictionary(g => g.Key, g => g.Sum(l => l.Remaining));

    /// <summary>The account row with <paramref name="lots"/> as they are, each purchase's marker and entry: the rows of an older store.</summary>
    private static async Task<List<LedgerEntry>> WriteRowOfOneLotPerPurchaseAsync(
        LedgerHarness h, string customer, (string Id, DateTimeOffset At, long Points)[] purchases, List<PointsLot> lots)
    {
        var row = (await h.Customers.GetEntityAsync<TableEntity>(customer, LedgerKeys.Account)).Value;
        var balance = 0L;
        var entries = new List<LedgerEntry>();
        foreach (var (purchase, lot) in purchases.Zip(lots))
        {
            balance += purchase.Points;
            var operation = OperationKey.Of("m1", purchase.Id);
            var entry = new LedgerEntry(LedgerEntry.NewId(), LedgerEntryKind.Earn, purchase.Points, balance, purchase.At, purchase.At, operation.ToString(), "m1", purchase.Points * 10m, "RUB");
            var record = new PurchaseRecord("m1", purchase.Id, purchase.Points * 10m, "RUB", purchase.Points, 0m, 0, lot.Id, purchase.At);
            await h.Customers.AddEntityAsync(new TableEntity(customer, LedgerKeys.Operation(operation))
            {
                ["Fingerprint"] = "written-by-an-older-store",
                ["Purchase"] = WireJson.Write(record),
                ["Result"] = WireJson.Write(entry),
                ["RecordedAt"] = purchase.At,
            });
            // An older store's entry row kept no tiers.
            var entryRow = EntryEntity.ToEntity(customer, entry, "", "");
            entryRow.Remove("TierBefore");
            entryRow.Remove("TierAfter");
            await h.Customers.AddEntityAsync(entryRow);
            entries.Add(entry);
        }

        row["Lots"] = LotsJson.Write(lots);
        row["Balance"] = balance;
        row["Totals"] = WireJson.Write(new LedgerTotals(Earned: balance));
        row["Spend"] = WireJson.Write(purchases.GroupBy(p => p.At.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))
            .ToDictionary(g => g.Key, g => g.Sum(p => p.Points * 10m)));
        await h.Customers.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);
        return entries;
    }
}
