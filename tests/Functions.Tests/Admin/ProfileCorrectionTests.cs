using System.Globalization;
using System.Net;
using System.Text.Json;
using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static LoyaltyBot.Functions.Tests.Admin.AdminHttp;

namespace LoyaltyBot.Functions.Tests.Admin;

/// <summary>The owner's corrections of a customer's phone and birthday, and what finds the customer afterwards.</summary>
public sealed class ProfileCorrectionTests(LoyaltyApp app) : IClassFixture<LoyaltyApp>
{
    private CustomerDirectory Directory => app.Services.GetRequiredService<CustomerDirectory>();

    private LedgerStore Ledger => app.Services.GetRequiredService<LedgerStore>();

    [Fact]
    public async Task AChangedPhoneFindsTheCustomerAndTheOldOneNoOne()
    {
        var (customer, oldPhone) = await RegisterAsync();
        var newPhone = NewPhone();
        var national = $"8 ({newPhone[2..5]}) {newPhone[5..8]}-{newPhone[8..10]}-{newPhone[10..]}";

        var view = await PutAsync(customer, "phone", new { phone = national }, HttpStatusCode.OK);
        var replay = await PutAsync(customer, "phone", new { phone = newPhone }, HttpStatusCode.OK);

        Assert.Equal($"+7******{newPhone[^2..]}", view.GetProperty("phone").GetString());
        Assert.Equal(view.GetProperty("phone").GetString(), replay.GetProperty("phone").GetString());
        Assert.Equal(customer, await FindAsync(newPhone));
        Assert.Null(await FindAsync(oldPhone));
        Assert.Equal(newPhone, (await Ledger.GetAccountAsync(customer, default))!.Profile.Phone);
    }

    [Fact]
    public async Task AFirstPhoneIsBoundAsTheBotBindsItWithThePointsOfPurchasesMadeWithIt()
    {
        var phone = NewPhone();
        var heldByPhone = await Directory.FindOrOpenIdByPhoneAsync(PhoneNumber.Parse(phone).Value, ProgramRules.Default, default);
        Assert.True((await Ledger.GrantBonusAsync(heldByPhone, OperationKey.Of("test", "p"), 70, "test points", ProgramRules.Default, default)).IsSuccess);
        var customer = (await Directory.RegisterAsync(new NewCustomer(Random.Shared.NextInt64(1, long.MaxValue), null, "No Phone"), ProgramRules.Default, default)).Value.CustomerId;

        var view = await PutAsync(customer, "phone", new { phone }, HttpStatusCode.OK);

        Assert.Equal(70, view.GetProperty("points").GetProperty("balance").GetInt64());
        Assert.Equal(customer, await FindAsync(phone));
        Assert.Equal(customer, (await Ledger.GetAccountAsync(heldByPhone, default))!.Profile.MergedInto);
    }

    [Fact]
    public async Task APhoneHeldByAnotherCustomerIsAConflictAndChangesNothing()
    {
        var (holder, taken) = await RegisterAsync();
        var (customer, own) = await RegisterAsync();

        using var admin = app.AdminClient();
        using var response = await admin.PutAsync(Path($"/api/admin/customers/{customer}/phone"), Json(JsonSerializer.Serialize(new { phone = taken })));

        Assert.Equal("phone", (await ProblemAsync(response, HttpStatusCode.Conflict)).GetProperty("field").GetString());
        Assert.Equal((holder, customer), (await FindAsync(taken), await FindAsync(own)));
        Assert.Equal(own, (await Ledger.GetAccountAsync(customer, default))!.Profile.Phone);
    }

    [Fact]
    public async Task ABirthdayIsSetThenReplacedAndTheGreetingsFindItOnTheNewDayOnly()
    {
        var (customer, _) = await RegisterAsync();
        var birthdays = app.Services.GetRequiredService<BirthdayIndex>();

        var set = await PutAsync(customer, "birthday", new { birthday = "1990-12-31" }, HttpStatusCode.OK);
        Assert.Equal("1990-12-31", set.GetProperty("birthday").GetString());
        Assert.Contains(customer, await DayAsync(birthdays, "1231"));

        var replaced = await PutAsync(customer, "birthday", new { birthday = "02-29" }, HttpStatusCode.OK);

        Assert.Equal("02-29", replaced.GetProperty("birthday").GetString());
        Assert.Contains(customer, await DayAsync(birthdays, "0229"));
        Assert.DoesNotContain(customer, await DayAsync(birthdays, "1231"));
        var profile = (await Ledger.GetAccountAsync(customer, default))!.Profile;
        Assert.Equal((29, 2, (int?)null), (profile.BirthDay, profile.BirthMonth, profile.BirthYear));
    }

    [Theory]
    [InlineData("phone", """{"phone": "call-me"}""", "phone")]
    [InlineData("phone", """{"phone": "12"}""", "phone")]
    [InlineData("phone", """{}""", "phone")]
    [InlineData("phone", """{"phone": "+79123456789", "name": "x"}""", "name")]
    [InlineData("birthday", """{"birthday": "31.12.1990"}""", "birthday")]
    [InlineData("birthday", """{"birthday": "1990-02-30"}""", "birthday")]
    [InlineData("birthday", """{"birthday": "2990-01-01"}""", "birthday")]
    [InlineData("birthday", """{"birthday": "13-01"}""", "birthday")]
    [InlineData("birthday", """{"birthday": 19901231}""", "birthday")]
    public async Task AMalformedCorrectionIsRefusedNamingTheFieldAndChangesNothing(string what, string body, string field)
    {
        var (customer, phone) = await RegisterAsync();
        using var admin = app.AdminClient();

        using var response = await admin.PutAsync(Path($"/api/admin/customers/{customer}/{what}"), Json(body));

        Assert.Equal([field], await InvalidFieldsAsync(response));
        var profile = (await Ledger.GetAccountAsync(customer, default))!.Profile;
        Assert.Equal((phone, (int?)null), (profile.Phone, profile.BirthMonth));
    }

    [Theory]
    [InlineData("phone", """{"phone": "+79123456789"}""")]
    [InlineData("birthday", """{"birthday": "12-31"}""")]
    public async Task AnUnknownOrErasedCustomerIsNotFound(string what, string body)
    {
        var (erased, _) = await RegisterAsync();
        await app.Services.GetRequiredService<Erasure>().EraseAsync(erased, 0, default);
        using var admin = app.AdminClient();

        foreach (var customerId in new[] { erased, "c0000000000000000000000000000000", "not%20an%20id" })
        {
            using var response = await admin.PutAsync(Path($"/api/admin/customers/{customerId}/{what}"), Json(body));
            await ProblemAsync(response, HttpStatusCode.NotFound);
        }

        Assert.Null((await Ledger.GetAccountAsync(erased, default))!.Profile.Phone);
    }

    private static string NewPhone() => "+7915" + Random.Shared.Next(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture);

    private async Task<(string CustomerId, string Phone)> RegisterAsync()
    {
        var phone = NewPhone();
        var registered = await Directory.RegisterAsync(new NewCustomer(Random.Shared.NextInt64(1, long.MaxValue), PhoneNumber.Parse(phone).Value, "Corrected"), ProgramRules.Default, default);
        return (registered.Value.CustomerId, phone);
    }

    private Task<string?> FindAsync(string phone) => Directory.FindAsync(LookupKey.Phone(PhoneNumber.Parse(phone).Value), default);

    private static async Task<List<string>> DayAsync(BirthdayIndex birthdays, string monthDay)
    {
        var ids = new List<string>();
        await foreach (var id in birthdays.ReadDayAsync(monthDay, default))
        {
            ids.Add(id);
        }

        return ids;
    }

    private async Task<JsonElement> PutAsync(string customerId, string what, object body, HttpStatusCode expected)
    {
        using var admin = app.AdminClient();
        using var response = await admin.PutAsync(Path($"/api/admin/customers/{customerId}/{what}"), Json(JsonSerializer.Serialize(body)));
        return await JsonAsync(response, expected);
    }
}
