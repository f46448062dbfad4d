using System.Net;
using System.Text;
using System.Text.Json;
using LoyaltyBot.Functions.Merchants;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static LoyaltyBot.Functions.Tests.Admin.AdminHttp;

namespace LoyaltyBot.Functions.Tests.Admin;

public sealed class MerchantAdminTests(LoyaltyApp app) : IClassFixture<LoyaltyApp>
{
    private MerchantStore Merchants => app.Services.GetRequiredService<MerchantStore>();

    [Fact]
    public async Task CreatingAMerchantShowsItsSecretOnce()
    {
        using var admin = app.AdminClient();
        var before = DateTimeOffset.UtcNow;

        using var response = await admin.PostAsync(Path("/api/admin/merchants"), Json("{\"name\": \"  Coffee House  \"}"));

        var created = await JsonAsync(response, HttpStatusCode.Created);
        Assert.Equal(["merchantId", "name", "secret", "createdAt"], Names(created));
        var merchantId = created.GetProperty("merchantId").GetString()!;
        var secret = created.GetProperty("secret").GetString()!;
        Assert.Equal("Coffee House", created.GetProperty("name").GetString());
        Assert.Equal($"/api/admin/merchants/{merchantId}", response.Headers.Location?.OriginalString);
        Assert.DoesNotContain(secret, response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.True(response.Headers.CacheControl?.NoStore);
        var stored = await Merchants.FindAsync(merchantId, CancellationToken.None);
        Assert.Equal(secret, stored?.Secret);
        Assert.InRange(created.GetProperty("createdAt").GetDateTimeOffset(), before, DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task TwoMerchantsGetDifferentIdsAndSecrets()
    {
        var first = await CreateAsync("First");
        var second = await CreateAsync("Second");

        Assert.NotEqual(first.MerchantId, second.MerchantId);
        Assert.NotEqual(first.Secret, second.Secret);
    }

    [Theory]
    [InlineData("{}", "name")]
    [InlineData("{\"name\": null}", "name")]
    [InlineData("{\"name\": \"   \"}", "name")]
    [InlineData("{\"name\": 42}", "name")]
    [InlineData("{\"name\": [\"Coffee\"]}", "name")]
    [InlineData("{\"title\": \"Coffee\"}", "name")]
    [InlineData("{\"name\": \"Coffee\"", "$")]
    [InlineData("not json", "$")]
    [InlineData("", "$")]
    [InlineData("[{\"name\": \"Coffee\"}]", "$")]
    [InlineData("\"Coffee\"", "$")]
    public async Task ABadBodyIsRefusedNamingTheField(string body, string field)
    {
        using var admin = app.AdminClient();

        using var response = await admin.PostAsync(Path("/api/admin/merchants"), Json(body));

        Assert.Equal([field], await InvalidFieldsAsync(response));
    }

    [Fact]
    public async Task ANameLongerThanAHundredCharactersIsRefused()
    {
        using var admin = app.AdminClient();

        using var tooLong = await admin.PostAsync(Path("/api/admin/merchants"), Json(JsonSerializer.Serialize(new { name = new string('a', 101) })));
        using var longest = await admin.PostAsync(Path("/api/admin/merchants"), Json(JsonSerializer.Serialize(new { name = new string('a', 100) })));

        Assert.Equal(["name"], await InvalidFieldsAsync(tooLong));
        Assert.Equal(HttpStatusCode.Created, longest.StatusCode);
    }

    [Fact]
    public async Task RotatingGivesANewSecretAndTheOldOneStillSignsDuringTheGrace()
    {
        var merchant = await CreateAsync("Bakery");
        using var admin = app.AdminClient();

        using var response = await admin.PostAsync(Path($"/api/admin/merchants/{merchant.MerchantId}/secret"), null);

        var rotated = await JsonAsync(response, HttpStatusCode.OK);
        Assert.Equal(["merchantId", "secret", "previousSecretValidUntil"], Names(rotated));
        Assert.Equal(merchant.MerchantId, rotated.GetProperty("merchantId").GetString());
        var secret = rotated.GetProperty("secret").GetString()!;
        var graceEnds = rotated.GetProperty("previousSecretValidUntil").GetDateTimeOffset();
        Assert.NotEqual(merchant.Secret, secret);
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.InRange(graceEnds - DateTimeOffset.UtcNow, MerchantStore.RotationGrace - TimeSpan.FromMinutes(1), MerchantStore.RotationGrace);

        var stored = (await Merchants.FindAsync(merchant.MerchantId, CancellationToken.None))!;
        var now = DateTimeOffset.UtcNow;
        var body = Encoding.UTF8.GetBytes("{\"purchaseId\":\"p1\"}");
        var signedWithOld = MerchantSignature.Sign(merchant.Secret, now.ToUnixTimeSeconds(), body);
        Assert.Equal(SignatureCheck.Valid, MerchantSignature.Verify(signedWithOld, body, now, stored.SecretsValidAt(now)));
        Assert.Equal(SignatureCheck.Valid, MerchantSignature.Verify(MerchantSignature.Sign(secret, now.ToUnixTimeSeconds(), body), body, now, stored.SecretsValidAt(now)));
        Assert.Equal([secret], stored.SecretsValidAt(graceEnds));
    }

    [Theory]
    [InlineData("m0000000000000000000")]
    [InlineData("not-a-merchant")]
    [InlineData("%23")]
    public async Task RotatingAnUnknownMerchantIsNotFound(string merchantId)
    {
        using var admin = app.AdminClient();

        using var response = await admin.PostAsync(Path($"/api/admin/merchants/{merchantId}/secret"), null);

        await ProblemAsync(response, HttpStatusCode.NotFound);
    }

    private async Task<(string MerchantId, string Secret)> CreateAsync(string name)
    {
        using var admin = app.AdminClient();
        using var response = await admin.PostAsync(Path("/api/admin/merchants"), Json(JsonSerializer.Serialize(new { name })));
        var created = await JsonAsync(response, HttpStatusCode.Created);
        return (created.GetProperty("merchantId").GetString()!, created.GetProperty("secret").GetString()!);
    }
}
