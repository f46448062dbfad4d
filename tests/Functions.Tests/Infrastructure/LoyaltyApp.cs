using System.Net.Http.Json;
using LoyaltyBot.Functions.Hosting;
using LoyaltyBot.Functions.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyBot.Functions.Tests.Infrastructure;

/// <summary>
/// The real app (its own Program, every feature) in-process, standalone, on an Azurite of its own: its queue listeners
/// and timers then see only this app's messages. Share one per test class (<c>IClassFixture&lt;LoyaltyApp&gt;</c>);
/// <see cref="Configure"/> lets a derived fixture change settings or services (a fake clock, faster queues).
/// </summary>
public class LoyaltyApp : IAsyncLifetime, IAsyncDisposable
{
    private Azurite? azurite;
    private Factory? factory;

    public HttpClient Client { get; private set; } = null!;

    public IServiceProvider Services => factory!.Services;

    public StorageAccount Storage => Services.GetRequiredService<StorageAccount>();

    public string ConnectionString => azurite!.ConnectionString;

    /// <summary>The app's <c>AdminApiKey</c>, which <see cref="AdminClient"/> sends.</summary>
    public virtual string AdminApiKey => AppProcess.AdminKey;

    public async Task InitializeAsync()
    {
        azurite = await Azurite.StartAsync();
        await BeforeStartAsync();
        factory = new Factory(this);
        Client = factory.CreateClient();
        // The first request builds the host; wait until its start-up (tables, queues) is done.
        (await Client.GetAsync(new Uri("/", UriKind.Relative))).EnsureSuccessStatusCode();
        await AfterStartAsync();
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public virtual async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (azurite is not null)
        {
            // A test that paused storage and failed must not leave the app's shutdown waiting on it.
            await azurite.Resume();
        }

        Client.Dispose();
        if (factory is not null)
        {
            await factory.DisposeAsync();
        }

        if (azurite is not null)
        {
            await azurite.DisposeAsync();
        }
    }

    /// <summary>Pauses this app's Azurite until the answer is disposed: <c>await using var outage = await app.PauseStorageAsync();</c>.</summary>
    public Task<IAsyncDisposable> PauseStorageAsync() => azurite!.PauseAsync();

    /// <summary>An HTTP client carrying the admin key.</summary>
    public HttpClient AdminClient()
    {
        var client = factory!.CreateClient();
        client.DefaultRequestHeaders.Add(AdminKey.HeaderName, AdminApiKey);
        return client;
    }

    /// <summary>A client of the app's own, with <paramref name="options"/> (its own cookies, redirects followed or not).</summary>
    public HttpClient CreateClient(WebApplicationFactoryClientOptions options) => factory!.CreateClient(options);

    /// <summary>Runs a queue or timer function now, through the admin route, and fails unless it answers 202.</summary>
    public async Task RunFunctionAsync(string name, string input = "")
    {
        using var admin = AdminClient();
        using var response = await admin.PostAsJsonAsync(new Uri($"/admin/functions/{name}", UriKind.Relative), new { input });
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, $"{name} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Runs after Azurite is up and before the app starts (for example to start a Bot API double).</summary>
    protected virtual Task BeforeStartAsync() => Task.CompletedTask;

    /// <summary>Runs once the app answers (for example to wait for what it does at start-up in the background).</summary>
    protected virtual Task AfterStartAsync() => Task.CompletedTask;

    /// <summary>Settings on top of the test defaults (storage, admin key, quick queue polling).</summary>
    protected virtual void Configure(IDictionary<string, string?> settings)
    {
    }

    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    private sealed class Factory(LoyaltyApp app) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            var settings = new Dictionary<string, string?>
            {
                [StorageAccount.ConnectionSetting] = app.ConnectionString,
                [AdminKey.Setting] = app.AdminApiKey,
                ["Standalone:Queues:MinPollingInterval"] = "00:00:00.010",
                [$"{QueueListenerOptions.HostJsonSection}:maxPollingInterval"] = "00:00:00.200",
                [$"{QueueListenerOptions.HostJsonSection}:visibilityTimeout"] = "00:00:00",
            };
            app.Configure(settings);
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureServices(app.ConfigureServices);
        }
    }
}
