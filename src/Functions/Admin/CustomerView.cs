using System.Globalization;
using System.Text.Json;
using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;

namespace LoyaltyBot.Functions.Admin;

/// <summary>What support sees of a customer: points, tier, profile (the phone masked, the birthday), open lots and the latest entries.</summary>
public sealed record CustomerView(
    string CustomerId,
    PointsView Points,
    long Debt,
    string Tier,
    NextTierView? NextTier,
    decimal TrailingSpend,
    string InviteCode,
    string CardNumber,
    string? Phone,
    long? TelegramUserId,
    string Language,
    DateTimeOffset CreatedAt,
    LedgerTotals Totals,
    IReadOnlyList<LotView> Lots,
    IReadOnlyList<EntryView> Entries,
    string? Birthday)
{
    public static CustomerView From(CustomerAccount account, IEnumerable<LedgerEntry> entries, ProgramRules rules, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(rules);
        var trailingSpend = account.TrailingSpend(now, rules.TierWindowDays);
        var next = rules.NextTier(rules.TierNamed(account.Tier));
        var profile = account.Profile;
        return new CustomerView(
            account.CustomerId,
            new PointsView(account.SpendableAt(now), account.PendingAt(now), account.Balance),
            account.Debt,
            account.Tier,
            next is null ? null : new NextTierView(next.Name, Math.Max(0m, next.MinSpend - trailingSpend)),
            trailingSpend,
            profile.InviteCode,
            profile.CardNumber,
            Mask(profile.Phone),
            profile.TelegramUserId,
            profile.Language,
            account.CreatedAt,
            account.Totals,
            [.. account.Lots.Select(l => new LotView(l.Id, Name(l.Kind), l.Points, l.Remaining, l.EarnedAt, l.AvailableAt, l.ExpiresAt))],
            [.. entries.Select(EntryView.Of)],
            BirthdayOf(profile));
    }

    /// <summary><c>yyyy-MM-dd</c>, or <c>MM-dd</c> when the year was not given: the forms a correction takes.</summary>
    private static string? BirthdayOf(CustomerProfile profile) => profile switch
    {
        { BirthMonth: { } month, BirthDay: { } day, BirthYear: { } year } => string.Create(CultureInfo.InvariantCulture, $"{year:D4}-{month:D2}-{day:D2}"),
        { BirthMonth: { } month, BirthDay: { } day } => string.Create(CultureInfo.InvariantCulture, $"{month:D2}-{day:D2}"),
        _ => null,
    };

    // Support confirms a caller by the last digits; the full number stays out of screens and logs.
    internal static string? Mask(string? e164) =>
        e164 is null ? null : PhoneNumber.Parse(e164) is { IsSuccess: true } phone ? phone.Value.Masked : "***";

    internal static string Name<TKind>(TKind kind)
        where TKind : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(kind.ToString());
}

/// <summary>Spendable now, pending (not yet spendable) and the balance (all open points less any debt).</summary>
public sealed record PointsView(long Spendable, long Pending, long Balance);

/// <summary>The tier above the customer's and the trailing spend still missing to reach it.</summary>
public sealed record NextTierView(string Name, decimal SpendToReach);

public sealed record LotView(string Id, string Kind, long Points, long Remaining, DateTimeOffset EarnedAt, DateTimeOffset AvailableAt, DateTimeOffset ExpiresAt);

/// <summary>
/// A ledger entry. <see cref="OperationId"/>: the id it was applied under (a merchant's <c>purchaseId</c>, <c>refundId</c> or
/// <c>redemptionId</c>, an adjustment's <c>adjustmentId</c>, the program's own id for a bonus or an expiry);
/// <see cref="Note"/>: why (an adjustment's reason, a bonus's kind, the purchase a refund returns); <see cref="By"/>: who
/// made an adjustment.
/// </summary>
public sealed record EntryView(
    string Id, string Kind, long Delta, long BalanceAfter, DateTimeOffset RecordedAt, DateTimeOffset OccurredAt,
    string? MerchantId, decimal? Amount, string? Currency, string? Note, string OperationId, string? By)
{
    public static EntryView Of(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        // The operation is "<source>/<id>"; the source is the merchant or the program, the id may hold '/' itself.
        var operationId = entry.Operation[(entry.Operation.IndexOf('/', StringComparison.Ordinal) + 1)..];
        return new EntryView(entry.Id, CustomerView.Name(entry.Kind), entry.Delta, entry.BalanceAfter, entry.RecordedAt, entry.OccurredAt,
            entry.MerchantId, entry.Amount, entry.Currency, entry.Note, operationId, entry.By);
    }
}
