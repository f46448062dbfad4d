using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Merchants;

namespace LoyaltyBot.Functions.Admin;

/// <summary>
/// A customer as the owner's list shows them: enough to recognise them and pick one. The phone is masked, as on the
/// customer's own view: the owner finds a customer by a phone they know, and a list on a screen shows no full numbers.
/// </summary>
public sealed record CustomerSummary(
    string CustomerId, string? Name, string? Phone, string CardNumber, string Tier, PointsView Points, DateTimeOffset CreatedAt, DateTimeOffset? LastPurchaseAt)
{
    public static CustomerSummary Of(CustomerAccount account, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(account);
        var profile = account.Profile;
        return new CustomerSummary(account.CustomerId, profile.Name, CustomerView.Mask(profile.Phone), profile.CardNumber, account.Tier,
            new PointsView(account.SpendableAt(now), account.PendingAt(now), account.Balance), account.CreatedAt, account.LastPurchaseAt);
    }
}

/// <summary>A page of customers; <see cref="ContinuationToken"/>, when present, asks for the next page.</summary>
public sealed record CustomerList(IReadOnlyList<CustomerSummary> Customers, string? ContinuationToken);

/// <summary>
/// <c>GET /api/admin/customers[?q=…][&amp;pageSize=…][&amp;continuationToken=…]</c>: every customer, or those <c>q</c> finds
/// (<see cref="CustomerSearch"/>), a page at a time; erased customers never.
/// </summary>
internal static class CustomerListAdmin
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;
    public const int MaxQueryLength = 100;
    private const string Query = "q";
    private const char Separator = '|';
    private static readonly string[] Parameters = [Query, PageQuery.PageSize, PageQuery.ContinuationToken];

    public static async Task<IResult> ListAsync(HttpRequest request, CustomerSearch search, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        foreach (var unknown in request.Query.Keys.Where(k => !Parameters.Contains(k, StringComparer.Ordinal)))
        {
            errors.Add(unknown, "is not a parameter of this list: give q, pageSize and continuationToken, or exactly one of phone, card or telegramUserId");
        }

        var query = request.Query[Query].ToString();
        var sources = CustomerSearch.SourcesOf(query);
        if (query.Length > MaxQueryLength || sources.Count == 0)
        {
            errors.Add(Query, $"must be up to {MaxQueryLength} characters with a letter or a digit: a name, or the start of a phone or card number");
        }

        var pageSize = PageQuery.Size(request.Query, DefaultPageSize, MaxPageSize, errors);
        var start = PageQuery.Position(request.Query, errors) is { } position ? Read(position) : new SearchPosition(sources.Count > 0 ? sources[0] : "", null);
        if (!errors.Any && !sources.Contains(start.Source))
        {
            errors.Add(PageQuery.ContinuationToken, "is not one of this search's: give it with the q it came with");
        }

        if (errors.Any)
        {
            return AdminEndpoints.Invalid(errors);
        }

        var page = await search.FindAsync(query, pageSize, start, cancellationToken);
        var now = time.GetUtcNow();
        var next = page.Next is { } at ? $"{at.Source}{Separator}{at.After}" : null;
        return Results.Ok(new CustomerList([.. page.Customers.Select(c => CustomerSummary.Of(c, now))], PageQuery.Token(next)));
    }

    private static SearchPosition Read(string position)
    {
        var split = position.IndexOf(Separator, StringComparison.Ordinal);
        return split < 0 ? new SearchPosition("", null) : new SearchPosition(position[..split], split + 1 < position.Length ? position[(split + 1)..] : null);
    }
}
