using System.Diagnostics;
using LoyaltyBot.Functions.Telemetry;

namespace LoyaltyBot.Functions.Tests.Telemetry;

/// <summary>What is left of a URL in a span: the Bot API's token, storage keys and query strings never are.</summary>
public sealed class UrlRedactionTests
{
    [Theory]
    [InlineData("https://api.telegram.org/bot7000000001:AAH-secret_token/sendMessage", "https://api.telegram.org/*/sendMessage")]
    [InlineData("http://127.0.0.1:10002/devstoreaccount1/Lookup(PartitionKey='phone-%2B79161234567',RowKey='-')", "http://127.0.0.1:10002/*/Lookup(*)")]
    [InlineData("https://acct.table.core.windows.net/Customers(PartitionKey='c123',RowKey='account')?$select=x", "https://acct.table.core.windows.net/Customers(*)")]
    [InlineData("https://acct.table.core.windows.net/Lookup()?$filter=PartitionKey%20eq%20'card-1234'", "https://acct.table.core.windows.net/Lookup(*)")]
    [InlineData("https://acct.queue.core.windows.net/purchases/messages/0f8fad5b-d9cb?popreceipt=AgAAAA", "https://acct.queue.core.windows.net/purchases/messages/*")]
    [InlineData("not a url", "*")]
    public void AFullUrlKeepsItsHostAndThePlainWordsOfItsPath(string url, string redacted) =>
        Assert.Equal(redacted, UrlRedactingProcessor.RedactUrl(url));

    [Fact]
    public void ASpanEndsWithItsUrlPathRedactedAndItsQueryDropped()
    {
        using var span = new Activity("GET").SetTag("url.full", "https://api.telegram.org/bot1:secret/getUpdates?offset=5")
            .SetTag("url.path", "/api/merchants/m-42/purchases").SetTag("url.query", "phone=%2B79161234567").SetTag("http.route", "/api/merchants/{merchantId}/purchases");

        new UrlRedactingProcessor().OnEnd(span);

        Assert.Equal("https://api.telegram.org/*/getUpdates", span.GetTagItem("url.full"));
        Assert.Equal("/api/merchants/*/purchases", span.GetTagItem("url.path"));
        Assert.Null(span.GetTagItem("url.query"));
        Assert.Equal("/api/merchants/{merchantId}/purchases", span.GetTagItem("http.route"));
    }
}
