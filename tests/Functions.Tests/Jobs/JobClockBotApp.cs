using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LoyaltyBot.Functions.Tests.Jobs;

/// <summary>The bot whose job <typeparamref name="TRun"/> runs on a clock of its own, starting at <paramref name="start"/>; the rest keeps real time.</summary>
public abstract class JobClockBotApp<TRun>(DateTimeOffset start) : BotApp
    where TRun : class
{
    public FakeTimeProvider JobClock { get; } = new(start);

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<TRun>(sp, (TimeProvider)JobClock));
}
