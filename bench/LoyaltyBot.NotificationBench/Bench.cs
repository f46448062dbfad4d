using System.Diagnostics;
using System.Globalization;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Hosting;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Merchants;
using LoyaltyBot.Functions.Notifications;
using LoyaltyBot.Functions.Outbox;
using LoyaltyBot.Functions.Storage;
using LoyaltyBot.Functions.Tests.Infrastructure;
using LoyaltyBot.TelegramDouble;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LoyaltyBot.NotificationBench;

/// <summary>
/// The notifications benchmark: N notifications queued for customers with chats, sent by the app's real
/// SendNotification path (queue listener, handler, limiter, Telegram.Bot client) to a Bot API double that answers 429
/// above 30 sends a second. A measurement, not a test: it prints its figures against the targets and exits 0 when the
/// run completed, met or not.
/// </summary>
internal static class Bench
{
    private const int TelegramLimit = 30;

    public static async Task<int> Main(string[] args)
    {
        var notifications = IntOption(args, "--notifications", 1000);
        var chats = IntOption(args, "--chats", 250);
        Console.WriteLine($"Notifications benchmark: {notifications} notifications to {chats} chats; the Bot API double answers 429 above {TelegramLimit} sends/s.");

        await using var azurite = await Azurite.StartAsync();
        await using var telegram = await BotApiDouble.StartAsync();
        await using var app = new BenchApp(azurite.ConnectionString, telegram);
        (await app.CreateClient().GetAsync(new Uri("/", UriKind.Relative))).EnsureSuccessStatusCode();
        var services = app.Services;

        // Customers with chats, half in Russian and half in English, and a merchant for the points-earned messages.
        var rules = ProgramRules.Default;
        var merchant = await services.GetRequiredService<MerchantStore>().CreateAsync("Кофейня на углу", default);
        var directory = services.GetRequiredService<CustomerDirectory>();
        var customers = new (string CustomerId, long ChatId)[chats];
        await Parallel.ForAsync(0, chats, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var userId = 5_000_000_000 + i;
            var registered = await directory.RegisterAsync(new NewCustomer(userId, null, $"Bench {i}", i % 2 == 0 ? "ru" : "en", userId), rules, ct);
            customers[i] = (registered.Value.CustomerId, userId);
        });

        // Every notification is its own message; the same chat's come in a shuffled order, sometimes one after another.
        var queued = Enumerable.Range(0, notifications).Select(i => Make(i, i / chats, customers[i % chats].CustomerId, merchant.MerchantId)).ToArray();
        new Random(5).Shuffle(queued);
        var notifier = services.GetRequiredService<Notifier>();
        var queue = services.GetRequiredService<StorageAccount>().Queue(QueueNames.Notifications);
        await Parallel.ForEachAsync(queued, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (n, ct) => await notifier.EnqueueAsync(n, ct));
        Console.WriteLine($"{chats} customers registered and {queued.Length} notifications queued; sending...");

        telegram.Clear();
        telegram.SendsPerSecondLimit = TelegramLimit;
        using var listener = new QueueListener(services.GetRequiredService<FunctionCatalog>()["SendNotification"], services.GetRequiredService<FunctionInvoker>(),
            services.GetRequiredService<StorageAccount>(), services.GetRequiredService<IOptions<QueueListenerOptions>>(), TimeProvider.System,
            services.GetRequiredService<ILogger<QueueListener>>());
        var clock = Stopwatch.StartNew();
        await listener.StartAsync(CancellationToken.None);
        var deadline = TimeSpan.FromSeconds(notifications / (double)TelegramLimit * 3 + 60);
        while ((await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount > 0 && clock.Elapsed < deadline)
        {
            await Task.Delay(250);
        }

        var drained = clock.Elapsed;
        await listener.StopAsync(CancellationToken.None);
        var poisoned = (await services.GetRequiredService<StorageAccount>().Queue(QueueNames.Notifications + StorageAccount.PoisonSuffix).GetPropertiesAsync()).Value.ApproximateMessagesCount;

        Report(telegram.Calls, notifications, chats, drained, poisoned);
        return 0;
    }

    private static Notification Make(int i, int round, string customerId, string merchantId) => (round % 4) switch
    {
        0 => new Notification($"bench-earn-{i}", customerId, NotificationKind.PointsEarned, 10 + i, 100 + i, Date: DateTimeOffset.UtcNow.AddMinutes(-5),
            MerchantId: merchantId, PurchaseId: $"p-{i}"),
        1 => new Notification($"bench-expiring-{i}", customerId, NotificationKind.PointsExpiring, 10 + i, Date: DateTimeOffset.UtcNow.AddDays(7)),
        2 => new Notification($"bench-referral-{i}", customerId, NotificationKind.ReferralReward, 10 + i, 200 + i),
        _ => new Notification($"bench-news-{i}", customerId, NotificationKind.Broadcast, Text: $"Новости №{i}: всю неделю двойные баллы."),
    };

    private static void Report(IReadOnlyList<BotApiCall> calls, int notifications, int chats, TimeSpan drained, int poisoned)
    {
        var sent = calls.Where(c => c.Method == "sendMessage").OrderBy(c => c.At).ToList();
        var tooMany = calls.Count(c => c.Method == "sendMessage!429");
        var unique = sent.Select(c => (c.ChatId, c.Text)).Distinct().Count();
        var span = sent.Count > 1 ? sent[^1].At - sent[0].At : TimeSpan.Zero;
        var rate = span > TimeSpan.Zero ? (sent.Count - 1) / span.TotalSeconds : 0;
        var gaps = sent.GroupBy(c => c.ChatId).SelectMany(chat => chat.Zip(chat.Skip(1), (a, b) => b.At - a.At)).ToList();
        var minGap = gaps.Count > 0 ? gaps.Min() : (TimeSpan?)null;
        var busiest = sent.Count == 0 ? 0 : sent.Max(c => sent.Count(o => o.At > c.At - TimeSpan.FromSeconds(1) && o.At <= c.At));

        static string Mark(bool met) => met ? "met" : "NOT MET";
        var rows = new (string What, string Figure, string Target)[]
        {
            ("delivered (unique)", $"{unique} of {notifications}", $"all: {Mark(unique == notifications)}"),
            ("sent twice", $"{sent.Count - unique}", $"none: {Mark(sent.Count == unique)}"),
            ("send rate", F($"{rate:F1}/s = {rate / TelegramLimit:P0} of {TelegramLimit}/s"), $"within 10%: {Mark(Math.Abs(rate - TelegramLimit) <= TelegramLimit * 0.1)}"),
            ("429 answers", $"{tooMany}", "(waited out)"),
            minGap is { } least
                ? ("per-chat gap, least", F($"{least.TotalSeconds:F3} s"), $">= 1 s: {Mark(least >= TimeSpan.FromSeconds(1))}")
                : ("per-chat gap, least", "none (one message a chat)", ""),
            ("busiest second", $"{busiest} sends", $"<= {TelegramLimit}"),
            ("first to last send", F($"{span.TotalSeconds:F1} s"), ""),
            ("queue drained after", F($"{drained.TotalSeconds:F1} s"), ""),
            ("poisoned", $"{poisoned}", "none"),
        };
        Console.WriteLine();
        foreach (var (what, figure, target) in rows)
        {
            Console.WriteLine($"{what,-22}{figure,-30}{target}");
        }

        Console.WriteLine($"({chats} chats, {notifications / (double)chats:F0} notifications each; rate = sends after the first / time from first to last send)");
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static int IntOption(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
    }
}
