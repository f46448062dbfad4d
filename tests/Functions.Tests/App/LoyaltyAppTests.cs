using System.Net.Http.Json;
using System.Text.Json;
using LoyaltyBot.Functions.Tests.Infrastructure;

namespace LoyaltyBot.Functions.Tests.App;

public sealed class LoyaltyAppTests(LoyaltyApp app) : IClassFixture<LoyaltyApp>
{
    [Fact]
    public async Task TheInProcessAppRunsOnItsOwnAzurite()
    {
        var health = await app.Client.GetFromJsonAsync<JsonElement>(new Uri("/api/health", UriKind.Relative));

        Assert.True(health.GetProperty("storage").GetProperty("reachable").GetBoolean());
        Assert.Contains(app.ConnectionString.Split(';').First(p => p.StartsWith("TableEndpoint", StringComparison.Ordinal)),
            app.Storage.Tables.Uri.ToString().Insert(0, "TableEndpoint="), StringComparison.Ordinal);
    }
}
