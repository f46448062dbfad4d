using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Azure.Storage.Queues.Models;
using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Accrual;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Hosting;
using LoyaltyBot.Functions.Jobs;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Merchants;
using LoyaltyBot.Functions.Notifications;
using LoyaltyBot.Functions.Outbox;
using LoyaltyBot.Functions.Storage;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Azure.Functions.Worker.Grpc.Messages;

namespace LoyaltyBot.Functions.Tests.Hosting;

/// <summary>
/// The built app (<c>LoyaltyBot.Functions.dll</c>) started as an isolated worker by the Functions host double, on an
/// Azurite of its own so no other test's listener takes its messages.
/// </summary>
public sealed class WorkerUnderHostDoubleFixture : IAsyncLifetime
{
    private readonly StorageOfItsOwn storage = new();

    public FunctionsHostDouble.FunctionsHostDouble Host { get; private set; } = null!;

    public StorageAccount Storage => storage.Account;

    public async Task InitializeAsync()
    {
        await storage.InitializeAsync();
        Host = await FunctionsHostDouble.FunctionsHostDouble.StartAsync(Path.Combine(AppProcess.AppDirectory(), "LoyaltyBot.Functions.dll"), new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = storage.ConnectionString,
            ["AdminApiKey"] = AppProcess.AdminKey,
            ["AZURE_FUNCTIONS_ENVIRONMENT"] = "Development",
            // Under the host these are app settings: it resolves %ExpirePointsSchedule% itself.
            [nameof(SettingDefaults.ExpirePointsSchedule)] = SettingDefaults.ExpirePointsSchedule,
            [nameof(SettingDefaults.BirthdayGreetingsSchedule)] = SettingDefaults.BirthdayGreetingsSchedule,
            [nameof(SettingDefaults.ExpiryRemindersSchedule)] = SettingDefaults.ExpiryRemindersSchedule,
            [nameof(SettingDefaults.TierReviewSchedule)] = SettingDefaults.TierReviewSchedule,
            [nameof(SettingDefaults.KpiRollupSchedule)] = SettingDefaults.KpiRollupSchedule,
        });
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await storage.DisposeAsync();
    }
}

/// <summary>The app as the Functions host runs it: the worker's metadata, and its queue, timer and HTTP functions invoked over gRPC.</summary>
public sealed class UnderTheFunctionsHostDoubleTests(WorkerUnderHostDoubleFixture fixture) : IClassFixture<WorkerUnderHostDoubleFixture>
{
    private readonly FunctionsHostDouble.FunctionsHostDouble host = fixture.Host;

    [Fact]
    public void TheWorkerReportsEveryFunctionWithItsTriggerAsDocumented()
    {
        string[] documented =
        [
            "AccruePurchase queueTrigger purchases",
            "AdminApiDocument httpTrigger openapi/admin.json get",
            "AdminBroadcastPreview httpTrigger admin/broadcasts/preview post",
            "AdminBroadcasts httpTrigger admin/broadcasts get,post",
            "AdminCampaign httpTrigger admin/campaigns/{campaignId} get,delete",
            "AdminCampaigns httpTrigger admin/campaigns get,post",
            "AdminCustomer httpTrigger admin/customers/{customerId} get",
            "AdminCustomerAdjustments httpTrigger admin/customers/{customerId}/adjustments post",
            "AdminCustomerBirthday httpTrigger admin/customers/{customerId}/birthday put",
            "AdminCustomerLedger httpTrigger admin/customers/{customerId}/ledger get",
            "AdminCustomerLedgerCsv httpTrigger admin/customers/{customerId}/ledger.csv get",
            "AdminCustomerPhone httpTrigger admin/customers/{customerId}/phone put",
            "AdminCustomers httpTrigger admin/customers get",
            "AdminKpis httpTrigger admin/kpis get",
            "AdminMerchants httpTrigger admin/merchants get,post",
            "AdminMerchantSecret httpTrigger admin/merchants/{merchantId}/secret post",
            "AdminOffer httpTrigger admin/offers/{offerRuleId} delete",
            "AdminOffers httpTrigger admin/offers get,post",
            "AdminProgram httpTrigger admin/program get,put",
            "AdminSegments httpTrigger admin/segments get",
            "AdminTelegramSetup httpTrigger admin/telegram/setup post",
            "ApiReference httpTrigger reference get",
            "ApiReferenceAsset httpTrigger reference/{asset} get",
            "BirthdayGreetings timerTrigger %BirthdayGreetingsSchedule%",
            "Dashboard httpTrigger dashboard get",
            "DashboardAsset httpTrigger dashboard/{asset} get",
            "DashboardSession httpTrigger dashboard/session post,delete",
            "ExpirePoints timerTrigger %ExpirePointsSchedule%",
            "ExpiryReminders timerTrigger %ExpiryRemindersSchedule%",
            "Health httpTrigger health get",
            "KpiRollup timerTrigger %KpiRollupSchedule%",
            "MerchantApiDocument httpTrigger openapi/merchant.json get",
            "MerchantPurchases httpTrigger merchants/{merchantId}/purchases post",
            "MerchantRedemptions httpTrigger merchants/{merchantId}/redemptions/{redemptionId?} post,delete",
            "MerchantRefunds httpTrigger merchants/{merchantId}/refunds post",
            "SendBroadcast queueTrigger broadcasts",
            "SendNotification queueTrigger notifications",
            "TelegramWebhook httpTrigger telegram/webhook post",
            "TierReview timerTrigger %TierReviewSchedule%",
        ];

        var reported = host.Metadata.Select(f => Describe(f.Name, host.Trigger(f.Name))).Order(StringComparer.OrdinalIgnoreCase);

        Assert.Equal(documented, reported);
        Assert.Equal("0 5 * * * *", host.Resolve(host.Trigger("ExpirePoints").GetProperty("schedule").GetString()!));
        Assert.Equal("0 0 * * * *", host.Resolve(host.Trigger("BirthdayGreetings").GetProperty("schedule").GetString()!));
        Assert.Equal("0 30 * * * *", host.Resolve(host.Trigger("ExpiryReminders").GetProperty("schedule").GetString()!));
        Assert.Equal("0 20 * * * *", host.Resolve(host.Trigger("TierReview").GetProperty("schedule").GetString()!));
        Assert.Equal("0 15 * * * *", host.Resolve(host.Trigger("KpiRollup").GetProperty("schedule").GetString()!));
    }

    [Fact]
    public async Task AccruePurchaseAppliesAQueuedPurchaseAndQueuesTheCustomersNotification()
    {
        var harness = await LedgerHarness.StartAsync(storage: fixture.Storage);
        var (customerId, message) = await QueuedPurchaseAsync(harness);

        var response = await InvokeAsTheQueueTriggerAsync(message);

        Assert.Equal(StatusResult.Types.Status.Success, response.Result.Status);
        var earn = Assert.Single(await harness.Ledger.ReadEntriesAsync(customerId, null, CancellationToken.None));
        Assert.Equal((LedgerEntryKind.Earn, 30), (earn.Kind, earn.Delta));
        var notification = Assert.Single(await NotificationsForAsync(customerId));
        Assert.Equal(NotificationKind.PointsEarned, notification.Kind);
        await harness.AssertLedgerBalancesAsync(customerId);
    }

    [Fact]
    public async Task TheSamePurchaseMessageInvokedAgainChangesNothingOnTheLedger()
    {
        var harness = await LedgerHarness.StartAsync(storage: fixture.Storage);
        var (customerId, message) = await QueuedPurchaseAsync(harness);
        Assert.Equal(StatusResult.Types.Status.Success, (await InvokeAsTheQueueTriggerAsync(message)).Result.Status);
        var before = await harness.PartitionSnapshotAsync(customerId);

        var again = await host.InvokeQueueAsync("AccruePurchase", message.MessageText, message.DequeueCount + 1, message.MessageId);

        Assert.Equal(StatusResult.Types.Status.Success, again.Result.Status);
        Assert.Equal(before, await harness.PartitionSnapshotAsync(customerId));
        // The replay queues the notification again under the same id, which the sender sends once.
        Assert.Single((await NotificationsForAsync(customerId)).Select(n => n.Id).Distinct());
    }

    [Fact]
    public async Task APurchaseThatCanNeverApplyReportsAFailedInvocationSoTheHostRetriesAndPoisonsIt()
    {
        var harness = await LedgerHarness.StartAsync(storage: fixture.Storage);
        var (customerId, message) = await QueuedPurchaseAsync(harness, currency: "USD");

        var response = await InvokeAsTheQueueTriggerAsync(message);

        Assert.Equal(StatusResult.Types.Status.Failure, response.Result.Status);
        Assert.Contains("CurrencyMismatch", response.Result.Exception.Message, StringComparison.Ordinal);
        Assert.Empty(await harness.Ledger.ReadEntriesAsync(customerId, null, CancellationToken.None));
    }

    [Fact]
    public async Task ExpirePointsInvokedAsTheTimerWouldExpiresPointsThatAreDue()
    {
        // The worker runs on the real clock, so the lot is earned far enough back to have expired yesterday.
        var rules = ProgramRules.Default;
        var harness = await LedgerHarness.StartAsync(rules, now: DateTimeOffset.UtcNow.AddDays(-rules.ExpiryDays - 1), storage: fixture.Storage);
        var customerId = await harness.RegisterAsync();
        await harness.EarnAsync(customerId, 1_000m);
        var earned = (await harness.AccountAsync(customerId)).Balance;
        Assert.True(earned > 0);

        var response = await host.InvokeTimerAsync("ExpirePoints");

        Assert.Equal(StatusResult.Types.Status.Success, response.Result.Status);
        Assert.Equal(0, (await harness.AccountAsync(customerId)).Balance);
        var expiry = (await harness.Ledger.ReadEntriesAsync(customerId, 1, CancellationToken.None))[0];
        Assert.Equal((LedgerEntryKind.Expire, -earned), (expiry.Kind, expiry.Delta));
    }

    [Fact]
    public async Task BirthdayGreetingsInvokedAsTheTimerWouldGrantTheDaysBirthdayBonus()
    {
        // The worker runs on the real clock: the birthday is the day it greets now, by its default hour in the default zone.
        var day = GreetingDays.LatestDue(DateTimeOffset.UtcNow, ProgramRules.Default.Zone, BirthdayGreetingSettings.DefaultLocalHour);
        var harness = await LedgerHarness.StartAsync(storage: fixture.Storage);
        var customerId = await harness.RegisterAsync();
        var profiles = new CustomerProfiles(harness.Directory, harness.Ledger, new BirthdayIndex(fixture.Storage));
        await profiles.SetBirthdayAsync(customerId, Birthday.Parse($"{day.Day}.{day.Month}", day).Value, CancellationToken.None);

        var response = await host.InvokeTimerAsync("BirthdayGreetings");

        Assert.Equal(StatusResult.Types.Status.Success, response.Result.Status);
        var bonus = (await harness.Ledger.ReadEntriesAsync(customerId, 1, CancellationToken.None))[0];
        Assert.Equal((LedgerEntryKind.Bonus, ProgramRules.Default.BirthdayBonus, $"birthday/{day.Year}"), (bonus.Kind, bonus.Delta, bonus.Operation));
    }

    [Fact]
    public async Task TierReviewInvokedAsTheTimerWouldReviewTheCustomersFiledUnderTheReviewDue()
    {
        // The worker runs on the real clock: the review due is this month's, or last month's before the first's hour.
        var review = TierReviewCalendar.LatestAt(DateTimeOffset.UtcNow, ProgramRules.Default.Zone);
        var harness = await LedgerHarness.StartAsync(storage: fixture.Storage);
        var customerId = await harness.RegisterAsync();
        await harness.EarnAsync(customerId, 60_000m);
        var index = new TierReviewIndex(fixture.Storage);
        await index.AddAsync(review, customerId, CancellationToken.None);

        var response = await host.InvokeTimerAsync("TierReview");

        Assert.Equal(StatusResult.Types.Status.Success, response.Result.Status);
        var account = await harness.AccountAsync(customerId);
        Assert.Equal("Gold", account.Tier);
        Assert.DoesNotContain(customerId, await index.ReadMonthAsync(review, CancellationToken.None).ToListAsync());
        var next = account.TierReviewDue(ProgramRules.Default, TierReviewCalendar.At(review, ProgramRules.Default.Zone))!.Value;
        Assert.Contains(customerId, await index.ReadMonthAsync(next, CancellationToken.None).ToListAsync());
    }

    [Fact]
    public async Task HealthAnswersThroughTheWorkersHttpListenerPairedWithItsInvocation()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/health", UriKind.Relative));

        using var invocation = await host.SendHttpAsync("Health", request);

        Assert.Equal(HttpStatusCode.OK, invocation.Response.StatusCode);
        Assert.Equal(StatusResult.Types.Status.Success, invocation.Invocation.Result.Status);
        Assert.Equal(invocation.InvocationId, invocation.Invocation.InvocationId);
    }

    [Theory]
    [InlineData("ApiReference", "/api/reference", "text/html")]
    [InlineData("ApiReferenceAsset", "/api/reference/scalar.js", "text/javascript")]
    [InlineData("AdminApiDocument", "/api/openapi/admin.json", "application/json")]
    [InlineData("MerchantApiDocument", "/api/openapi/merchant.json", "application/json")]
    [InlineData("Dashboard", "/api/dashboard", "text/html")]
    [InlineData("DashboardAsset", "/api/dashboard/chart.js", "text/javascript")]
    public async Task TheApiReferenceAndDashboardPagesTheirScriptsAndBothDocumentsAnswerThroughTheWorker(string function, string path, string mediaType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.AcceptEncoding.ParseAdd("gzip");

        using var invocation = await host.SendHttpAsync(function, request);

        Assert.Equal(HttpStatusCode.OK, invocation.Response.StatusCode);
        Assert.Equal(mediaType, invocation.Response.Content.Headers.ContentType?.MediaType);
        Assert.True((await invocation.Response.Content.ReadAsByteArrayAsync()).Length > 0);
        Assert.Equal(StatusResult.Types.Status.Success, invocation.Invocation.Result.Status);
    }

    [Fact]
    public async Task ACustomersLedgerCsvStreamsThroughTheWorkerAsAnAttachmentWithEveryEntry()
    {
        var harness = await LedgerHarness.StartAsync(storage: fixture.Storage);
        var customerId = await harness.RegisterAsync();
        await harness.EarnAsync(customerId, 1_000m);
        await harness.EarnAsync(customerId, 2_000m);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/api/admin/customers/{customerId}/ledger.csv", UriKind.Relative));
        request.Headers.Add(AdminKey.HeaderName, AppProcess.AdminKey);

        using var invocation = await host.SendHttpAsync("AdminCustomerLedgerCsv", request);

        Assert.Equal(HttpStatusCode.OK, invocation.Response.StatusCode);
        Assert.Equal("text/csv", invocation.Response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", invocation.Response.Content.Headers.ContentDisposition?.DispositionType);
        var lines = (await invocation.Response.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("entryId,recordedAt,", lines[0], StringComparison.Ordinal);
        Assert.Equal(StatusResult.Types.Status.Success, invocation.Invocation.Result.Status);
    }

    [Fact]
    public async Task ASignedPurchaseToMerchantPurchasesIsAcceptedAndQueuedForTheAccrual()
    {
        var merchant = await new MerchantStore(fixture.Storage, TimeProvider.System).CreateAsync("Coffee House", CancellationToken.None);
        var purchase = MerchantClient.Purchase(MerchantClient.NewPhone());
        var body = JsonSerializer.SerializeToUtf8Bytes(purchase, JsonSerializerOptions.Web);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/merchants/{merchant.MerchantId}/purchases", UriKind.Relative))
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation(MerchantSignature.Header, MerchantSignature.Sign(merchant.Secret, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), body));

        using var invocation = await host.SendHttpAsync("MerchantPurchases", request);

        Assert.Equal(HttpStatusCode.Accepted, invocation.Response.StatusCode);
        Assert.Equal(StatusResult.Types.Status.Success, invocation.Invocation.Result.Status);
        var queued = (await fixture.Storage.Queue(QueueNames.Purchases).PeekMessagesAsync(32)).Value
            .Select(m => AccrualInbox.Read(m.Body.ToString()).Purchase);
        Assert.Contains(queued, p => p?.PurchaseId == (string)purchase["purchaseId"]!);
    }

    [Fact]
    public async Task ADashboardSessionOpensTheAdminFunctionsThroughTheWorkerAndOnlyWithTheDashboardsHeaderForChanges()
    {
        using var signInRequest = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/dashboard/session", UriKind.Relative))
        {
            Content = new FormUrlEncodedContent([new("key", AppProcess.AdminKey)]),
        };
        using var signIn = await host.SendHttpAsync("DashboardSession", signInRequest);
        Assert.Equal(HttpStatusCode.Redirect, signIn.Response.StatusCode);
        var cookie = Assert.Single(signIn.Response.Headers.GetValues("Set-Cookie")).Split(';')[0];

        async Task<HttpStatusCode> CampaignsAsync(HttpMethod method, bool withCookie, bool withDashboardHeader)
        {
            using var request = new HttpRequestMessage(method, new Uri("/api/admin/campaigns", UriKind.Relative))
            {
                Content = method == HttpMethod.Post ? new StringContent("{}", System.Text.Encoding.UTF8, "application/json") : null,
            };
            if (withCookie)
            {
                request.Headers.Add("Cookie", cookie);
            }

            if (withDashboardHeader)
            {
                request.Headers.Add(AdminSession.RequestHeader, "1");
            }

            using var invocation = await host.SendHttpAsync("AdminCampaigns", request);
            return invocation.Response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await CampaignsAsync(HttpMethod.Get, withCookie: true, withDashboardHeader: false));
        Assert.Equal(HttpStatusCode.Unauthorized, await CampaignsAsync(HttpMethod.Get, withCookie: false, withDashboardHeader: true));
        Assert.Equal(HttpStatusCode.Unauthorized, await CampaignsAsync(HttpMethod.Post, withCookie: true, withDashboardHeader: false));
        // Past the guard: the empty body is refused for what it is.
        Assert.Equal(HttpStatusCode.BadRequest, await CampaignsAsync(HttpMethod.Post, withCookie: true, withDashboardHeader: true));
    }

    /// <summary>"Name trigger route methods", "Name trigger queue" or "Name trigger schedule", from the trigger binding's JSON.</summary>
    private static string Describe(string name, JsonElement trigger)
    {
        var type = trigger.GetProperty("type").GetString();
        return type switch
        {
            "httpTrigger" => $"{name} {type} {trigger.GetProperty("route").GetString()} {string.Join(',', trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToLowerInvariant()))}",
            "queueTrigger" => $"{name} {type} {trigger.GetProperty("queueName").GetString()}",
            "timerTrigger" => $"{name} {type} {trigger.GetProperty("schedule").GetString()}",
            _ => $"{name} {type}",
        };
    }

    /// <summary>As the host's queue trigger: takes the message from the queue, invokes, and deletes it once the invocation succeeded.</summary>
    private async Task<InvocationResponse> InvokeAsTheQueueTriggerAsync(QueueMessage message)
    {
        var response = await host.InvokeQueueAsync("AccruePurchase", message.MessageText, message.DequeueCount, message.MessageId);
        if (response.Result.Status == StatusResult.Types.Status.Success)
        {
            await fixture.Storage.Queue(QueueNames.Purchases).DeleteMessageAsync(message.MessageId, message.PopReceipt);
        }

        return response;
    }

    /// <summary>
    /// A registered customer and a purchase of 1000 by their phone, sent to the real <c>purchases</c> queue as the
    /// merchant webhook sends it and received from there (nothing else reads this Azurite's queue).
    /// </summary>
    private async Task<(string CustomerId, QueueMessage Message)> QueuedPurchaseAsync(LedgerHarness harness, string currency = "RUB")
    {
        var phone = PhoneNumber.Parse(MerchantClient.NewPhone()).Value;
        var userId = Random.Shared.NextInt64(1, long.MaxValue / 2);
        var customer = await harness.Directory.RegisterAsync(new NewCustomer(userId, phone, "Boris", "ru", userId), ProgramRules.Default, CancellationToken.None);
        var purchase = new PurchaseMessage("m" + Guid.NewGuid().ToString("N")[..20], MerchantClient.NewId("p"), phone.E164, null, null, 1000m, currency,
            DateTimeOffset.UtcNow.AddMinutes(-5), [], 0);
        var queue = fixture.Storage.Queue(QueueNames.Purchases);
        var sent = await queue.SendMessageAsync(WireJson.Write(new AccrualMessage(Purchase: purchase)));
        var received = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1))).Value.Single(m => m.MessageId == sent.Value.MessageId);
        return (customer.Value.CustomerId, received);
    }

    private async Task<List<Notification>> NotificationsForAsync(string customerId) =>
        (await fixture.Storage.Queue(QueueNames.Notifications).PeekMessagesAsync(32)).Value
            .Select(m => Notifier.Read(m.Body.ToString())).Where(n => n.CustomerId == customerId).ToList();
}
