using LoyaltyBot.Domain.Offers;
using LoyaltyBot.Functions.Accrual;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Offers;
using LoyaltyBot.Functions.Outbox;
using LoyaltyBot.Functions.Storage;
using LoyaltyBot.Functions.Tests.Infrastructure;

namespace LoyaltyBot.Functions.Tests.Offers;

/// <summary>Personal offers in the accrual of queued purchases: given once, applied by the purchase's own time, and what they cost.</summary>
public sealed class PersonalOfferAccrualTests(StorageOfItsOwn storage) : IClassFixture<StorageOfItsOwn>
{
    [Fact]
    public async Task TheSamePurchaseDeliveredSeveralTimesAtOnceGivesOneOfferAnnouncedUnderOneId()
    {
        var (harness, telegramId, customer) = await StartAsync();
        var message = Message(harness, telegramId, ("headphones", 1_000m));

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => harness.Accrual().ApplyAsync(message, CancellationToken.None)));

        var offer = Assert.Single(await Offers(harness).ReadAsync(customer, CancellationToken.None));
        Assert.Equal($"{Rule.Id}-purchase-m1-{message.PurchaseId}", offer.Id);
        var announced = (await harness.Storage.Queue(QueueNames.Notifications).PeekMessagesAsync(maxMessages: 32)).Value
            .Select(m => Notifier.Read(m.Body.ToString())).Where(n => n.CustomerId == customer).ToList();
        Assert.NotEmpty(announced);
        Assert.All(announced, n => Assert.Equal(($"offer-{offer.Id}", NotificationKind.PersonalOffer, 2m), (n.Id, n.Kind, n.Multiplier)));
    }

    [Fact]
    public async Task AnOfferAppliesToThePurchasesMadeWhileItRunsByTheirOwnTime()
    {
        var (harness, telegramId, customer) = await StartAsync();
        var givenAt = harness.Time.GetUtcNow();
        await harness.Accrual().ApplyAsync(Message(harness, telegramId, ("headphones", 1_000m)), CancellationToken.None);
        var before = Message(harness, telegramId, ("accessories", 1_000m)) with { OccurredAt = givenAt.AddMinutes(-5) };
        var lastMoment = Message(harness, telegramId, ("accessories", 1_000m)) with { OccurredAt = givenAt.AddDays(Rule.ValidDays).AddTicks(-1) };
        var after = Message(harness, telegramId, ("accessories", 1_000m)) with { OccurredAt = givenAt.AddDays(Rule.ValidDays) };
        // The purchases reach the queue after the offer ended: their own time decides.
        harness.Time.Advance(TimeSpan.FromDays(Rule.ValidDays + 1));

        var earned = new List<long>();
        foreach (var purchase in new[] { before, lastMoment, after })
        {
            earned.Add((await harness.Accrual().ApplyAsync(purchase, CancellationToken.None)).Earned!.Entry.Delta);
        }

        // 3 % of 1 000 at Bronze; doubled only within the offer's days.
        Assert.Equal([30L, 60L, 30L], earned);
        await harness.AssertLedgerBalancesAsync(customer);
    }

    [Fact]
    public async Task WhileARuleRunsAPurchaseReadsTheCustomersOffersAndTheAccountOnceMore()
    {
        var (harness, telegramId, _) = await StartAsync();
        var accrual = harness.Accrual();
        // A first purchase reads the rules, campaigns and offer rules (then cached) and files the expiry day and the KPI day.
        await accrual.ApplyAsync(Message(harness, telegramId, ("coffee", 100m)), CancellationToken.None);
        harness.Requests.Reset();

        await accrual.ApplyAsync(Message(harness, telegramId, ("coffee", 100m)), CancellationToken.None);

        // The lookup of the Telegram id is remembered; then the offers, the account in the earn, the account after it; the
        // ledger's transaction, which holds the KPI figures too (the customer was filed under the day by the first purchase).
        Assert.Equal(
            new Dictionary<string, long> { ["table GET Customers"] = 3, ["table POST $batch"] = 1 },
            StorageRequestCounter.ByResource(harness.Requests.Counts()));
    }

    private static readonly OfferRule Rule = new(OfferRuleStore.NewId(), "Accessories", OfferTrigger.Category, 2m, 7, DateTimeOffset.UnixEpoch,
        Categories: ["accessories"], BoughtCategories: ["headphones"]);

    private static PersonalOffers Offers(LedgerHarness harness) =>
        new(new OfferRuleStore(harness.Storage, harness.Time), harness.Storage, new Notifier(harness.Storage), harness.Time,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<PersonalOffers>.Instance);

    /// <summary>A harness (on storage of its own, so its offer rule reaches no other test) with the rule and a customer the bot can reach.</summary>
    private async Task<(LedgerHarness Harness, long TelegramId, string CustomerId)> StartAsync()
    {
        var harness = await LedgerHarness.StartAsync(storage: storage.Account);
        await new OfferRuleStore(harness.Storage, harness.Time).SaveAsync(Rule, CancellationToken.None);
        var telegramId = Random.Shared.NextInt64(1, long.MaxValue);
        var registered = await harness.Directory.RegisterAsync(new NewCustomer(telegramId, null, "Test", ChatId: telegramId), harness.Rules, CancellationToken.None);
        return (harness, telegramId, registered.Value.CustomerId);
    }

    private static PurchaseMessage Message(LedgerHarness harness, long telegramId, params (string Category, decimal Price)[] lines) =>
        new("m1", Guid.NewGuid().ToString("N"), null, null, telegramId, lines.Sum(l => l.Price), "RUB", harness.Time.GetUtcNow().AddMinutes(-1),
            [.. lines.Select(l => new PurchaseItemMessage(null, l.Category, 1, l.Price))], 0);
}
