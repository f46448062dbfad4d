using System.Diagnostics;
using System.Globalization;
using System.Net;
using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Functions.Bot;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Merchants;
using LoyaltyBot.Functions.Tests.Infrastructure;
using LoyaltyBot.Functions.Tests.Redemptions;
using Microsoft.Extensions.DependencyInjection;
using static LoyaltyBot.Functions.Telemetry.LoyaltyMetrics;

namespace LoyaltyBot.Functions.Tests.Telemetry;

/// <summary>
/// A scenario that carries every kind of personal data and secret the app handles (a phone, a card, a Telegram id, a
/// name, a redemption code, the bot token, the admin key, the webhook and merchant secrets) through the bot, the merchant
/// webhook, the admin API, the notification sender and storage: no attribute of any span or metric recorded meanwhile holds one.
/// </summary>
[Collection(TelemetryRunsAlone.Name)]
public sealed class NoSecretInTelemetryTests(TelemetryApp app) : IClassFixture<TelemetryApp>
{
    [Fact]
    public async Task NoSpanOrMetricAttributeHoldsPersonalDataOrASecret()
    {
        using var metrics = new MetricRecorder();
        var spansBefore = app.Spans.Ended.Count;
        var user = new TelegramUser(Random.Shared.NextInt64(1_000_000_000, 9_000_000_000), "Zinaida", "en", "Quartermaine");
        var phone = MerchantClient.NewPhone();
        var otherPhone = MerchantClient.NewPhone();
        var till = await MerchantClient.CreateAsync(app);

        // The bot: /start and a shared contact, answered through the Bot API (the token is in its URLs).
        await app.SendAsync(user.Text("/start"));
        await app.SendAsync(user.Text("/phone"));
        await app.SendAsync(user.Contact(phone.TrimStart('+')));
        var customerId = await app.Services.GetRequiredService<CustomerDirectory>().FindAsync(LookupKey.Telegram(user.Id), default);
        Assert.NotNull(customerId);
        var card = (await app.Services.GetRequiredService<LedgerStore>().GetAccountAsync(customerId, default))!.Profile.CardNumber;

        // The merchant webhook: purchases by phone, card and Telegram id, accrued and notified to the customer's chat.
        foreach (var body in new[]
        {
            MerchantClient.Purchase(otherPhone),
            WithCustomer(MerchantClient.Purchase(phone), "cardNumber", card),
            WithCustomer(MerchantClient.Purchase(phone), "telegramUserId", user.Id),
        })
        {
            using var response = await till.PostAsync("purchases", body);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        await FunctionsHarness.EventuallyAsync(() => Task.FromResult(metrics.Sum("loyalty.accruals", (MerchantIdTag, till.MerchantId)) == 3), "the three purchases accrued");
        await metrics.WaitForAsync("loyalty.notifications.sent");

        // The admin API, finding the customer by each key in the query string.
        using (var admin = app.AdminClient())
        {
            foreach (var query in new[] { $"phone={Uri.EscapeDataString(phone)}", $"card={card}", $"telegramUserId={user.Id}" })
            {
                using var found = await admin.GetAsync(new Uri($"/api/admin/customers?{query}", UriKind.Relative));
                Assert.Equal(HttpStatusCode.OK, found.StatusCode);
            }
        }

        // A redemption code, posted by a till.
        var redemption = await RedemptionScenario.StartAsync(app, 500);
        using (var redeemed = await redemption.Till.PostAsync("redemptions", redemption.Body(points: 100)))
        {
            Assert.Equal(HttpStatusCode.OK, redeemed.StatusCode);
        }

        var spans = app.Spans.Ended.Skip(spansBefore).ToList();
        var botApiCalls = spans.Where(s => s.Kind == ActivityKind.Client && Attribute(s, "url.full")?.StartsWith(app.Telegram.BaseUrl.ToString().TrimEnd('/'), StringComparison.Ordinal) == true).ToList();
        Assert.Contains(botApiCalls, s => Attribute(s, "url.full")!.EndsWith("/*/sendMessage", StringComparison.Ordinal));
        Assert.Contains(spans, s => s.Kind == ActivityKind.Client && Attribute(s, "url.full")?.Contains("/Lookup(*)", StringComparison.Ordinal) == true);
        Assert.Contains(spans, s => s.Kind == ActivityKind.Server && Attribute(s, "http.route") == "/api/admin/customers");

        string[] secrets =
        [
            phone, phone.TrimStart('+'), otherPhone.TrimStart('+'), card, user.Id.ToString(CultureInfo.InvariantCulture), "Zinaida", "Quartermaine",
            redemption.Code, app.Telegram.Token, app.Telegram.Token.Split(':')[1], app.AdminApiKey, app.WebhookSecretToken, till.Merchant.Secret,
        ];
        var spanTexts = spans.SelectMany(Texts).ToList();
        var metricTexts = metrics.All.SelectMany(m => m.Tags.Select(t => $"{m.Instrument} {t.Key}={t.Value}")).ToList();
        Assert.NotEmpty(metricTexts);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(spanTexts, text => text.Contains(secret, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(metricTexts, text => text.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }

        // Customer ids are not personal, but one per customer would make a series each.
        Assert.DoesNotContain(metricTexts, text => text.Contains(customerId, StringComparison.OrdinalIgnoreCase));
    }

    private static Dictionary<string, object?> WithCustomer(Dictionary<string, object?> purchase, string field, object value)
    {
        purchase.Remove("phone");
        purchase[field] = value;
        return purchase;
    }

    private static string? Attribute(Activity span, string name) => span.GetTagItem(name)?.ToString();

    /// <summary>Everything of a span an exporter sends: its names, status, attributes, events and links.</summary>
    private static IEnumerable<string> Texts(Activity span) =>
        new[] { span.DisplayName, span.OperationName, span.StatusDescription ?? "" }
            .Concat(span.TagObjects.Select(t => $"{t.Key}={t.Value}"))
            .Concat(span.Events.SelectMany(e => e.Tags.Select(t => $"{e.Name} {t.Key}={t.Value}").Append(e.Name)))
            .Concat(span.Links.SelectMany(l => l.Tags?.Select(t => $"{t.Key}={t.Value}") ?? []))
            .Concat(span.Baggage.Select(b => $"{b.Key}={b.Value}"));
}
