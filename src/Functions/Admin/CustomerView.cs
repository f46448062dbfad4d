using System.Text.Json;
using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;

namespace LoyaltyBot.Functions.Admin;

/// <summary>What support sees of a customer: points, tier, profile (the phone masked), open lots and the latest entries.</summary>
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
    IReadOnlyList<EntryView> Entries)
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
            [.. entries.Select(e => new EntryView(e.Id, Name(e.Kind), e.Delta, e.BalanceAfter, e.RecordedAt, e.OccurredAt, e.MerchantId, e.Amount, e.Currency, e.Note))]);
    }

    // Support confirms a caller by the last digits; the full number stays out of screens and logs.
    private static string? Mask(string? e164) =>
        e164 is null ? null : PhoneNumber.Parse(e164) is { IsSuccess: true } phone ? phone.Value.Masked : "***";

    private static string Name<TKind>(TKind kind)
        where TKind : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(kind.ToString());
}

/// <summary>Spendable now, pending (not yet spendable) and the balance (all open points less any debt).</summary>
public sealed record PointsView(long Spendable, long Pending, long Balance);

/// <summary>The tier above the customer's and the trailing spend still missing to reach it.</summary>
public sealed record NextTierView(string Name, decimal SpendToReach);

public sealed record LotView(string Id, string Kind, long Points, long Remaining, DateTimeOffset EarnedAt, DateTimeOffset AvailableAt, DateTimeOffset ExpiresAt);

public sealed record EntryView(
    string Id, string Kind, long Delta, long BalanceAfter, DateTimeOffset RecordedAt, DateTimeOffset OccurredAt,
    string? MerchantId, decimal? Amount, string? Currency, string? Note);
