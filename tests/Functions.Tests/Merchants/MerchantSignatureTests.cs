using System.Security.Cryptography;
using System.Text;
using LoyaltyBot.Functions.Merchants;

namespace LoyaltyBot.Functions.Tests.Merchants;

public sealed class MerchantSignatureTests
{
    private const string Secret = "whsec_test";
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"purchaseId":"p-1","amount":100}""");

    [Fact]
    public void ASignatureMadeAsTheContractSaysIsValid()
    {
        // Computed independently of Sign(): HMAC-SHA256 over "<t>.<raw body>" keyed by the secret's UTF-8 bytes, lowercase hex.
        var t = Now.ToUnixTimeSeconds();
        var mac = Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes($"{t}.{Encoding.UTF8.GetString(Body)}"))).ToLowerInvariant();

        Assert.Equal(SignatureCheck.Valid, MerchantSignature.Verify($"t={t},v1={mac}", Body, Now, Secret));
        Assert.Equal($"t={t},v1={mac}", MerchantSignature.Sign(Secret, t, Body));
    }

    [Theory]
    [InlineData(null, SignatureCheck.Missing)]
    [InlineData("", SignatureCheck.Missing)]
    [InlineData("v1=abc", SignatureCheck.Malformed)]
    [InlineData("t=notanumber,v1=00", SignatureCheck.Malformed)]
    public void AMissingOrMalformedHeaderIsRefused(string? header, SignatureCheck expected) =>
        Assert.Equal(expected, MerchantSignature.Verify(header, Body, Now, Secret));

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public void ATimestampMoreThanFiveMinutesAwayIsStale(int offsetSeconds)
    {
        var header = MerchantSignature.Sign(Secret, Now.ToUnixTimeSeconds() + offsetSeconds, Body);

        Assert.Equal(SignatureCheck.Stale, MerchantSignature.Verify(header, Body, Now, Secret));
    }

    [Fact]
    public void AChangedBodyOrAnotherSecretDoesNotMatch()
    {
        var header = MerchantSignature.Sign(Secret, Now.ToUnixTimeSeconds(), Body);
        var tampered = Encoding.UTF8.GetBytes("""{"purchaseId":"p-1","amount":900}""");

        Assert.Equal(SignatureCheck.Mismatch, MerchantSignature.Verify(header, tampered, Now, Secret));
        Assert.Equal(SignatureCheck.Mismatch, MerchantSignature.Verify(header, Body, Now, "whsec_other"));
    }

    [Fact]
    public void DuringARotationEitherSecretSigns()
    {
        var header = MerchantSignature.Sign("whsec_old", Now.ToUnixTimeSeconds(), Body);

        Assert.Equal(SignatureCheck.Valid, MerchantSignature.Verify(header, Body, Now, "whsec_new", "whsec_old"));
    }
}
