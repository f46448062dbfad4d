using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Functions.Bot;
using LoyaltyBot.Functions.Hosting;
using LoyaltyBot.Functions.Merchants;
using LoyaltyBot.Functions.Tests.Bot;
using LoyaltyBot.Functions.Tests.Infrastructure;
using LoyaltyBot.Functions.Tests.Notifications;
using LoyaltyBot.Functions.Tests.Redemptions;
using LoyaltyBot.TelegramDouble;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static LoyaltyBot.Functions.Tests.Admin.AdminHttp;

namespace LoyaltyBot.Functions.Tests.App;

/// <summary>The secrets an app under test holds, each a long random value, so that finding one anywhere can only be a leak.</summary>
public sealed record AppSecrets(string BotToken, string WebhookSecret, string AdminKey)
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

    public static AppSecrets New() => new($"{BotApiDouble.BotId}:{Random(46)}", Random(64), Random(64));

    public static string Random(int length) => RandomNumberGenerator.GetString(Alphabet, length);
}

/// <summary>
/// The bot by webhook, with random secrets and every log line, at every level, captured (the Azure SDK's events included).
/// </summary>
public class WebhookBotAppWithCapturedLogs : BotApp
{
    private IDisposable? azureEvents;

    public AppSecrets Secrets { get; } = AppSecrets.New();

    public LogCapture Logs { get; } = new();

    public override string AdminApiKey => Secrets.AdminKey;

    public override string WebhookSecretToken => Secrets.WebhookSecret;

    protected override string BotToken => Secrets.BotToken;

    protected override Task BeforeStartAsync()
    {
        azureEvents = Logs.ListenToAzureSdk();
        return base.BeforeStartAsync();
    }

    protected override void ConfigureServices(IServiceCollection services) => Logs.AddTo(services, everyLevel: true);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        azureEvents?.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The same bot by long polling: no webhook URL, though the webhook secret stays set and must stay out of the logs too.</summary>
public class PollingBotAppWithCapturedLogs : WebhookBotAppWithCapturedLogs
{
    protected override void Configure(IDictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        base.Configure(settings);
        settings[BotSettings.WebhookUrlSetting] = "";
    }
}

/// <summary>The same, with the Bot API server's address one where nothing listens: every Bot API call fails to connect.</summary>
public sealed class UnreachableTelegramAppWithCapturedLogs : PollingBotAppWithCapturedLogs
{
    protected override void Configure(IDictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        base.Configure(settings);
        settings[BotSettings.ApiBaseUrlSetting] = $"http://127.0.0.1:{FreePort.Next()}/";
    }

    /// <summary>Nothing reaches the double: there is no start-up call to wait for.</summary>
    protected override Task AfterStartAsync() => Task.CompletedTask;
}

public sealed class NoSecretInLogsWhenTelegramIsUnreachableTests(UnreachableTelegramAppWithCapturedLogs app) : IClassFixture<UnreachableTelegramAppWithCapturedLogs>
{
    [Fact]
    public async Task AFailedConnectionToTheBotApiIsLoggedWithItsExceptionAndWithoutTheToken()
    {
        CapturedLine? failure = null;
        await FunctionsHarness.EventuallyAsync(
            () => Task.FromResult((failure = app.Logs.Lines.FirstOrDefault(l => l.Message.StartsWith("Long polling failed", StringComparison.Ordinal))) is not null),
            "long polling fails");

        Assert.Contains("HttpRequestException", failure!.Text, StringComparison.Ordinal);
        var leak = app.Logs.Lines.FirstOrDefault(l => l.Text.Contains(app.Secrets.BotToken, StringComparison.Ordinal));
        Assert.True(leak is null, $"The bot token is in the log: {leak}");
    }
}

public sealed class NoSecretInLogsByWebhookTests(WebhookBotAppWithCapturedLogs app)
    : NoSecretInLogsTests<WebhookBotAppWithCapturedLogs>(app), IClassFixture<WebhookBotAppWithCapturedLogs>
{
    /// <summary>Posts the update as Telegram does: again after a 500, until it is handled.</summary>
    protected override async Task DeliverAsync(JsonObject update)
    {
        for (var attempt = 1; ; attempt++)
        {
            var response = await App.PostUpdateAsync(update);
            var status = response.StatusCode;
            var body = await KeepAsync(response);
            if (status == HttpStatusCode.OK)
            {
                return;
            }

            Assert.True(status == HttpStatusCode.InternalServerError && attempt < 3, $"The webhook answered {(int)status}: {body}");
        }
    }
}

public sealed class NoSecretInLogsByPollingTests(PollingBotAppWithCapturedLogs app)
    : NoSecretInLogsTests<PollingBotAppWithCapturedLogs>(app), IClassFixture<PollingBotAppWithCapturedLogs>
{
    protected override Task DeliverAsync(JsonObject update)
    {
        App.Telegram.QueueUpdate(update);
        return Task.CompletedTask;
    }
}

/// <summary>
/// Every feature once (the bot's commands, the merchant API, the admin API, notifications, refusals), then a search of
/// every log line at every level and of every answer the app gave for each of its secrets.
/// </summary>
public abstract class NoSecretInLogsTests<TApp>(TApp app)
    where TApp : WebhookBotAppWithCapturedLogs
{
    private readonly List<string> answers = [];
    private readonly List<string> merchantSecrets = [];

    protected TApp App => app;

    [Fact]
    public async Task EveryFeatureUsedOnceLeavesNoSecretInAnyLogLineNorInAnyAnswer()
    {
        // A reply and a notification fail once, so that the exceptions logged and the webhook's 500 are searched too.
        Func<BotApiCall, BotApiFailure?>[] failures =
        [
            FailOnce(c => c.Method == "sendMessage" && c.Text?.StartsWith("🎁", StringComparison.Ordinal) == true),
            FailOnce(c => c.Method == "sendMessage" && c.Text?.Contains("for your purchase at Corner Coffee", StringComparison.Ordinal) == true),
        ];
        App.Telegram.FailWith = call => failures.Select(fail => fail(call)).FirstOrDefault(failure => failure is not null);
        var user = TelegramUser.NewRandom("Anna", "en");
        var phone = MerchantClient.NewPhone();

        await UseTheBotAsync(user, phone);
        await UseTheMerchantApiAndItsNotificationsAsync(user, phone);
        await UseTheAdminApiAsync(phone);
        await RefuseTheWrongSecretsAsync(user);
        await AnswerAsync(await App.Client.GetAsync(Path("/api/health")), HttpStatusCode.OK);
        var customerId = (await App.AccountAsync(user)).CustomerId;
        var question = await AskAsync(user, user.Text("/deletedata"), "Erase your personal data?");
        await AskAsync(user, user.Callback(question.Buttons()[0]["callback_data"]!.GetValue<string>()), "Done: your personal data has been erased.");

        Assert.Equal(2, merchantSecrets.Count);
        var lines = App.Logs.Lines;
        foreach (var (name, secret) in Secrets())
        {
            var line = lines.FirstOrDefault(l => l.Text.Contains(secret, StringComparison.Ordinal));
            Assert.True(line is null, $"The {name} is in the log: {line}");
            var answer = answers.FirstOrDefault(a => a.Contains(secret, StringComparison.Ordinal));
            Assert.True(answer is null, $"The {name} is in an answer: {answer}");
        }

        Assert.Contains(lines, l => l.Message.StartsWith("Function AccruePurchase succeeded", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Message == $"Customer {customerId} set their birthday");
        Assert.Contains(lines, l => l.Message.EndsWith("failed; it will be tried again", StringComparison.Ordinal) && l.Text.Contains("Telegram Bot API error 502: Bad Gateway", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Message.StartsWith("Function SendNotification failed", StringComparison.Ordinal) && l.Text.Contains("Telegram Bot API error 502: Bad Gateway", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) && l.Level <= LogLevel.Debug);
        Assert.Contains(lines, l => l.Category == "Azure-Core");
    }

    /// <summary>Sends an update the way this app takes them.</summary>
    protected abstract Task DeliverAsync(JsonObject update);

    private async Task UseTheBotAsync(TelegramUser user, string phone)
    {
        await AskAsync(user, user.Text("/start"), "Hello, Anna!");
        await AskAsync(user, user.Contact(phone), $"Done: {phone} is now bound to your card.");
        await AskAsync(user, user.Text("/birthday"), "Send me your birthday");
        await AskAsync(user, user.Text("31/12/1990"), "Saved: 31 December 1990.");
        await AskAsync(user, user.Text("/balance"), "💰");
        await AskAsync(user, user.Text("/card"), "💳 Your card", "sendPhoto");
        await AskAsync(user, user.Text("/history"), "📜");
        await AskAsync(user, user.Text("/offers"), "🎁");
        await AskAsync(user, user.Text("/invite"), "👥");
        var languages = await AskAsync(user, user.Text("/language"), "Choose your language:");
        await AskAsync(user, user.Callback(languages.ButtonData("English")), "Done: I speak English now.");
        await AskAsync(user, user.Text("/help"), "/language");
    }

    private async Task UseTheMerchantApiAndItsNotificationsAsync(TelegramUser user, string phone)
    {
        using var admin = App.AdminClient();
        var created = await IssuedSecretAsync(await admin.PostAsync(Path("/api/admin/merchants"), Json("{\"name\": \"Corner Coffee\"}")), HttpStatusCode.Created);
        var merchantId = created.GetProperty("merchantId").GetString()!;
        await IssuedSecretAsync(await admin.PostAsync(Path($"/api/admin/merchants/{merchantId}/secret"), null), HttpStatusCode.OK);
        var till = new MerchantClient(App.Client, (await App.Services.GetRequiredService<MerchantStore>().FindAsync(merchantId, default))!);

        var purchase = MerchantClient.Purchase(phone, 1000m);
        await AnswerAsync(await till.PostAsync("purchases", purchase), HttpStatusCode.Accepted);
        await App.Telegram.WaitForAsync(c => c.Method == "sendMessage" && c.ChatId == user.Id && c.Text!.Contains("for your purchase at Corner Coffee", StringComparison.Ordinal));
        await AnswerAsync(await till.PostAsync("purchases", MerchantClient.Purchase(phone), signature: $"t={DateTimeOffset.UtcNow.ToUnixTimeSeconds()},v1={new string('0', 64)}"),
            HttpStatusCode.Unauthorized);

        var purchases = await AskAsync(user, user.Text("/feedback"), "Which purchase");
        var rating = await AskAsync(user, user.Callback(purchases.InlineButtons()[0].Data), "How was your purchase at Corner Coffee");
        await AskAsync(user, user.Callback(rating.InlineButtons()[3].Data), "Thank you for the 4 ⭐!");
        await AskAsync(user, user.Text("Lovely coffee"), "Thank you for your review!");

        var pay = await AskAsync(user, user.Text("/pay"), "<code>");
        var redemption = RedemptionScenario.Body(SecretPatterns.PayCode().Match(pay.Text!).Groups["code"].Value, points: 10);
        await AnswerAsync(await till.PostAsync("redemptions", redemption), HttpStatusCode.OK);
        await AnswerAsync(await till.SendAsync(HttpMethod.Delete, $"redemptions/{redemption["redemptionId"]}", null), HttpStatusCode.OK);

        await AnswerAsync(await till.PostAsync("refunds", new { refundId = MerchantClient.NewId("r"), purchaseId = purchase["purchaseId"], amount = 500m }), HttpStatusCode.Accepted);
        var customerId = (await App.AccountAsync(user)).CustomerId;
        await FunctionsHarness.EventuallyAsync(async () => (await App.LedgerAsync(customerId)).Any(e => e.Kind == LedgerEntryKind.Refund), "the refund is applied");
        await BotScenario.WhenQueueIsEmptyAsync(App);
    }

    private async Task UseTheAdminApiAsync(string phone)
    {
        using var admin = App.AdminClient();
        var program = await AnswerAsync(await admin.GetAsync(Path("/api/admin/program")), HttpStatusCode.OK);
        await AnswerAsync(await admin.PutAsync(Path("/api/admin/program"), Json(program)), HttpStatusCode.OK);
        await AnswerAsync(await admin.GetAsync(Path($"/api/admin/customers?phone={Uri.EscapeDataString(phone)}")), HttpStatusCode.OK);
        await AnswerAsync(await admin.PostAsync(Path($"/admin/functions/ExpirePoints"), Json("{\"input\": \"\"}")), HttpStatusCode.Accepted);
    }

    private async Task RefuseTheWrongSecretsAsync(TelegramUser user)
    {
        using var wrongKey = new HttpRequestMessage(HttpMethod.Get, Path("/api/admin/program"));
        wrongKey.Headers.Add(AdminKey.HeaderName, AppSecrets.Random(64));
        await AnswerAsync(await App.Client.SendAsync(wrongKey), HttpStatusCode.Unauthorized);
        await AnswerAsync(await App.PostUpdateAsync(user.Text("/balance"), AppSecrets.Random(64)), HttpStatusCode.Forbidden);
    }

    /// <summary>Sends the update and waits for the bot's answer to this user that contains <paramref name="text"/>.</summary>
    private async Task<BotApiCall> AskAsync(TelegramUser user, JsonObject update, string text, string method = "sendMessage")
    {
        var before = App.Telegram.Calls.Count;
        await DeliverAsync(update);
        BotApiCall? answer = null;
        await FunctionsHarness.EventuallyAsync(
            () => Task.FromResult((answer = App.Telegram.Calls.Skip(before)
                .FirstOrDefault(c => c.Method == method && c.ChatId == user.Id && c.Text?.Contains(text, StringComparison.Ordinal) == true)) is not null),
            $"the bot answers {user.Id} with {text}");
        return answer!;
    }

    /// <summary>Keeps the answer (status, headers and body) to be searched later, and fails unless its status is <paramref name="expected"/>.</summary>
    private async Task<string> AnswerAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var status = response.StatusCode;
        var body = await KeepAsync(response);
        Assert.True(status == expected, $"Expected {(int)expected}, got {(int)status}: {body}");
        return body;
    }

    /// <summary>Keeps the answer (status, headers and body) to be searched later; its body.</summary>
    protected async Task<string> KeepAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            answers.Add($"{(int)response.StatusCode}\n{response.Headers}{response.Content.Headers}\n{body}");
            return body;
        }
    }

    /// <summary>An answer that shows a merchant's secret, as only these may: the secret is searched for everywhere else.</summary>
    private async Task<JsonElement> IssuedSecretAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        using (response)
        {
            var answer = await JsonAsync(response, expected);
            merchantSecrets.Add(answer.GetProperty("secret").GetString()!);
            return answer;
        }
    }

    private IEnumerable<(string Name, string Value)> Secrets()
    {
        yield return ("bot token", App.Secrets.BotToken);
        yield return ("webhook secret", App.Secrets.WebhookSecret);
        yield return ("admin key", App.Secrets.AdminKey);
        yield return ("storage account key", SecretPatterns.AccountKey().Match(App.ConnectionString).Groups["key"].Value);
        foreach (var secret in merchantSecrets)
        {
            yield return ("merchant secret", secret);
        }
    }

    /// <summary>Fails the first call that matches with a 502, as Telegram does when it is briefly unavailable.</summary>
    private static Func<BotApiCall, BotApiFailure?> FailOnce(Func<BotApiCall, bool> match)
    {
        var failed = 0;
        return call => match(call) && Interlocked.Exchange(ref failed, 1) == 0 ? new BotApiFailure(502, "Bad Gateway") : null;
    }
}

internal static partial class SecretPatterns
{
    /// <summary>The code in the bot's answer to <c>/pay</c>.</summary>
    [GeneratedRegex("<code>(?<code>\\d{6})</code>")]
    public static partial Regex PayCode();

    [GeneratedRegex("AccountKey=(?<key>[^;]+)")]
    public static partial Regex AccountKey();
}
