using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Hosting;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Storage;
using LoyaltyBot.Functions.Tests.Infrastructure;
using LoyaltyBot.Functions.Tests.Redemptions;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyBot.Functions.Tests.Storage;

/// <summary>The real app while its Azurite is paused (SIGSTOP: connections open, nothing answers) and after it resumes.</summary>
public sealed class StorageOutageTests(LoyaltyApp app) : IClassFixture<LoyaltyApp>
{
    /// <summary>The request bound, plus room for a busy machine.</summary>
    private static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(StorageOutage.DefaultTimeoutSeconds + 3);

    private LedgerStore Ledger => app.Services.GetRequiredService<LedgerStore>();

    [Fact]
    public async Task APurchaseDuringAnOutageAnswers503WithRetryAfterAndTheSameRequestAfterwardsAccruesOnce()
    {
        var till = await MerchantClient.CreateAsync(app);
        var (customerId, phone) = await RegisterAsync();
        var purchase = MerchantClient.Purchase(phone, amount: 1000m);

        await using (await app.PauseStorageAsync())
        {
            using var refused = await TimedAsync(() => till.PostAsync("purchases", purchase));
            await AssertUnavailableAsync(refused);
        }

        using var accepted = await till.PostAsync("purchases", purchase); // Signed again, with a fresh t.
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        await FunctionsHarness.EventuallyAsync(async () => (await EntriesAsync(customerId)).Count > 0, "the purchase accrues");
        await WhenPurchasesQueueIsEmptyAsync();
        var earn = Assert.Single(await EntriesAsync(customerId));
        Assert.Equal((LedgerEntryKind.Earn, 30L), (earn.Kind, earn.Delta)); // Bronze earns 3% of 1000, once.
        Assert.Equal(30, (await Ledger.GetAccountAsync(customerId, default))!.Balance);
    }

    [Fact]
    public async Task HealthAndTheAdminApiAnswer503DuringAnOutageAndHealthIsHealthyAgainAfterIt()
    {
        var (customerId, _) = await RegisterAsync();
        using var admin = app.AdminClient();

        await using (await app.PauseStorageAsync())
        {
            using var customer = await TimedAsync(() => admin.GetAsync(new Uri($"/api/admin/customers/{customerId}", UriKind.Relative)));
            await AssertUnavailableAsync(customer);
            using var health = await TimedAsync(() => app.Client.GetAsync(new Uri("/api/health", UriKind.Relative)));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
            Assert.Equal("application/problem+json", health.Content.Headers.ContentType?.MediaType);
            Assert.False((await health.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("storage").GetProperty("reachable").GetBoolean());
        }

        using var healthy = await app.Client.GetAsync(new Uri("/api/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        Assert.Equal("""{"status":"healthy","storage":{"reachable":true}}""", await healthy.Content.ReadAsStringAsync());
        using var found = await admin.GetAsync(new Uri($"/api/admin/customers/{customerId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
    }

    [Fact]
    public async Task ARedemptionDuringAnOutageAnswers503AndTheSameRequestAfterwardsTakesThePointsOnce()
    {
        var s = await RedemptionScenario.StartAsync(app, points: 500);
        var body = s.Body(points: 100, purchaseAmount: 1000m);

        await using (await app.PauseStorageAsync())
        {
            using var refused = await TimedAsync(() => s.RedeemAsync(body));
            await AssertUnavailableAsync(refused);
        }

        using var applied = await s.RedeemAsync(body);
        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
        var answer = await RedemptionScenario.JsonAsync(applied);
        Assert.Equal((100L, 400L), (answer.GetProperty("pointsApplied").GetInt64(), answer.GetProperty("balance").GetInt64()));
        Assert.Equal(-100, Assert.Single(await s.EntriesAsync(LedgerEntryKind.Redeem)).Delta);
        Assert.Equal(400, await s.BalanceAsync());
        await s.AssertLedgerBalancesAsync();
    }

    /// <summary>Sends a request and checks that it was answered within the bound.</summary>
    private static async Task<HttpResponseMessage> TimedAsync(Func<Task<HttpResponseMessage>> send)
    {
        var started = Stopwatch.GetTimestamp();
        var response = await send();
        var elapsed = Stopwatch.GetElapsedTime(started);
        Assert.True(elapsed < AnswerWithin, $"Answered {(int)response.StatusCode} after {elapsed.TotalSeconds:F1} s, not within {AnswerWithin.TotalSeconds} s.");
        return response;
    }

    private static async Task AssertUnavailableAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(StorageOutage.RetryAfterSeconds), response.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
        Assert.Equal("Storage unavailable", problem.GetProperty("title").GetString());
    }

    private async Task<(string CustomerId, string Phone)> RegisterAsync()
    {
        var phone = MerchantClient.NewPhone();
        var userId = Random.Shared.NextInt64(1, long.MaxValue / 2);
        var directory = app.Services.GetRequiredService<CustomerDirectory>();
        var registered = await directory.RegisterAsync(new NewCustomer(userId, PhoneNumber.Parse(phone).Value, "Anna", "en", userId), ProgramRules.Default, default);
        return (registered.Value.CustomerId, phone);
    }

    private async Task<IReadOnlyList<LedgerEntry>> EntriesAsync(string customerId) => await Ledger.ReadEntriesAsync(customerId, null, default);

    private async Task WhenPurchasesQueueIsEmptyAsync()
    {
        var queue = app.Storage.Queue(QueueNames.Purchases);
        await FunctionsHarness.EventuallyAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, "the purchases queue is empty");
    }
}

/// <summary>The bot's webhook while its Azurite is paused and after it resumes.</summary>
public sealed class BotStorageOutageTests(BotApp app) : IClassFixture<BotApp>
{
    /// <summary>The request bound, the bounded attempt to forget the failed update, and room for a busy machine.</summary>
    private static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(StorageOutage.DefaultTimeoutSeconds + 2 + 3);

    [Fact]
    public async Task AnUpdateDuringAnOutageAnswers503SoThatTelegramSendsItAgainAndTheBotAnswersAfterwardsWithoutARestart()
    {
        var user = TelegramUser.NewRandom();
        await app.SendAsync(user.Text("/start"));
        app.Telegram.Clear();

        await using (await app.PauseStorageAsync())
        {
            var started = Stopwatch.GetTimestamp();
            using var refused = await app.PostUpdateAsync(user.Text("/balance"));
            var elapsed = Stopwatch.GetElapsedTime(started);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(refused.Headers.RetryAfter);
            Assert.True(elapsed < AnswerWithin, $"Answered after {elapsed.TotalSeconds:F1} s, not within {AnswerWithin.TotalSeconds} s.");
        }

        Assert.DoesNotContain(app.Telegram.Calls, c => c.ChatId == user.Id);
        await app.SendAsync(user.Text("/balance"));
        Assert.Contains(app.Telegram.Calls, c => c.Method == "sendMessage" && c.ChatId == user.Id);
    }
}
