using System.Globalization;
using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Domain.Errors;
using LoyaltyBot.Domain.Rules;

namespace LoyaltyBot.Domain.Ledger;

/// <summary>
/// An applied purchase. <see cref="ReferrerToReward"/> names who invited the customer when this is their first purchase
/// that earned points: the referral reward is due now, and only now. <see cref="CanBeMessaged"/>: whether the bot can
/// tell the customer (true in answers stored before it was kept, so that those are told as they were).
/// </summary>
public sealed record EarnOutcome(LedgerEntry Entry, PurchaseRecord Purchase, string? RaisedToTier, string? ReferrerToReward = null, bool CanBeMessaged = true);

/// <summary>
/// An applied refund; <see cref="CanBeMessaged"/> as in <see cref="EarnOutcome"/>. <see cref="ReferrerToRevoke"/> names
/// the referrer when this refund undid the purchase that rewarded the invitation: both bonuses are to be taken back now.
/// </summary>
public sealed record RefundOutcome(LedgerEntry Entry, PurchaseRecord Purchase, bool CanBeMessaged = true, string? ReferrerToRevoke = null);

/// <summary>
/// One customer's points: open lots, a debt when clawed-back points were already spent, spend for tiers, and totals.
/// Every method that changes points returns the one ledger entry it made; balance = Σ lots − debt = Σ entries.
/// </summary>
public sealed class CustomerAccount
{
    private readonly List<PointsLot> lots;
    private readonly SortedDictionary<DateOnly, decimal> spendByDay;
    private readonly List<DateTimeOffset> latestEntryTimes;

    public CustomerAccount(
        string customerId, CustomerProfile profile, string tier, long debt, IEnumerable<PointsLot> lots,
        IEnumerable<KeyValuePair<DateOnly, decimal>> spendByDay, LedgerTotals totals, DateTimeOffset createdAt,
        IEnumerable<DateTimeOffset>? latestEntryTimes = null, DateTimeOffset? lastPurchaseAt = null, DateTimeOffset? lapsesAt = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(customerId);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentOutOfRangeException.ThrowIfNegative(debt);
        CustomerId = customerId;
        Profile = profile;
        Tier = tier;
        Debt = debt;
        this.lots = [.. lots];
        if (this.lots.Exists(l => !PointsLot.IsGroupId(l.Id)))
        {
            // A row written before lots were grouped holds one lot per purchase: it folds into its groups here, once.
            var ungrouped = this.lots.ToList();
            this.lots.Clear();
            foreach (var lot in ungrouped)
            {
                AddToGroup(lot, now: null);
            }
        }

        this.spendByDay = new SortedDictionary<DateOnly, decimal>(spendByDay.ToDictionary());
        Totals = totals;
        CreatedAt = createdAt;
        this.latestEntryTimes = [.. (latestEntryTimes ?? []).Take(LatestEntriesKept)];
        LastPurchaseAt = lastPurchaseAt;
        LapsesAt = lapsesAt;
        SortLots();
    }

    public static CustomerAccount Open(string customerId, CustomerProfile profile, ProgramRules rules, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return new CustomerAccount(customerId, profile, rules.TierFor(0).Name, 0, [], [], new LedgerTotals(), now);
    }

    public string CustomerId { get; }

    public CustomerProfile Profile { get; private set; }

    public string Tier { get; private set; }

    /// <summary>Points owed after a refund clawed back points that were already spent; later earnings pay it first.</summary>
    public long Debt { get; private set; }

    /// <summary>
    /// Open lots, soonest-expiring first (the order points are spent in). A lot holds the points that expire on one UTC
    /// day and become spendable on one UTC day (<see cref="PointsLot.GroupId"/>), so their number is bounded by the days
    /// within the points' lifetime, not by the purchases on record.
    /// </summary>
    public IReadOnlyList<PointsLot> Lots => lots;

    /// <summary>Money paid per UTC day within the tier window.</summary>
    public IReadOnlyDictionary<DateOnly, decimal> SpendByDay => spendByDay;

    public LedgerTotals Totals { get; private set; }

    public DateTimeOffset CreatedAt { get; }

    /// <summary>How many of the latest entries' times an account keeps: the longest first page of history shown (the admin's).</summary>
    public const int LatestEntriesKept = 20;

    /// <summary>
    /// When the latest entries were recorded, newest first, up to <see cref="LatestEntriesKept"/>: they bound the read of
    /// the newest page of history to exactly its entries, however long the history is. Empty for a row written before.
    /// </summary>
    public IReadOnlyList<DateTimeOffset> LatestEntryTimes => latestEntryTimes;

    /// <summary>
    /// Whether a purchase may still reward the customer's invitation: none has, none was taken back, and (for an account
    /// invited before invitations were dated) no purchase has earned yet, as the rule was then.
    /// </summary>
    public bool AwaitsReferralPurchase =>
        Profile is { ReferredBy: not null, ReferralPurchase: null, ReferralRevoked: false } && (Profile.ReferredAt is not null || Totals.Earned == 0);

    /// <summary>The time of the latest purchase that earned here; null before the first (and in a row written before it was kept).</summary>
    public DateTimeOffset? LastPurchaseAt { get; private set; }

    /// <summary>
    /// Under inactivity expiry (<see cref="ProgramRules.InactivityExpiryDays"/> when the latest purchase was made): when the
    /// whole balance lapses unless the customer buys again first; null otherwise.
    /// </summary>
    public DateTimeOffset? LapsesAt { get; private set; }

    public long Balance => lots.Sum(l => l.Remaining) - Debt;

    /// <summary>What can pay for a check now: available, unexpired lots less any debt (negative while in debt).</summary>
    public long SpendableAt(DateTimeOffset now) => lots.Where(l => l.IsSpendableAt(now)).Sum(l => l.Remaining) - Debt;

    public long PendingAt(DateTimeOffset now) => lots.Where(l => l.IsPendingAt(now)).Sum(l => l.Remaining);

    public decimal TrailingSpend(DateTimeOffset now, int windowDays)
    {
        var from = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-windowDays + 1);
        return spendByDay.Where(d => d.Key >= from).Sum(d => d.Value);
    }

    /// <summary>
    /// How much more the customer must spend before the review at <paramref name="reviewAt"/> to keep their tier; 0 when
    /// they keep it. The review counts the tier window ending <see cref="ProgramRules.TierGraceDays"/> earlier, and every
    /// purchase since.
    /// </summary>
    public decimal ShortOfTier(ProgramRules rules, DateTimeOffset reviewAt)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return Math.Max(0m, rules.TierNamed(Tier).MinSpend - TrailingSpend(reviewAt.AddDays(-rules.TierGraceDays), rules.TierWindowDays));
    }

    /// <summary>
    /// Applies the review at <paramref name="reviewAt"/>: a tier the spend no longer holds falls as the rules'
    /// <see cref="ProgramRules.TierDowngrade"/> says. The tier lowered to, or null when the customer keeps theirs.
    /// </summary>
    public TierRule? ReviewTier(ProgramRules rules, DateTimeOffset reviewAt)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var current = rules.TierNamed(Tier);
        if (rules.TierDowngrade == TierDowngradeMode.None || ShortOfTier(rules, reviewAt) == 0)
        {
            return null;
        }

        var lower = rules.TierDowngrade == TierDowngradeMode.OneLevel
            ? rules.PreviousTier(current)
            : rules.TierFor(TrailingSpend(reviewAt.AddDays(-rules.TierGraceDays), rules.TierWindowDays));
        if (lower is null || lower.MinSpend >= current.MinSpend)
        {
            return null;
        }

        Tier = lower.Name;
        return lower;
    }

    /// <summary>
    /// The first review after <paramref name="now"/> at which the tier would fall if the customer bought nothing more:
    /// where the tier review files them. Null at a tier that cannot fall (the one from 0).
    /// </summary>
    public DateOnly? TierReviewDue(ProgramRules rules, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (rules.TierNamed(Tier).MinSpend <= 0)
        {
            return null;
        }

        // The counted spend only falls as days leave the window: past the window and the grace, none is left.
        var review = TierReviewCalendar.NextAfter(now, rules.Zone);
        var last = TierReviewCalendar.NextAfter(now.AddDays(rules.TierWindowDays + rules.TierGraceDays), rules.Zone);
        while (review < last && ShortOfTier(rules, TierReviewCalendar.At(review, rules.Zone)) == 0)
        {
            review = review.AddMonths(1);
        }

        return review;
    }

    /// <summary>The UTC days on which open lots expire, and the balance lapses when it may: one expiry index row each.</summary>
    public IReadOnlySet<DateOnly> ExpiryDays()
    {
        var days = lots.Select(l => l.ExpiryDay).ToHashSet();
        if (LapsesAt is { } lapse && lots.Count > 0)
        {
            days.Add(DateOnly.FromDateTime(lapse.UtcDateTime));
        }

        return days;
    }

    /// <summary>
    /// The points of the open lots that expire on <paramref name="day"/> in <paramref name="zone"/> and have not expired
    /// at <paramref name="now"/>, with the latest of their expiry times; null when there are none.
    /// </summary>
    /// With <paramref name="inactivityExpiry"/>, when the balance lapses that day: every point still open then, and the lapse.
    public (long Points, DateTimeOffset ExpiresAt)? ExpiringOn(DateOnly day, TimeZoneInfo zone, DateTimeOffset now, bool inactivityExpiry = false)
    {
        ArgumentNullException.ThrowIfNull(zone);
        DateOnly LocalDay(DateTimeOffset moment) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(moment, zone).DateTime);
        var lapse = inactivityExpiry && LapsesAt is { } at && at > now && LocalDay(at) == day ? LapsesAt : null;
        var due = lots.Where(l => !l.IsExpiredAt(now) && (LocalDay(l.ExpiresAt) == day || l.ExpiresAt > lapse)).ToList();
        return due.Count == 0 ? null : (due.Sum(l => l.Remaining), lapse ?? due.Max(l => l.ExpiresAt));
    }

    public void ChangeProfile(Func<CustomerProfile, CustomerProfile> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        Profile = change(Profile);
    }

    /// <summary>Credits a quoted purchase as a lot expiring <see cref="ProgramRules.ExpiryDays"/> after the purchase itself.</summary>
    public Result<EarnOutcome> Earn(OperationKey operation, Purchase purchase, EarnQuote quote, ProgramRules rules, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(purchase);
        ArgumentNullException.ThrowIfNull(quote);
        ArgumentNullException.ThrowIfNull(rules);

        var lot = AddLot(LotKind.Earned, quote.Points, purchase.OccurredAt, purchase.OccurredAt.AddDays(rules.PendingDays),
            purchase.OccurredAt.AddDays(rules.ExpiryDays), operation.ToString(), now);
        RecordSpend(purchase.OccurredAt, purchase.Paid, now, rules.TierWindowDays);
        var raisedTo = RaiseTier(rules, now);
        var lastPurchase = LastPurchaseAt is { } last && last > purchase.OccurredAt ? last : purchase.OccurredAt;
        LastPurchaseAt = lastPurchase;
        LapsesAt = rules.InactivityExpiry ? lastPurchase.AddDays(rules.InactivityExpiryDays) : null;

        var referrer = AwaitsReferralPurchase && quote.Points > 0 && purchase.Paid >= rules.ReferralMinPurchase ? Profile.ReferredBy : null;
        if (referrer is not null)
        {
            Profile = Profile with { ReferralPurchase = operation.ToString() };
        }

        var note = quote.CampaignIds.Count == 0 ? $"tier {quote.Tier}" : $"tier {quote.Tier}; campaigns {string.Join(',', quote.CampaignIds)}";
        var entry = Record(LedgerEntryKind.Earn, quote.Points, now, purchase.OccurredAt, operation, purchase.MerchantId,
            purchase.Amount.Amount, purchase.Amount.Currency.Code, note, null);
        var record = new PurchaseRecord(purchase.MerchantId, purchase.PurchaseId, purchase.Paid, purchase.Amount.Currency.Code,
            quote.Points, 0m, 0, lot?.Id, purchase.OccurredAt);
        return new EarnOutcome(entry, record, raisedTo, referrer, Profile.CanBeMessaged);
    }

    /// <summary>Pays part of a check with spendable points, soonest-expiring first, within the program's cap.</summary>
    public Result<LedgerEntry> Redeem(OperationKey operation, long points, Money.Money check, ProgramRules rules, DateTimeOffset now, string? merchantId = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (points <= 0)
        {
            return LoyaltyError.PointsNotPositive("points");
        }

        if (check.Currency != rules.ProgramCurrency)
        {
            return new LoyaltyError(LoyaltyErrorCode.CurrencyMismatch, "currency", $"the program runs in {rules.Currency}");
        }

        var cap = rules.RedemptionCap(check.Amount);
        if (points > cap)
        {
            return new LoyaltyError(LoyaltyErrorCode.RedemptionAboveCap, "points",
                $"at most {cap} points ({rules.RedemptionCapPercent.ToString(CultureInfo.InvariantCulture)}% of the check) may pay this check");
        }

        var shortage = NotEnough(points, rules, now);
        if (shortage is not null)
        {
            return shortage;
        }

        var draws = Draw(points, lots.Where(l => l.IsSpendableAt(now)).ToList());
        return Record(LedgerEntryKind.Redeem, -points, now, now, operation, merchantId, check.Amount, check.Currency.Code, null, draws);
    }

    /// <summary>
    /// Pays as much of a check as the customer offers and the rules allow: the least of <paramref name="points"/>, the
    /// program's cap of the check and the spendable points. Fails only when not one point can be applied.
    /// </summary>
    public Result<LedgerEntry> RedeemUpTo(OperationKey operation, long points, Money.Money check, ProgramRules rules, DateTimeOffset now, string? merchantId = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (points <= 0)
        {
            return LoyaltyError.PointsNotPositive("points");
        }

        if (check.Currency != rules.ProgramCurrency)
        {
            return new LoyaltyError(LoyaltyErrorCode.CurrencyMismatch, "currency", $"the program runs in {rules.Currency}");
        }

        var cap = rules.RedemptionCap(check.Amount);
        if (cap == 0)
        {
            return new LoyaltyError(LoyaltyErrorCode.RedemptionAboveCap, "amount",
                $"{rules.RedemptionCapPercent.ToString(CultureInfo.InvariantCulture)}% of this check is less than one point");
        }

        var applicable = Math.Min(points, Math.Min(cap, SpendableAt(now)));
        return applicable > 0 ? Redeem(operation, applicable, check, rules, now, merchantId) : NotEnough(1, rules, now)!;
    }

    /// <summary>
    /// Undoes a redemption whose purchase never happened: its points go back to the lots they were drawn from, with those
    /// lots' availability and expiry; a lot used up since is opened again for its days. Points whose lot has expired
    /// meanwhile stay gone, as they would have without the redemption; a debt takes its share first, as of any points that
    /// come in. Applying it once per redemption is the caller's part (its operation key).
    /// </summary>
    public Result<LedgerEntry> CancelRedemption(OperationKey cancel, LedgerEntry redemption, ProgramRules rules, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(redemption);
        ArgumentNullException.ThrowIfNull(rules);
        if (redemption.Kind != LedgerEntryKind.Redeem)
        {
            throw new ArgumentException($"Only a redemption can be cancelled, not {redemption.Kind} {redemption.Operation}.", nameof(redemption));
        }

        var restored = 0L;
        var draws = new List<LotDraw>();
        foreach (var draw in redemption.Draws ?? [])
        {
            if (draw.Points >= 0 || draw.ExpiresAt <= now)
            {
                continue;
            }

            var points = -draw.Points;
            restored += points;
            var payOff = Math.Min(Debt, points);
            Debt -= payOff;
            if (points > payOff)
            {
                RestoreLot(draw, points - payOff, cancel, now);
                draws.Add(draw with { Points = points - payOff });
            }
        }

        SortLots();
        return Record(LedgerEntryKind.RedemptionCancel, restored, now, now, cancel, redemption.MerchantId, redemption.Amount, redemption.Currency,
            $"cancels {redemption.Operation}", draws);
    }

    /// <summary>
    /// Claws back points in proportion to the refunded money: from the purchase's own lot first, then from other lots
    /// soonest-expiring first; what was already spent becomes a debt that later earnings pay off.
    /// </summary>
    public Result<RefundOutcome> Refund(OperationKey operation, PurchaseRecord purchase, Money.Money amount, ProgramRules rules, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(purchase);
        ArgumentNullException.ThrowIfNull(rules);
        if (!string.Equals(amount.Currency.Code, purchase.Currency, StringComparison.Ordinal))
        {
            return new LoyaltyError(LoyaltyErrorCode.CurrencyMismatch, "currency", $"the purchase was paid in {purchase.Currency}");
        }

        if (amount.Amount > purchase.Refundable)
        {
            return new LoyaltyError(LoyaltyErrorCode.RefundExceedsPurchase, "amount",
                $"only {purchase.Refundable.ToString(CultureInfo.InvariantCulture)} {purchase.Currency} of this purchase is left to refund");
        }

        // Once the purchase's own points have expired they are gone either way: taking them again from other lots would
        // make the customer lose them twice.
        var clawback = purchase.OccurredAt.AddDays(rules.ExpiryDays) <= now ? 0 : purchase.ClawbackFor(amount.Amount);
        var own = OwnLotId(purchase, rules);
        var order = lots.Where(l => PointsLot.SameDayPair(l.Id, own)).Concat(lots.Where(l => !PointsLot.SameDayPair(l.Id, own))).ToList();
        var draws = Draw(clawback, order);
        Debt += clawback + draws.Sum(d => d.Points);
        RecordSpend(purchase.OccurredAt, -amount.Amount, now, rules.TierWindowDays);

        var entry = Record(LedgerEntryKind.Refund, -clawback, now, now, operation, purchase.MerchantId, amount.Amount, amount.Currency.Code,
            $"purchase {purchase.PurchaseId}", draws);
        var updated = purchase with { Refunded = purchase.Refunded + amount.Amount, ClawedBack = purchase.ClawedBack + clawback };
        var revoke = Profile.ReferralPurchase == $"{purchase.MerchantId}/{purchase.PurchaseId}" && !Profile.ReferralRevoked
            && now - purchase.OccurredAt <= TimeSpan.FromDays(rules.ReferralReturnDays) && updated.Refundable < rules.ReferralMinPurchase;
        if (revoke)
        {
            Profile = Profile with { ReferralRevoked = true };
        }

        return new RefundOutcome(entry, updated, Profile.CanBeMessaged, revoke ? Profile.ReferredBy : null);
    }

    /// <summary>Welcome, birthday, referral, review and other gifts: a lot with the shorter bonus lifetime.</summary>
    public Result<LedgerEntry> GrantBonus(OperationKey operation, long points, string reason, ProgramRules rules, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (points <= 0)
        {
            return LoyaltyError.PointsNotPositive("points");
        }

        AddLot(LotKind.Bonus, points, now, now, now.AddDays(rules.BonusExpiryDays), operation.ToString(), now);
        return Record(LedgerEntryKind.Bonus, points, now, now, operation, null, null, null, reason, null);
    }

    /// <summary>
    /// Takes back a bonus granted before (an invitation whose purchase was refunded): from the soonest-expiring lots, and
    /// what was already spent becomes a debt, as a refund's clawback does. Recorded as a negative bonus.
    /// </summary>
    public Result<LedgerEntry> TakeBackBonus(OperationKey operation, long points, string reason, DateTimeOffset now)
    {
        if (points <= 0)
        {
            return LoyaltyError.PointsNotPositive("points");
        }

        var draws = Draw(points, [.. lots]);
        Debt += points + draws.Sum(d => d.Points);
        return Record(LedgerEntryKind.Bonus, -points, now, now, operation, null, null, null, reason, draws);
    }

    /// <summary>
    /// A correction by the program owner, recorded with who made it (<paramref name="by"/>): adds a lot, or takes spendable
    /// then pending points (never into debt).
    /// </summary>
    public Result<LedgerEntry> Adjust(OperationKey operation, long delta, string reason, ProgramRules rules, DateTimeOffset now, string? by = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (delta == 0)
        {
            return new LoyaltyError(LoyaltyErrorCode.PointsNotPositive, "points", "must not be zero");
        }

        if (delta > 0)
        {
            AddLot(LotKind.Adjustment, delta, now, now, now.AddDays(rules.ExpiryDays), operation.ToString(), now);
            return Record(LedgerEntryKind.Adjust, delta, now, now, operation, null, null, null, reason, null) with { By = by };
        }

        var open = lots.Where(l => l.IsSpendableAt(now)).Concat(lots.Where(l => l.IsPendingAt(now))).ToList();
        if (open.Sum(l => l.Remaining) - Debt < -delta)
        {
            return NotEnough(-delta, rules, now)
                ?? new LoyaltyError(LoyaltyErrorCode.InsufficientPoints, "points", "the account does not hold that many points");
        }

        var draws = Draw(-delta, open);
        return Record(LedgerEntryKind.Adjust, delta, now, now, operation, null, null, null, reason, draws) with { By = by };
    }

    /// <summary>
    /// Hands every point of this account to <paramref name="toCustomerId"/>: all lots as they are (expired ones too, so that
    /// the receiver's expiry run expires them), the debt and the spend toward a tier. The account is then sealed
    /// (<see cref="CustomerProfile.MergedInto"/>) and takes no more operations.
    /// </summary>
    public Result<PointsTransfer> TransferAllOut(OperationKey operation, string toCustomerId, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(toCustomerId);
        if (toCustomerId == CustomerId)
        {
            throw new ArgumentException("An account cannot be merged into itself.", nameof(toCustomerId));
        }

        if (Profile.MergedInto is not null)
        {
            return LoyaltyError.CustomerMerged();
        }

        var moved = lots.ToList();
        var debt = Debt;
        var spend = spendByDay.Select(d => new DaySpend(d.Key, d.Value)).ToList();
        lots.Clear();
        spendByDay.Clear();
        Debt = 0;
        Profile = Profile with { MergedInto = toCustomerId };
        var entry = Record(LedgerEntryKind.TransferOut, -(moved.Sum(l => l.Remaining) - debt), now, now, operation, null, null, null,
            $"{moved.Count} lots to {toCustomerId}", null);
        return new PointsTransfer(CustomerId, toCustomerId, entry, moved, debt, spend);
    }

    /// <summary>
    /// Takes over the points of a merged account: each lot joins the lot of its days (so a later refund finds its purchase's lot), kind,
    /// availability and expiry; any debt of this account takes its share of them first, and the transferred debt is
    /// drawn from the lots soonest-expiring first. The spend counts toward this account's tier, which may rise.
    /// </summary>
    public Result<LedgerEntry> ReceiveTransfer(OperationKey operation, PointsTransfer transfer, ProgramRules rules, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        ArgumentNullException.ThrowIfNull(rules);
        if (transfer.ToCustomerId != CustomerId)
        {
            throw new ArgumentException($"The transfer is for {transfer.ToCustomerId}, not {CustomerId}.", nameof(transfer));
        }

        foreach (var lot in transfer.Lots)
        {
            var payOff = Math.Min(Debt, lot.Remaining);
            Debt -= payOff;
            if (lot.Remaining > payOff)
            {
                AddToGroup(lot with { Remaining = lot.Remaining - payOff }, now);
            }
        }

        SortLots();
        var drawn = Draw(transfer.Debt, lots.ToList());
        Debt += transfer.Debt + drawn.Sum(d => d.Points);
        foreach (var day in transfer.Spend)
        {
            RecordSpend(day.Day, day.Paid, now, rules.TierWindowDays);
        }

        var raisedTo = RaiseTier(rules, now);
        var note = $"{transfer.Lots.Count} lots from {transfer.FromCustomerId}" + (raisedTo is null ? "" : $"; tier raised to {raisedTo}");
        return Record(LedgerEntryKind.TransferIn, transfer.Points, now, now, operation, null, null, null, note, null);
    }

    /// <summary>
    /// Expires every lot whose time has come, and with <paramref name="inactivityExpiry"/> every lot once the balance
    /// lapses (<see cref="LapsesAt"/>); null when nothing is due.
    /// </summary>
    public LedgerEntry? ExpireDue(OperationKey operation, DateTimeOffset now, bool inactivityExpiry = false)
    {
        var lapsed = inactivityExpiry && LapsesAt <= now;
        var due = lots.Where(l => lapsed || l.IsExpiredAt(now)).ToList();
        if (due.Count == 0)
        {
            return null;
        }

        if (lapsed)
        {
            LapsesAt = null;
        }

        var draws = Draw(due.Sum(l => l.Remaining), due);
        return Record(LedgerEntryKind.Expire, draws.Sum(d => d.Points), now, now, operation, null, null, null, lapsed ? InactivityNote : null, draws);
    }

    /// <summary>The note of an expiry entry that took the whole balance after the customer's inactivity.</summary>
    public const string InactivityNote = "inactivity";

    private LoyaltyError? NotEnough(long points, ProgramRules rules, DateTimeOffset now)
    {
        var spendable = SpendableAt(now);
        if (spendable >= points)
        {
            return null;
        }

        var pending = lots.Where(l => l.IsPendingAt(now)).MinBy(l => l.AvailableAt);
        var message = pending is null
            ? $"only {Math.Max(spendable, 0)} points are spendable"
            : $"only {Math.Max(spendable, 0)} points are spendable; {PendingAt(now)} more are pending, the first from {TimeZoneInfo.ConvertTime(pending.AvailableAt, rules.Zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
        return new LoyaltyError(LoyaltyErrorCode.InsufficientPoints, "points", message);
    }

    /// <summary>A new lot, of which any debt takes its share first; null when the debt took it all.</summary>
    private PointsLot? AddLot(LotKind kind, long points, DateTimeOffset earnedAt, DateTimeOffset availableAt, DateTimeOffset expiresAt, string source, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(points);
        var payOff = Math.Min(Debt, points);
        Debt -= payOff;
        if (points - payOff == 0)
        {
            return null;
        }

        var lot = AddToGroup(new PointsLot(PointsLot.GroupId(availableAt, expiresAt), kind, points, points - payOff, earnedAt, availableAt, expiresAt, source), now);
        SortLots();
        return lot;
    }

    /// <summary>
    /// Adds points to the lot of their expiry and availability days, or opens it. A lot of several purchases becomes
    /// spendable and expires at the latest of their times, so no point is ever spendable sooner or expires sooner than
    /// its own times say. With <paramref name="now"/>, spendable and pending points of one day pair keep to lots of their
    /// own (the pair's id and that id + <c>p</c>), so that joining never makes spendable points pending again.
    /// </summary>
    private PointsLot AddToGroup(PointsLot points, DateTimeOffset? now)
    {
        var id = PointsLot.GroupId(points.AvailableAt, points.ExpiresAt);
        if (now is { } at)
        {
            id = LotInTheSameState(id, points.AvailableAt <= at, at);
        }

        var index = lots.FindIndex(l => l.Id == id);
        if (index < 0)
        {
            var opened = points with { Id = id };
            lots.Add(opened);
            return opened;
        }

        lots[index] = Joined(lots[index], points);
        return lots[index];
    }

    /// <summary>
    /// Of a day pair's two lots, the one that is spendable at <paramref name="now"/> when <paramref name="spendable"/>
    /// (pending otherwise), or the one still free. When both are in the other state they become one, freeing the second.
    /// </summary>
    private string LotInTheSameState(string id, bool spendable, DateTimeOffset now)
    {
        var second = id + PointsLot.SecondLotSuffix;
        var first = lots.FindIndex(l => l.Id == id);
        if (first < 0 || (lots[first].AvailableAt <= now) == spendable)
        {
            return id;
        }

        var other = lots.FindIndex(l => l.Id == second);
        if (other < 0 || (lots[other].AvailableAt <= now) == spendable)
        {
            return second;
        }

        lots[first] = Joined(lots[first], lots[other]);
        lots.RemoveAt(other);
        return second;
    }

    private static PointsLot Joined(PointsLot lot, PointsLot points) => lot with
    {
        Points = lot.Points + points.Points,
        Remaining = lot.Remaining + points.Remaining,
        EarnedAt = Min(lot.EarnedAt, points.EarnedAt),
        AvailableAt = Max(lot.AvailableAt, points.AvailableAt),
        ExpiresAt = Max(lot.ExpiresAt, points.ExpiresAt),
    };

    /// <summary>
    /// The lot a purchase's points went to: the one its record names, or, for a purchase recorded before lots were
    /// grouped (its lot id names a single lot), the group of its expiry and availability under today's rules.
    /// </summary>
    private static string? OwnLotId(PurchaseRecord purchase, ProgramRules rules) =>
        purchase.LotId is null || PointsLot.IsGroupId(purchase.LotId)
            ? purchase.LotId
            : PointsLot.GroupId(purchase.OccurredAt.AddDays(rules.PendingDays), purchase.OccurredAt.AddDays(rules.ExpiryDays));

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a <= b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;

    /// <summary>Returns drawn points to their lot, or opens it again (same expiry and availability) when it is gone.</summary>
    private void RestoreLot(LotDraw draw, long points, OperationKey cancel, DateTimeOffset now)
    {
        var index = lots.FindIndex(l => l.Id == draw.LotId);
        if (index < 0)
        {
            AddToGroup(new PointsLot("", LotKind.Restored, points, points, now, draw.AvailableAt, draw.ExpiresAt, cancel.ToString()), now);
            return;
        }

        var lot = lots[index];
        var remaining = lot.Remaining + points;
        lots[index] = lot with { Remaining = remaining, Points = Math.Max(lot.Points, remaining) };
    }

    /// <summary>Takes up to <paramref name="points"/> from <paramref name="from"/> in its order; each draw is negative.</summary>
    private List<LotDraw> Draw(long points, IReadOnlyList<PointsLot> from)
    {
        var draws = new List<LotDraw>();
        foreach (var lot in from)
        {
            if (points == 0)
            {
                break;
            }

            var take = Math.Min(points, lot.Remaining);
            if (take == 0)
            {
                continue;
            }

            points -= take;
            draws.Add(new LotDraw(lot.Id, -take, lot.AvailableAt, lot.ExpiresAt));
            var index = lots.IndexOf(lot);
            if (lot.Remaining == take)
            {
                lots.RemoveAt(index);
            }
            else
            {
                lots[index] = lot with { Remaining = lot.Remaining - take };
            }
        }

        return draws;
    }

    /// <summary>Tiers rise at once; they fall only at the periodic review. The tier reached, or null when it stayed.</summary>
    private string? RaiseTier(ProgramRules rules, DateTimeOffset now)
    {
        var reached = rules.TierFor(TrailingSpend(now, rules.TierWindowDays));
        if (reached.MinSpend <= rules.TierNamed(Tier).MinSpend)
        {
            return null;
        }

        Tier = reached.Name;
        return reached.Name;
    }

    private void RecordSpend(DateTimeOffset occurredAt, decimal paid, DateTimeOffset now, int windowDays) =>
        RecordSpend(DateOnly.FromDateTime(occurredAt.UtcDateTime), paid, now, windowDays);

    private void RecordSpend(DateOnly day, decimal paid, DateTimeOffset now, int windowDays)
    {
        spendByDay[day] = Math.Max(0m, spendByDay.GetValueOrDefault(day) + paid);

        // Days older than the window no longer count toward a tier.
        var oldest = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-windowDays);
        foreach (var stale in spendByDay.Keys.Where(d => d < oldest || spendByDay[d] == 0).ToList())
        {
            spendByDay.Remove(stale);
        }
    }

    private LedgerEntry Record(
        LedgerEntryKind kind, long delta, DateTimeOffset now, DateTimeOffset occurredAt, OperationKey operation,
        string? merchantId, decimal? amount, string? currency, string? note, IReadOnlyList<LotDraw>? draws)
    {
        Totals = Totals.Add(kind, delta);
        latestEntryTimes.Insert(0, now);
        if (latestEntryTimes.Count > LatestEntriesKept)
        {
            latestEntryTimes.RemoveAt(LatestEntriesKept);
        }

        return new LedgerEntry(LedgerEntry.NewId(), kind, delta, Balance, now, occurredAt, operation.ToString(), merchantId, amount, currency, note, draws);
    }

    private void SortLots() =>
        lots.Sort((a, b) => (a.ExpiresAt, a.AvailableAt).CompareTo((b.ExpiresAt, b.AvailableAt)) is var byTime and not 0
            ? byTime
            : string.CompareOrdinal(a.Id, b.Id));
}
