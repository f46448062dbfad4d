using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Storage;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyBot.Functions.Tests.Hosting;

/// <summary>
/// <c>POST /admin/functions/{name}/disable|enable</c> on the real app, standalone: one trigger stopped and started while
/// the app runs. The bot is on, so SendNotification's listener runs beside AccruePurchase's and measures their polling.
/// </summary>
public sealed class FunctionSwitchTests(BotApp app) : IClassFixture<BotApp>
{
    [Fact]
    public async Task ADisabledQueueFunctionLeavesItsMessagesWaitingUntilItIsEnabledAgain()
    {
        using var admin = app.AdminClient();
        var phone = MerchantClient.NewPhone();
        var customer = (await app.Services.GetRequiredService<CustomerDirectory>()
            .RegisterAsync(new NewCustomer(Phone: PhoneNumber.Parse(phone).Value), ProgramRules.Default, default)).Value.CustomerId;
        var till = await MerchantClient.CreateAsync(app);
        var ledger = app.Services.GetRequiredService<LedgerStore>();

        var disabled = await SwitchAsync(admin, "AccruePurchase", "disable");
        var disabledAgain = await SwitchAsync(admin, "AccruePurchase", "disable");
        var purchasePolls = Polls(QueueNames.Purchases);
        using var posted = await till.PostAsync("purchases", MerchantClient.Purchase(phone));
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        // The notifications listener polls as a running AccruePurchase listener would: two of its polls since the post
        // give a running one time enough to have taken the purchase.
        var notificationPolls = Polls(QueueNames.Notifications);
        await FunctionsHarness.EventuallyAsync(() => Task.FromResult(Polls(QueueNames.Notifications) >= notificationPolls + 2), "the notifications listener polled twice");
        var purchasePollsWhileDisabled = Polls(QueueNames.Purchases) - purchasePolls;
        var entriesWhileDisabled = await ledger.ReadEntriesAsync(customer, null, default);
        var waiting = (await app.Storage.Queue(QueueNames.Purchases).GetPropertiesAsync()).Value.ApproximateMessagesCount;
        var enabled = await SwitchAsync(admin, "AccruePurchase", "enable");

        Assert.Equal(("AccruePurchase", false), disabled);
        Assert.Equal(("AccruePurchase", false), disabledAgain);
        Assert.Equal(0, purchasePollsWhileDisabled);
        Assert.Empty(entriesWhileDisabled);
        Assert.Equal(1, waiting);
        Assert.Equal(("AccruePurchase", true), enabled);
        await FunctionsHarness.EventuallyAsync(async () => (await ledger.ReadEntriesAsync(customer, null, default)).Count == 1, "the purchase is accrued once enabled");
    }

    [Theory]
    [InlineData("NoSuchFunction", "disable", HttpStatusCode.NotFound)]
    [InlineData("Health", "disable", HttpStatusCode.BadRequest)]
    [InlineData("AccruePurchase", "pause", HttpStatusCode.NotFound)]
    public async Task ASwitchOfAnUnknownFunctionOrAnHttpOneIsAProblem(string name, string change, HttpStatusCode expected)
    {
        using var admin = app.AdminClient();

        using var response = await admin.PostAsync(new Uri($"/admin/functions/{name}/{change}", UriKind.Relative), null);

        Assert.Equal(expected, response.StatusCode);
        if (expected != HttpStatusCode.NotFound || name == "NoSuchFunction")
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task ASwitchWithoutTheAdminKeyIs401AndChangesNothing()
    {
        using var response = await app.Client.PostAsync(new Uri("/admin/functions/AccruePurchase/disable", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.True(app.Services.GetRequiredService<LoyaltyBot.Functions.Hosting.StandaloneTriggers>().IsRunning("AccruePurchase"));
    }

    /// <summary>How many times the app has read the queue so far (its listener's polls; a test's own reads count too).</summary>
    private long Polls(string queue) => StorageRequestCounter.ByResource(app.Storage.Counter.Counts()).GetValueOrDefault($"queue GET {queue}");

    private static async Task<(string Function, bool Enabled)> SwitchAsync(HttpClient admin, string name, string change)
    {
        using var response = await admin.PostAsync(new Uri($"/admin/functions/{name}/{change}", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (answer.GetProperty("function").GetString()!, answer.GetProperty("enabled").GetBoolean());
    }
}
