using System.ComponentModel;
using System.Text.Json;
using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Functions.ApiReference;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Hosting;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Merchants;
using LoyaltyBot.Functions.Rules;
using static LoyaltyBot.Functions.Merchants.JsonFields;

namespace LoyaltyBot.Functions.Admin;

/// <summary>The shape of <c>PUT /api/admin/customers/{customerId}/phone</c>'s body, for the OpenAPI document.</summary>
public sealed record PhoneCorrectionBody(
    [property: Description("The customer's phone, any common format (digits, spaces and `+ - ( ) .`); without a country code, a Russian number. Bound to another customer: 409.")]
    [property: Example("\"+7 912 345-67-89\"")]
    string Phone);

/// <summary>The shape of <c>PUT /api/admin/customers/{customerId}/birthday</c>'s body, for the OpenAPI document.</summary>
public sealed record BirthdayCorrectionBody(
    [property: Description("`yyyy-MM-dd` or, without the year, `MM-dd`; a real day, the year from 1900, not in the future.")]
    [property: Example("\"1990-12-31\"")]
    string Birthday);

/// <summary>
/// <c>PUT /api/admin/customers/{customerId}/phone</c> and <c>…/birthday</c>: the owner's corrections (<see cref="ProfileCorrections"/>),
/// answered with the customer as <c>GET /api/admin/customers/{customerId}</c> shows them.
/// </summary>
internal static class CorrectionAdmin
{
    private const string PhoneField = "phone";
    private const string BirthdayField = "birthday";

    public static async Task<IResult> PhoneAsync(
        HttpRequest request, ProfileCorrections corrections, LedgerStore ledger, ProgramStore program, TimeProvider time, CancellationToken cancellationToken)
    {
        var (text, refusal) = await ReadAsync(request, PhoneField, cancellationToken);
        if (text is null)
        {
            return refusal!;
        }

        var phone = PhoneNumber.Parse(text, field: PhoneField);
        if (!phone.IsSuccess)
        {
            return Invalid(phone.Error!.Field, phone.Error.Message);
        }

        var customerId = request.Route("customerId");
        var rules = await program.GetAsync(cancellationToken);
        var corrected = CustomerId.IsWellFormed(customerId) ? await corrections.CorrectPhoneAsync(customerId, phone.Value, rules, cancellationToken) : null;
        return corrected switch
        {
            null => LedgerAdmin.NoSuchCustomer(),
            { Status: PhoneCorrectionStatus.TakenByAnotherCustomer } => MerchantRequest.Problem(StatusCodes.Status409Conflict, "Phone taken",
                "This phone is bound to another customer; nothing changed.", PhoneField),
            _ => await CustomerAdmin.ShowAsync(customerId, ledger, program, time, cancellationToken),
        };
    }

    public static async Task<IResult> BirthdayAsync(
        HttpRequest request, ProfileCorrections corrections, LedgerStore ledger, ProgramStore program, TimeProvider time, CancellationToken cancellationToken)
    {
        var (text, refusal) = await ReadAsync(request, BirthdayField, cancellationToken);
        if (text is null)
        {
            return refusal!;
        }

        var rules = await program.GetAsync(cancellationToken);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), rules.Zone).DateTime);
        var birthday = Birthday.ParseIso(text, today, BirthdayField);
        if (!birthday.IsSuccess)
        {
            return Invalid(BirthdayField, birthday.Error!.Message);
        }

        var customerId = request.Route("customerId");
        var corrected = CustomerId.IsWellFormed(customerId) ? await corrections.CorrectBirthdayAsync(customerId, birthday.Value, cancellationToken) : null;
        return corrected is null ? LedgerAdmin.NoSuchCustomer() : await CustomerAdmin.ShowAsync(customerId, ledger, program, time, cancellationToken);
    }

    /// <summary>The one string field of the body, or the refusal to answer.</summary>
    private static async Task<(string? Text, IResult? Refusal)> ReadAsync(HttpRequest request, string field, CancellationToken cancellationToken)
    {
        var (body, refusal) = await AdminEndpoints.ReadJsonAsync(request, cancellationToken);
        using var document = body;
        if (document is null)
        {
            return (null, refusal);
        }

        var errors = new FieldErrors();
        var text = AdminEndpoints.IsObjectOf(document.RootElement, [field], $"a {field} correction", errors) ? RequiredString(document.RootElement, field, errors) : null;
        return errors.Any ? (null, AdminEndpoints.Invalid(errors)) : (text, null);
    }

    private static IResult Invalid(string field, string message)
    {
        var errors = new FieldErrors();
        errors.Add(field, message);
        return AdminEndpoints.Invalid(errors);
    }
}
