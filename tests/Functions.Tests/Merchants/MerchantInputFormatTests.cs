using System.Net;
using System.Text.Json;
using LoyaltyBot.Functions.Tests.Infrastructure;
using static LoyaltyBot.Functions.Tests.Admin.AdminHttp;

namespace LoyaltyBot.Functions.Tests.Merchants;

/// <summary>A purchase's phone and time are read in the documented formats only: no letters in phones, ISO 8601 times with an offset.</summary>
public sealed class MerchantInputFormatTests(LoyaltyApp app) : IClassFixture<LoyaltyApp>
{
    [Theory]
    [InlineData("+7 912 FLOWERS")]
    [InlineData("+7 912 345 67 8O")]
    [InlineData("tel:+79123456789")]
    public async Task APhoneWithLettersIsRefusedNamingPhone(string phone)
    {
        var till = await MerchantClient.CreateAsync(app);

        using var response = await till.PostAsync("purchases", With(MerchantClient.Purchase(MerchantClient.NewPhone()), "phone", phone));

        Assert.Equal(["phone"], await InvalidFieldsAsync(response));
    }

    [Theory]
    [InlineData("+7 (912) {0}-{1}-{2}")]
    [InlineData("8.912.{0}.{1}.{2}")]
    [InlineData("8-912-{0}-{1}-{2}")]
    public async Task APhoneWithSpacesPlusDashesBracketsOrDotsIsAccepted(string format)
    {
        var till = await MerchantClient.CreateAsync(app);
        var digits = MerchantClient.NewPhone()[5..];
        var phone = string.Format(System.Globalization.CultureInfo.InvariantCulture, format, digits[..3], digits[3..5], digits[5..]);

        using var response = await till.PostAsync("purchases", With(MerchantClient.Purchase(MerchantClient.NewPhone()), "phone", phone));

        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{phone}: {await response.Content.ReadAsStringAsync()}");
    }

    public static TheoryData<string> RefusedTimes
    {
        get
        {
            var at = DateTimeOffset.UtcNow.AddHours(-1);
            return new(
                at.ToString("MM/dd/yyyy HH:mm:ss zzz", System.Globalization.CultureInfo.InvariantCulture),
                at.ToString("dd.MM.yyyy HH:mm:ss zzz", System.Globalization.CultureInfo.InvariantCulture),
                at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
                at.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                at.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
                at.UtcDateTime.ToString("yyyy-MM-ddTHH:mmZ", System.Globalization.CultureInfo.InvariantCulture),
                at.ToString("yyyyMMddTHHmmsszzz", System.Globalization.CultureInfo.InvariantCulture).Replace(":", "", StringComparison.Ordinal),
                at.ToString("yyyy-MM-dd HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Theory]
    [MemberData(nameof(RefusedTimes))]
    public async Task AnOccurredAtOtherThanIso8601WithAnOffsetIsRefusedNamingIt(string occurredAt)
    {
        var till = await MerchantClient.CreateAsync(app);

        using var response = await till.PostAsync("purchases", With(MerchantClient.Purchase(MerchantClient.NewPhone()), "occurredAt", occurredAt));

        Assert.Equal(["occurredAt"], await InvalidFieldsAsync(response));
    }

    public static TheoryData<string> AcceptedTimes
    {
        get
        {
            var at = DateTimeOffset.UtcNow.AddHours(-1);
            var moscow = at.ToOffset(TimeSpan.FromHours(3));
            return new(
                at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
                moscow.ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture),
                at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
                moscow.ToString("yyyy-MM-ddTHH:mm:ss.fffffff", System.Globalization.CultureInfo.InvariantCulture) + "11+03:00",
                at.ToOffset(TimeSpan.FromHours(-5)).ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Theory]
    [MemberData(nameof(AcceptedTimes))]
    public async Task AnOccurredAtInIso8601WithZAnOffsetOrFractionalSecondsIsAccepted(string occurredAt)
    {
        var till = await MerchantClient.CreateAsync(app);

        using var response = await till.PostAsync("purchases", With(MerchantClient.Purchase(MerchantClient.NewPhone()), "occurredAt", occurredAt));

        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{occurredAt}: {await response.Content.ReadAsStringAsync()}");
    }

    private static string With(Dictionary<string, object?> body, string name, object? value)
    {
        body[name] = value;
        return JsonSerializer.Serialize(body, JsonSerializerOptions.Web);
    }
}
