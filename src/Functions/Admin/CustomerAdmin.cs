using System.Globalization;
using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Domain.Errors;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Merchants;
using LoyaltyBot.Functions.Rules;

namespace LoyaltyBot.Functions.Admin;

/// <summary>
/// <c>GET /api/admin/customers?phone=…|card=…|telegramUserId=…</c> (exactly one) and <c>GET /api/admin/customers/{customerId}</c>:
/// a <see cref="CustomerView"/> with the latest <see cref="EntriesShown"/> ledger entries. Without any of those keys, the
/// list of customers (<see cref="CustomerListAdmin"/>).
/// </summary>
internal static class CustomerAdmin
{
    public const int EntriesShown = 20;
    private const string Phone = "phone";
    private const string Card = "card";
    private const string TelegramUserId = "telegramUserId";
    private const string OneOf = "give exactly one of phone, card or telegramUserId";

    public static async Task<IResult> FindAsync(
        HttpRequest request, CustomerDirectory directory, CustomerSearch search, LedgerStore ledger, ProgramStore program, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!new[] { Phone, Card, TelegramUserId }.Any(request.Query.ContainsKey))
        {
            return await CustomerListAdmin.ListAsync(request, search, time, cancellationToken);
        }

        var errors = new FieldErrors();
        var key = KeyFrom(request.Query, errors);
        if (key is null)
        {
            return AdminEndpoints.Invalid(errors);
        }

        var customerId = await directory.FindAsync(key.Value, cancellationToken);
        return customerId is null ? NoSuchCustomer() : await ShowAsync(customerId, ledger, program, time, cancellationToken);
    }

    public static async Task<IResult> GetAsync(string customerId, LedgerStore ledger, ProgramStore program, TimeProvider time, CancellationToken cancellationToken) =>
        // An id that cannot be a customer's never reaches storage, where it could be an invalid key.
        CustomerId.IsWellFormed(customerId) ? await ShowAsync(customerId, ledger, program, time, cancellationToken) : NoSuchCustomer();

    internal static async Task<IResult> ShowAsync(string customerId, LedgerStore ledger, ProgramStore program, TimeProvider time, CancellationToken cancellationToken)
    {
        var account = await ledger.GetAccountAsync(customerId, cancellationToken);
        if (account is null)
        {
            return NoSuchCustomer();
        }

        var entries = await ledger.ReadLatestEntriesAsync(account, EntriesShown, cancellationToken);
        var rules = await program.GetAsync(cancellationToken);
        return Results.Ok(CustomerView.From(account, entries, rules, time.GetUtcNow()));
    }

    /// <summary>The lookup the query asks for, or null with the problems added.</summary>
    private static LookupKey? KeyFrom(IQueryCollection query, FieldErrors errors)
    {
        string[] given = [.. new[] { Phone, Card, TelegramUserId }.Where(query.ContainsKey)];
        if (given.Length != 1)
        {
            foreach (var field in given.Length == 0 ? ["query"] : given)
            {
                errors.Add(field, OneOf);
            }

            return null;
        }

        var name = given[0];
        if (query[name] is not [var text])
        {
            errors.Add(name, "must be given once");
            return null;
        }

        if (name == Phone)
        {
            // An unencoded '+' arrives as a space; the parser finds the country code either way.
            var phone = PhoneNumber.Parse(text);
            return phone.IsSuccess ? LookupKey.Phone(phone.Value) : Refuse(phone.Error!, errors);
        }

        if (name == Card)
        {
            var card = CardNumber.Parse(text, Card);
            return card.IsSuccess ? LookupKey.Card(card.Value) : Refuse(card.Error!, errors);
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var userId) && userId > 0)
        {
            return LookupKey.Telegram(userId);
        }

        errors.Add(TelegramUserId, "must be a positive whole number");
        return null;
    }

    private static LookupKey? Refuse(LoyaltyError error, FieldErrors errors)
    {
        errors.Add(error.Field, error.Message);
        return null;
    }

    private static IResult NoSuchCustomer() => AdminEndpoints.NotFound("Unknown customer", "No customer matches.");
}
