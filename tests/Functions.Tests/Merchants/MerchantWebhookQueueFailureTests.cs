using System.Net;
using LoyaltyBot.Functions.Accrual;
using LoyaltyBot.Functions.Merchants;
using LoyaltyBot.Functions.Storage;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyBot.Functions.Tests.Merchants;

/// <summary>
/// The webhook writes twice: it records the request's id, then queues the message. When storage fails between the two,
/// the merchant's retry of the same request queues it. The app's AccruePurchase is off, so the queue shows what was sent.
/// </summary>
public sealed class MerchantWebhookQueueFailureTests(HeldPurchasesApp app) : IClassFixture<HeldPurchasesApp>
{
    [Fact]
    public async Task APurchaseWhoseQueueingFailedAfterItsIdWasRecordedIsQueuedByTheMerchantsRetry()
    {
        var till = await MerchantClient.CreateAsync(app);
        var purchase = MerchantClient.Purchase(MerchantClient.NewPhone());
        var purchaseId = (string)purchase["purchaseId"]!;
        var queue = app.Storage.Queue(QueueNames.Purchases);
        // A real storage failure of the second write only: the queue is not there when the webhook sends to it.
        await queue.DeleteAsync();

        using (var failed = await till.PostAsync("purchases", purchase))
        {
            Assert.True((int)failed.StatusCode >= 500, $"The failed send answered {(int)failed.StatusCode}");
        }

        var recorded = await app.Services.GetRequiredService<RequestLog>().FindMessageAsync(till.MerchantId, RequestKinds.Purchase, purchaseId, default);
        await queue.CreateAsync();
        using var retried = await till.PostAsync("purchases", purchase);

        Assert.NotNull(recorded);
        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        var message = Assert.Single((await queue.PeekMessagesAsync(maxMessages: 32)).Value);
        var queued = AccrualInbox.Read(message.Body.ToString()).Purchase!;
        Assert.Equal((till.MerchantId, purchaseId), (queued.MerchantId, queued.PurchaseId));
    }
}
