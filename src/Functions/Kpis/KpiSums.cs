using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Functions.Jobs;
using LoyaltyBot.Functions.Ledger;

namespace LoyaltyBot.Functions.Kpis;

/// <summary>
/// Additive figures of a day (of the whole program, a merchant or a tier): each committed operation adds its own, so a
/// period's figures are the sum of its days'. Points issued are earned, bonus and added points; redeemed are net of
/// cancelled redemptions; <see cref="PointsNet"/> is every change of every balance, so its running sum is what is outstanding.
/// </summary>
public sealed record KpiSums(
    long NewMembers = 0,
    long MembersMerged = 0,
    long Purchases = 0,
    decimal Sales = 0,
    long Refunds = 0,
    decimal Refunded = 0,
    long PointsIssued = 0,
    long PointsRedeemed = 0,
    long PointsExpired = 0,
    long PointsClawedBack = 0,
    long PointsNet = 0,
    long Redemptions = 0,
    long ReferralConversions = 0,
    long BirthdayBonuses = 0,
    long Reviews = 0,
    long RatingSum = 0,
    long MembersWithPhone = 0)
{
    public static readonly KpiSums None = new();

    /// <summary>Money the customers kept: purchases less refunds.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public decimal Revenue => Sales - Refunded;

    public static KpiSums OfOpening(bool withPhone) => new(NewMembers: 1, MembersWithPhone: withPhone ? 1 : 0);

    public static KpiSums OfRating(int stars) => new(Reviews: 1, RatingSum: stars);

    public static KpiSums Of(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var net = new KpiSums(PointsNet: entry.Delta);
        return entry.Kind switch
        {
            LedgerEntryKind.Earn => net with { Purchases = 1, Sales = entry.Amount ?? 0, PointsIssued = entry.Delta },
            LedgerEntryKind.Refund => net with { Refunds = 1, Refunded = entry.Amount ?? 0, PointsClawedBack = -entry.Delta },
            LedgerEntryKind.Redeem => net with { Redemptions = 1, PointsRedeemed = -entry.Delta },
            LedgerEntryKind.RedemptionCancel => net with { Redemptions = -1, PointsRedeemed = -entry.Delta },
            LedgerEntryKind.Expire => net with { PointsExpired = -entry.Delta },
            // A bonus taken back is a negative bonus: it is clawed back, not un-issued.
            LedgerEntryKind.Bonus when entry.Delta < 0 => net with { PointsClawedBack = -entry.Delta },
            LedgerEntryKind.Bonus => net with
            {
                PointsIssued = entry.Delta,
                ReferralConversions = entry.Note == ReferralReasons.Referrer ? 1 : 0,
                BirthdayBonuses = entry.Note == BirthdayGreetingRun.Reason ? 1 : 0,
            },
            LedgerEntryKind.Adjust when entry.Delta < 0 => net with { PointsClawedBack = -entry.Delta },
            LedgerEntryKind.Adjust => net with { PointsIssued = entry.Delta },
            // The merged account's member now counts as the receiving account's: one member less.
            // Only an account opened for a phone is ever merged, so a member with a phone goes with it.
            LedgerEntryKind.TransferOut => net with { MembersMerged = 1, MembersWithPhone = -1 },
            _ => net,
        };
    }

    public KpiSums Plus(KpiSums other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new KpiSums(
            NewMembers + other.NewMembers, MembersMerged + other.MembersMerged, Purchases + other.Purchases, Sales + other.Sales, Refunds + other.Refunds,
            Refunded + other.Refunded, PointsIssued + other.PointsIssued, PointsRedeemed + other.PointsRedeemed, PointsExpired + other.PointsExpired,
            PointsClawedBack + other.PointsClawedBack, PointsNet + other.PointsNet, Redemptions + other.Redemptions,
            ReferralConversions + other.ReferralConversions, BirthdayBonuses + other.BirthdayBonuses, Reviews + other.Reviews, RatingSum + other.RatingSum,
            MembersWithPhone + other.MembersWithPhone);
    }
}
