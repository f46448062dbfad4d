using Azure.Data.Tables;
using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Accrual;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Jobs;
using LoyaltyBot.Functions.Kpis;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Notifications;
using LoyaltyBot.Functions.Offers;
using LoyaltyBot.Functions.Outbox;
using LoyaltyBot.Functions.Rules;
using LoyaltyBot.Functions.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LoyaltyBot.Functions.Tests.Infrastructure;

/// <summary>The ledger's real store on the shared Azurite, with its own request counter and a fake clock.</summary>
public sealed class LedgerHarness
{
    private LedgerHarness(StorageAccount storage, FakeTimeProvider time, ProgramRules rules)
    {
        Storage = storage;
        Time = time;
        Rules = rules;
        Index = new ExpiryIndex(storage);
        var program = new ProgramStore(storage, time);
        var progress = new JobProgress(storage);
        var summaries = new KpiSummaries(storage);
        KpiDeltas = new KpiDeltas(storage, new LedgerHistory(storage), program, time);
        Kpis = new KpiStore(KpiDeltas, summaries, progress);
        KpiRollup = new KpiRollup(KpiDeltas, summaries, progress, program, time, NullLogger<KpiRollup>.Instance);
        Ledger = new LedgerStore(storage, Index, new TierReviewIndex(storage), time, NullLogger<LedgerStore>.Instance, KpiDeltas);
        Directory = new CustomerDirectory(storage, Ledger, time, new CustomerNameIndex(storage, Ledger));
        Expiry = new ExpiryRun(Index, Ledger, program, new Notifier(storage), time);
    }

    public StorageAccount Storage { get; }

    public FakeTimeProvider Time { get; }

    public ProgramRules Rules { get; set; }

    public ExpiryIndex Index { get; }

    public LedgerStore Ledger { get; }

    /// <summary>The KPI aggregates' deltas, told of every operation of <see cref="Ledger"/>.</summary>
    public KpiDeltas KpiDeltas { get; }

    /// <summary>The KPI aggregates as a report reads them.</summary>
    public KpiStore Kpis { get; }

    public KpiRollup KpiRollup { get; }

    /// <summary>Today on the fake clock, in the program's time zone: the day KPI figures count an operation of now in.</summary>
    public DateOnly Today => KpiKeys.DayOf(Time.GetUtcNow(), Rules.Zone);

    /// <summary>The KPI report of today alone, as the admin API would answer it now.</summary>
    public async Task<KpiReport> TodaysKpisAsync() =>
        KpiReport.Of(await Kpis.ReadAsync(Today.AddDays(-1), Today, CancellationToken.None), Today, Today, null, Rules);

    public CustomerDirectory Directory { get; }

    public ExpiryRun Expiry { get; }

    /// <summary>The accrual's memory of customers, shared by every <see cref="Accrual"/> of this harness as by one instance's.</summary>
    public RememberedCustomers Remembered { get; } = new();

    public StorageRequestCounter Requests => Storage.Counter;

    public TableClient Customers => Storage.Table(TableNames.Customers);

    /// <summary>A harness on the shared Azurite, or on <paramref name="storage"/> when a test has an account of its own.</summary>
    public static async Task<LedgerHarness> StartAsync(ProgramRules? rules = null, DateTimeOffset? now = null, StorageAccount? storage = null)
    {
        storage ??= await TestStorage.CreateAsync();
        var time = new FakeTimeProvider(now ?? new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        return new LedgerHarness(storage, time, rules ?? ProgramRules.Default);
    }

    /// <summary>The accrual of queued purchases, on this harness's storage and clock.</summary>
    public PurchaseAccrual Accrual() => new(Directory, Ledger, new ProgramStore(Storage, Time), new CampaignStore(Storage, Time),
        new PersonalOffers(new OfferRuleStore(Storage, Time), Storage, new Notifier(Storage), Time, NullLogger<PersonalOffers>.Instance),
        new ReferralReward(Ledger, new Notifier(Storage), NullLogger<ReferralReward>.Instance), Remembered, NullLogger<PurchaseAccrual>.Instance);

    public async Task<string> RegisterAsync(long? telegramUserId = null, string? phone = null)
    {
        var registered = await Directory.RegisterAsync(
            new NewCustomer(telegramUserId ?? Random.Shared.NextInt64(1, long.MaxValue), phone is null ? null : PhoneNumber.Parse(phone).Value, "Test"),
            Rules, CancellationToken.None);
        return registered.Value.CustomerId;
    }

    public Purchase Purchase(decimal amount, string? purchaseId = null, string merchantId = "m1", DateTimeOffset? occurredAt = null, long pointsRedeemed = 0) =>
        Domain.Ledger.Purchase.Create(merchantId, purchaseId ?? Guid.NewGuid().ToString("N"), amount, "RUB", occurredAt ?? Time.GetUtcNow(), null, pointsRedeemed, Rules).Value;

    public async Task<EarnOutcome> EarnAsync(string customerId, decimal amount, string? purchaseId = null) =>
        (await Ledger.EarnAsync(customerId, Purchase(amount, purchaseId), Rules, [], CancellationToken.None)).Value;

    public async Task<CustomerAccount> AccountAsync(string customerId) =>
        await Ledger.GetAccountAsync(customerId, CancellationToken.None) ?? throw new InvalidOperationException($"No account {customerId}.");

    /// <summary>Every row of the customer's partition with its properties, to show that nothing changed.</summary>
    public async Task<IReadOnlyList<string>> PartitionSnapshotAsync(string customerId)
    {
        var rows = new List<string>();
        await foreach (var row in Customers.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {customerId}")))
        {
            rows.Add($"{row.RowKey} {row.ETag} " + string.Join(';', row.Where(p => p.Key != "Timestamp").OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")));
        }

        return rows;
    }

    /// <summary>The invariant every test ends on: the ledger entries sum to the balance, and the totals agree.</summary>
    public async Task AssertLedgerBalancesAsync(string customerId)
    {
        var account = await AccountAsync(customerId);
        var entries = await Ledger.ReadEntriesAsync(customerId, null, CancellationToken.None);
        Assert.Equal(account.Balance, entries.Sum(e => e.Delta));
        Assert.Equal(account.Balance, account.Totals.Net);
        Assert.All(account.Lots, lot => Assert.InRange(lot.Remaining, 1, lot.Points));
    }
}
