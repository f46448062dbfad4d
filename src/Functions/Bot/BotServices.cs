using LoyaltyBot.Functions.Bot.Balance;
using LoyaltyBot.Functions.Bot.Birthday;
using LoyaltyBot.Functions.Bot.Boost;
using LoyaltyBot.Functions.Bot.Card;
using LoyaltyBot.Functions.Bot.DeleteData;
using LoyaltyBot.Functions.Bot.Feedback;
using LoyaltyBot.Functions.Bot.History;
using LoyaltyBot.Functions.Bot.Invite;
using LoyaltyBot.Functions.Bot.Language;
using LoyaltyBot.Functions.Bot.Offers;
using LoyaltyBot.Functions.Bot.Pay;
using LoyaltyBot.Functions.Bot.Phone;
using LoyaltyBot.Functions.Bot.Start;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Hosting;
using Telegram.Bot;

namespace LoyaltyBot.Functions.Bot;

public static partial class BotServices
{
    /// <summary>The Telegram bot: its client, the update pipeline, its commands, and how updates arrive (webhook or polling).</summary>
    public static IHostApplicationBuilder AddBot(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = BotSettings.From(builder.Configuration);
        var services = builder.Services;
        services.AddSingleton(settings);
        // The token is part of every Bot API URL, so the factory's per-request log lines would carry it.
        services.AddHttpClient(nameof(BotClient)).RemoveAllLoggers();
        services.AddSingleton(sp => BotClient.Create(settings, sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(BotClient)),
            sp.GetRequiredService<ILogger<TextFittingBotClient>>()));
        services.AddSingleton<CallbackData>();
        services.AddSingleton<StarButtons>();
        services.AddSingleton<UpdateLog>();
        services.AddSingleton<PendingInputs>();
        services.AddSingleton<IPersonalData>(provider => provider.GetRequiredService<PendingInputs>());
        services.AddSingleton<MainMenu>();
        services.AddSingleton<UpdateRouter>();
        services.AddSingleton<UpdateHandler>();
        services.AddSingleton<BotSetup>();
        services.AddSingleton<BotIdentity>();

        // The order here is the order of the command menu and of the keyboard's buttons.
        services.AddBotFeature<StartCommand>();
        services.AddBotFeature<BalanceCommand>();
        services.AddBotFeature<CardCommand>();
        services.AddBotFeature<HistoryCommand>();
        services.AddBotFeature<OffersCommand>();
        services.AddBotFeature<InviteCommand>();
        services.AddBotFeature<PayCommand>();
        services.AddBotFeature<LanguageCommand>();
        services.AddBotFeature<HelpCommand>();
        services.AddBotFeature<PhoneCommand>();
        services.AddBotFeature<BirthdayCommand>();
        services.AddBotFeature<FeedbackCommand>();
        services.AddBotFeature<DeleteDataCommand>();
        services.AddBotFeature<BoostCommand>();

        if (settings.IsConfigured && settings.WebhookUrl is not null)
        {
            services.AddHostedService<WebhookRegistration>();
        }
        else if (settings.IsConfigured && !HostingMode.IsWorker(builder.Configuration))
        {
            services.AddHostedService<LongPolling>();
        }

        return builder;
    }


    /// <summary>Registers a feature once, as each of command, button handler and free-text input that it is.</summary>
    public static IServiceCollection AddBotFeature<TFeature>(this IServiceCollection services)
        where TFeature : class
    {
        services.AddSingleton<TFeature>();
        if (typeof(IBotCommand).IsAssignableFrom(typeof(TFeature)))
        {
            services.AddSingleton(sp => (IBotCommand)sp.GetRequiredService<TFeature>());
        }

        if (typeof(IBotCallback).IsAssignableFrom(typeof(TFeature)))
        {
            services.AddSingleton(sp => (IBotCallback)sp.GetRequiredService<TFeature>());
        }

        if (typeof(IBotInput).IsAssignableFrom(typeof(TFeature)))
        {
            services.AddSingleton(sp => (IBotInput)sp.GetRequiredService<TFeature>());
        }

        return services;
    }

    /// <summary>With a public URL set, registers the webhook at start-up, without holding the app's readiness back.</summary>
    private sealed partial class WebhookRegistration(BotSetup setup, BotSettings settings, ILogger<WebhookRegistration> logger) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            try
            {
                await setup.SetWebhookAsync(settings.WebhookUrl!, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);
            }
        }

        [LoggerMessage(Level = LogLevel.Error, Message = "Registering the bot's webhook failed; register it with POST /api/admin/telegram/setup")]
        private static partial void LogFailed(ILogger logger, Exception exception);
    }
}
