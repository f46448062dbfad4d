using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Functions.Jobs;
using LoyaltyBot.Functions.Ledger;

namespace LoyaltyBot.Functions.Kpis;

/// <summary>What a delta tells of its customer's day besides sums: who bought, engaged, got a birthday bonus or redeemed.</summary>
[Flags]
public enum KpiActivity
{
    None = 0,
    Purchase = 1,

    /// <summary>Opened the bot, redeemed, reviewed or referred a friend who bought.</summary>
    Engaged = 2,
    BirthdayBonus = 4,
    Redeemed = 8,
}

/// <summary>
/// What one operation, account opened, rating or day in the bot adds to the figures: the content of one delta row.
/// <see cref="Tier"/> is the tier split the sums go to (none for a merge), <see cref="CustomerTier"/> the customer's tier
/// before it, <see cref="TierMoves"/> the members a tier gained (+1) or lost (−1) by it.
/// </summary>
public sealed record KpiDelta(
    string CustomerId,
    KpiSums Sums,
    string CustomerTier,
    string? MerchantId = null,
    string? Tier = null,
    IReadOnlyDictionary<string, long>? TierMoves = null,
    KpiActivity Activity = KpiActivity.None)
{
    public static KpiDelta Opened(CustomerAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        // A member who opened their account in the bot opened the bot that day.
        var activity = account.Profile.TelegramUserId is null ? KpiActivity.None : KpiActivity.Engaged;
        return new(account.CustomerId, KpiSums.OfOpening(account.Profile.Phone is not null), account.Tier, TierMoves: Move(null, account.Tier), Activity: activity);
    }

    public static KpiDelta Seen(CustomerAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return new(account.CustomerId, KpiSums.None, account.Tier, Activity: KpiActivity.Engaged);
    }

    public static KpiDelta Rated(CustomerAccount account, int stars)
    {
        ArgumentNullException.ThrowIfNull(account);
        return new(account.CustomerId, KpiSums.OfRating(stars), account.Tier, Activity: KpiActivity.Engaged);
    }

    public static KpiDelta PhoneBound(CustomerAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return new(account.CustomerId, new KpiSums(MembersWithPhone: 1), account.Tier);
    }

    public static KpiDelta TierLowered(CustomerAccount account, string from)
    {
        ArgumentNullException.ThrowIfNull(account);
        return new(account.CustomerId, KpiSums.None, from, TierMoves: Move(from, account.Tier));
    }

    public static KpiDelta Of(CommittedEntry committed)
    {
        ArgumentNullException.ThrowIfNull(committed);
        var entry = committed.Entry;
        var merge = entry.Kind is LedgerEntryKind.TransferIn or LedgerEntryKind.TransferOut;
        var tierAfter = entry.Kind == LedgerEntryKind.TransferOut ? null : committed.TierAfter ?? committed.Tier;
        var activity = entry switch
        {
            { Kind: LedgerEntryKind.Earn, MerchantId: not null } => KpiActivity.Purchase,
            { Kind: LedgerEntryKind.Redeem } => KpiActivity.Redeemed | KpiActivity.Engaged,
            { Kind: LedgerEntryKind.Bonus, Delta: > 0, Note: ReferralReasons.Referrer } => KpiActivity.Engaged,
            { Kind: LedgerEntryKind.Bonus, Delta: > 0, Note: BirthdayGreetingRun.Reason } => KpiActivity.BirthdayBonus,
            _ => KpiActivity.None,
        };
        // A merge moves points between two accounts of one member: the program's figures see it, no tier's does.
        return new(committed.CustomerId, KpiSums.Of(entry), committed.Tier, entry.MerchantId, merge ? null : committed.Tier, Move(committed.Tier, tierAfter), activity);
    }

    /// <summary>A member leaving tier <paramref name="from"/> for <paramref name="to"/> (null: none, as when opened or merged away).</summary>
    private static Dictionary<string, long>? Move(string? from, string? to)
    {
        if (from == to)
        {
            return null;
        }

        var moves = new Dictionary<string, long>(StringComparer.Ordinal);
        if (from is not null)
        {
            moves[from] = -1;
        }

        if (to is not null)
        {
            moves[to] = 1;
        }

        return moves;
    }
}

/// <summary>
/// One shard's day folded from its deltas: the figures and each customer's day. The roll-up keeps it as the day's summary;
/// a report folds the deltas of a day not rolled yet the same way.
/// </summary>
public sealed record KpiShardDay(KpiDay Figures, IReadOnlyDictionary<string, KpiCustomerDay> Customers)
{
    public static KpiShardDay Fold(IEnumerable<KpiDelta> deltas)
    {
        var figures = KpiDay.Empty;
        var customers = new SortedDictionary<string, KpiCustomerDay>(StringComparer.Ordinal);
        foreach (var delta in deltas)
        {
            figures = figures.Plus(delta);
            if (delta.Activity != KpiActivity.None)
            {
                customers[delta.CustomerId] = customers.GetValueOrDefault(delta.CustomerId, KpiCustomerDay.Empty).Plus(delta);
            }
        }

        return new(figures, customers);
    }
}
