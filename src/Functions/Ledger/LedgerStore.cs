using System.Net;
using Azure;
using Azure.Data.Tables;
using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Domain.Errors;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Storage;
using Money = LoyaltyBot.Domain.Money.Money;

namespace LoyaltyBot.Functions.Ledger;

/// <summary>
/// Applies ledger operations to one customer's partition of the Customers table. Each operation is one read of the
/// account row and one entity-group transaction: the idempotency marker (inserted, so a replay collides), the account
/// (replaced under its ETag, so concurrent writers retry) and the ledger entry. A replay returns the stored first answer.
/// Within this process a customer's operations take turns (<see cref="CustomerLocks"/>), so only other instances collide.
/// </summary>
public sealed partial class LedgerStore(
    StorageAccount storage, ExpiryIndex expiryIndex, TierReviewIndex tierReviews, TimeProvider time, ILogger<LedgerStore> logger,
    ILedgerListener? listener = null)
{
    private const string CommittedProperty = "Committed";

    /// <summary>The account row's property keeping what the listener answered before the last operation (<see cref="ILedgerListener.CommittingAsync"/>).</summary>
    private const string FiledProperty = "Filed";
    public const string MergeSource = "merge";
    private const string MergedFromProperty = "MergedFrom";
    private static readonly TimeSpan ContentionDeadline = TimeSpan.FromSeconds(60);
    private readonly TableClient customers = storage.Table(TableNames.Customers);
    private readonly CustomerLocks locks = new();

    public async Task<CustomerAccount?> GetAccountAsync(string customerId, CancellationToken cancellationToken)
    {
        var row = await customers.GetEntityIfExistsAsync<TableEntity>(customerId, LedgerKeys.Account, cancellationToken: cancellationToken);
        return row.HasValue ? AccountEntity.FromEntity(row.Value!) : null;
    }

    /// <summary>The columns of an account row that segments read: no lots, no history.</summary>
    private static readonly string[] SegmentColumns =
        ["PartitionKey", "Tier", "Spend", "CreatedAt", "LastPurchaseAt", "ChatId", "TelegramUserId", "Unreachable", "MergedInto", "BirthMonth", "Language"];

    /// <summary>
    /// One page of every account, in customer id order, with only what segments read (no lots: <see cref="CustomerAccount.Balance"/>
    /// is not known), and where the next page starts (null after the last). One query over the Customers table: an owner's
    /// action, never on a purchase's or an update's path.
    /// </summary>
    public async Task<(IReadOnlyList<CustomerAccount> Accounts, string? Next)> ReadAccountsPageAsync(string? from, int pageSize, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"RowKey eq {LedgerKeys.Account}");
        await foreach (var page in customers.QueryAsync<TableEntity>(filter, pageSize, SegmentColumns, cancellationToken).AsPages(from, pageSize))
        {
            return ([.. page.Values.Select(AccountEntity.FromEntity)], page.ContinuationToken);
        }

        return ([], null);
    }

    /// <summary>Whether the operation has been applied to the customer: one point read of its marker.</summary>
    public async Task<bool> WasAppliedAsync(string customerId, OperationKey operation, CancellationToken cancellationToken)
    {
        var marker = await customers.GetEntityIfExistsAsync<TableEntity>(customerId, LedgerKeys.Operation(operation), select: ["Fingerprint"], cancellationToken: cancellationToken);
        return marker.HasValue;
    }

    /// <summary>
    /// Credits a purchase. The marker <c>op-&lt;merchant&gt;-&lt;purchaseId&gt;</c> also keeps the purchase for later refunds.
    /// With <paramref name="heldBy"/> (the customer id was remembered, not just looked up), the account must still hold that
    /// phone, card or Telegram id, or the answer is CustomerNotFound and nothing is applied or replayed.
    /// </summary>
    public Task<Result<EarnOutcome>> EarnAsync(
        string customerId, Purchase purchase, ProgramRules rules, IReadOnlyList<Campaign> campaigns, CancellationToken cancellationToken, LookupKey? heldBy = null)
    {
        ArgumentNullException.ThrowIfNull(purchase);
        ArgumentNullException.ThrowIfNull(rules);
        var key = OperationKey.Create(purchase.MerchantId, purchase.PurchaseId, "purchaseId");
        if (!key.IsSuccess)
        {
            return Task.FromResult(Result<EarnOutcome>.Failure(key.Error!));
        }

        var fingerprint = StorageKeys.Fingerprint("earn", customerId, purchase.Amount.Amount, purchase.Amount.Currency.Code, purchase.OccurredAt,
            purchase.PointsRedeemed, purchase.Items);
        return CommitAsync(customerId, key.Value, fingerprint, (account, now) =>
        {
            var tier = rules.TierNamed(account.Tier);
            var quote = EarnCalculator.Quote(purchase, tier, rules, campaigns, account.Profile.BoostPicks);
            return account.Earn(key.Value, purchase, quote, rules, now)
                .Map(outcome => new Change<EarnOutcome>(outcome, outcome.Entry, [], WireJson.Write(outcome.Purchase),
                    outcome.RaisedToTier is null ? null : account.TierReviewDue(rules, now)));
        }, cancellationToken, heldBy);
    }

    /// <summary>Claws back points for part or all of an earlier purchase of this merchant.</summary>
    public async Task<Result<RefundOutcome>> RefundAsync(
        string customerId, OperationKey refund, string merchantId, string purchaseId, Money amount, ProgramRules rules, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var purchaseKey = OperationKey.Create(merchantId, purchaseId, "purchaseId");
        if (!purchaseKey.IsSuccess)
        {
            return purchaseKey.Error!;
        }

        var purchaseRow = LedgerKeys.Operation(purchaseKey.Value);
        var fingerprint = StorageKeys.Fingerprint("refund", customerId, merchantId, purchaseId, amount.Amount, amount.Currency.Code);
        return await CommitAsync(customerId, refund, fingerprint, async (account, now) =>
        {
            var marker = await customers.GetEntityIfExistsAsync<TableEntity>(customerId, purchaseRow, cancellationToken: cancellationToken);
            if (!marker.HasValue || marker.Value!.GetString("Purchase") is not { } stored)
            {
                return new LoyaltyError(LoyaltyErrorCode.PurchaseNotFound, "purchaseId", "no such purchase of this merchant for this customer");
            }

            return account.Refund(refund, WireJson.Read<PurchaseRecord>(stored), amount, rules, now).Map(outcome =>
            {
                // The purchase row changes under its own ETag, so two refunds of one purchase cannot both spend its remainder.
                var update = new TableEntity(customerId, purchaseRow) { ETag = marker.Value.ETag, ["Purchase"] = WireJson.Write(outcome.Purchase) };
                // Less spend may lower the tier sooner than the review it is filed under.
                return new Change<RefundOutcome>(outcome, outcome.Entry, [new TableTransactionAction(TableTransactionActionType.UpdateMerge, update, marker.Value.ETag)], null,
                    account.TierReviewDue(rules, now));
            });
        }, cancellationToken);
    }

    /// <summary>Pays exactly <paramref name="points"/> of a check, or fails.</summary>
    public Task<Result<LedgerEntry>> RedeemAsync(
        string customerId, OperationKey operation, string? merchantId, long points, Money check, ProgramRules rules, CancellationToken cancellationToken)
    {
        var fingerprint = StorageKeys.Fingerprint("redeem", customerId, merchantId, points, check.Amount, check.Currency.Code);
        return CommitEntryAsync(customerId, operation, fingerprint, (account, now) => account.Redeem(operation, points, check, rules, now, merchantId), cancellationToken);
    }

    /// <summary>Pays as much of <paramref name="points"/> as the cap of the check and the spendable points allow.</summary>
    public Task<Result<LedgerEntry>> RedeemUpToAsync(
        string customerId, OperationKey operation, string merchantId, long points, Money check, ProgramRules rules, CancellationToken cancellationToken)
    {
        var fingerprint = StorageKeys.Fingerprint("redeem-up-to", customerId, merchantId, points, check.Amount, check.Currency.Code);
        return CommitEntryAsync(customerId, operation, fingerprint, (account, now) => account.RedeemUpTo(operation, points, check, rules, now, merchantId), cancellationToken);
    }

    /// <summary>
    /// Returns the points of the redemption applied under <paramref name="redemption"/>, found by its marker, which keeps
    /// the redemption's entry as its first answer. Under its own key <paramref name="cancel"/>, so it restores once.
    /// </summary>
    public Task<Result<LedgerEntry>> CancelRedemptionAsync(
        string customerId, OperationKey cancel, OperationKey redemption, ProgramRules rules, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var fingerprint = StorageKeys.Fingerprint("cancel-redemption", customerId, redemption.Source, redemption.Id);
        return CommitAsync(customerId, cancel, fingerprint, async (account, now) =>
        {
            var marker = await customers.GetEntityIfExistsAsync<TableEntity>(customerId, LedgerKeys.Operation(redemption), select: ["Result"], cancellationToken: cancellationToken);
            var entry = marker.HasValue && marker.Value!.GetString("Result") is { } stored ? WireJson.Read<LedgerEntry>(stored) : null;
            if (entry is not { Kind: LedgerEntryKind.Redeem })
            {
                return new LoyaltyError(LoyaltyErrorCode.RedemptionNotFound, "redemptionId", "no such redemption of this merchant");
            }

            return account.CancelRedemption(cancel, entry, rules, now).Map(restored => new Change<LedgerEntry>(restored, restored, [], null));
        }, cancellationToken);
    }

    public Task<Result<LedgerEntry>> GrantBonusAsync(string customerId, OperationKey operation, long points, string reason, ProgramRules rules, CancellationToken cancellationToken)
    {
        var fingerprint = StorageKeys.Fingerprint("bonus", customerId, points, reason);
        return CommitEntryAsync(customerId, operation, fingerprint, (account, now) => account.GrantBonus(operation, points, reason, rules, now), cancellationToken);
    }

    /// <summary>
    /// The referrer's bonus for <paramref name="friendId"/>'s qualifying purchase (made in <paramref name="month"/>), under
    /// the key <c>referral/&lt;friendId&gt;</c>, counted in the referrer's <see cref="ReferralCounters"/> in the same
    /// transaction: both happen once. Refused (ReferralRefused) when the month's cap of rewards is reached.
    /// </summary>
    public Task<Result<LedgerEntry>> GrantReferrerBonusAsync(
        string referrerId, string friendId, string month, long points, ProgramRules rules, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var operation = OperationKey.Of("referral", friendId);
        var fingerprint = StorageKeys.Fingerprint("bonus", referrerId, points, ReferralReasons.Referrer);
        return CommitAsync(referrerId, operation, fingerprint, async (account, now) =>
        {
            var row = await customers.GetEntityIfExistsAsync<TableEntity>(referrerId, LedgerKeys.Referrals, cancellationToken: cancellationToken);
            var counters = ReferralCountersEntity.Read(row);
            if (rules.ReferralMonthlyCap > 0 && counters.RewardedIn(month) >= rules.ReferralMonthlyCap)
            {
                return new LoyaltyError(LoyaltyErrorCode.ReferralRefused, "referrer", $"the referrer had {rules.ReferralMonthlyCap} rewards in {month}");
            }

            return account.GrantBonus(operation, points, ReferralReasons.Referrer, rules, now).Map(entry => new Change<LedgerEntry>(entry, entry,
                [ReferralCountersEntity.Write(referrerId, counters.Count(month, 1, entry.Delta), row)], null));
        }, cancellationToken);
    }

    /// <summary>
    /// Takes back the bonus granted under <c>referral/&lt;friendId&gt;</c> in this customer's partition (the friend's own,
    /// or the referrer's, whose counters then drop in the same transaction), under <c>referral-revoked/&lt;friendId&gt;</c>:
    /// once. Null when no bonus was granted there.
    /// </summary>
    public async Task<LedgerEntry?> RevokeReferralBonusAsync(string customerId, string friendId, string month, CancellationToken cancellationToken)
    {
        var granted = LedgerKeys.Operation(OperationKey.Of("referral", friendId));
        var operation = OperationKey.Of("referral-revoked", friendId);
        var result = await CommitAsync<LedgerEntry?>(customerId, operation, StorageKeys.Fingerprint("revoke", customerId, friendId), async (account, now) =>
        {
            var marker = await customers.GetEntityIfExistsAsync<TableEntity>(customerId, granted, select: ["Result"], cancellationToken: cancellationToken);
            if (!marker.HasValue || marker.Value!.GetString("Result") is not { } stored || WireJson.Read<LedgerEntry>(stored) is not { Delta: > 0 } bonus)
            {
                return new Change<LedgerEntry?>(null, null, [], null);
            }

            List<TableTransactionAction> extra = [];
            if (customerId != friendId)
            {
                var row = await customers.GetEntityIfExistsAsync<TableEntity>(customerId, LedgerKeys.Referrals, cancellationToken: cancellationToken);
                extra.Add(ReferralCountersEntity.Write(customerId, ReferralCountersEntity.Read(row).Count(month, -1, -bonus.Delta), row));
            }

            return account.TakeBackBonus(operation, bonus.Delta, ReferralReasons.Revoked, now).Map(entry => new Change<LedgerEntry?>(entry, entry, extra, null));
        }, cancellationToken);
        return result.IsSuccess ? result.Value : null;
    }

    /// <summary>A correction by the program owner; <paramref name="by"/> (who made it) is kept in the entry and checked on a replay.</summary>
    public Task<Result<LedgerEntry>> AdjustAsync(
        string customerId, OperationKey operation, long delta, string reason, ProgramRules rules, CancellationToken cancellationToken, string? by = null)
    {
        // Without a name the fingerprint is the one adjustments had before names were kept, so their replays still match.
        var fingerprint = by is null ? StorageKeys.Fingerprint("adjust", customerId, delta, reason) : StorageKeys.Fingerprint("adjust", customerId, delta, reason, by);
        return CommitEntryAsync(customerId, operation, fingerprint, (account, now) => account.Adjust(operation, delta, reason, rules, now, by), cancellationToken);
    }

    /// <summary>
    /// Moves every point of the phone-keyed account <paramref name="fromCustomerId"/> out, toward <paramref name="toCustomerId"/>,
    /// and seals it. Keyed by the receiver, so a replay answers the first transfer, lots and all.
    /// </summary>
    public Task<Result<PointsTransfer>> TransferOutAsync(string fromCustomerId, string toCustomerId, CancellationToken cancellationToken)
    {
        var operation = MergeKey(toCustomerId);
        var fingerprint = StorageKeys.Fingerprint("transfer-out", fromCustomerId, toCustomerId);
        return CommitAsync(fromCustomerId, operation, fingerprint, (account, now) =>
            account.TransferAllOut(operation, toCustomerId, now).Map(transfer => new Change<PointsTransfer>(transfer, transfer.Entry, [], null)), cancellationToken);
    }

    /// <summary>Receives a transfer made by <see cref="TransferOutAsync"/>, once: keyed by the account it came from.</summary>
    public Task<Result<LedgerEntry>> TransferInAsync(PointsTransfer transfer, ProgramRules rules, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        var operation = MergeKey(transfer.FromCustomerId);
        var fingerprint = StorageKeys.Fingerprint("transfer-in", transfer.ToCustomerId, transfer.FromCustomerId, transfer.Entry.Id);
        return CommitAsync(transfer.ToCustomerId, operation, fingerprint, (account, now) =>
        {
            var tier = account.Tier;
            return account.ReceiveTransfer(operation, transfer, rules, now).Map(entry =>
                new Change<LedgerEntry>(entry, entry, [], null, account.Tier == tier ? null : account.TierReviewDue(rules, now)));
        }, cancellationToken);
    }

    /// <summary>
    /// Copies the idempotency markers of a merged account (its purchases, with what was refunded of them, and its refunds)
    /// to the account it was merged into, so refunds of earlier purchases find them there and a redelivered purchase or
    /// refund is not applied a second time. Insert only: a marker a refund has changed since is never overwritten.
    /// </summary>
    public async Task<int> CopyMarkersAsync(string fromCustomerId, string toCustomerId, CancellationToken cancellationToken)
    {
        var own = LedgerKeys.Operation(MergeKey(toCustomerId));
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {fromCustomerId} and RowKey ge {LedgerKeys.OperationPrefix} and RowKey lt {"op."}");
        var copied = 0;
        await foreach (var marker in customers.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (marker.RowKey == own)
            {
                continue;
            }

            var copy = new TableEntity(toCustomerId, marker.RowKey) { [MergedFromProperty] = fromCustomerId };
            foreach (var (name, value) in marker.Where(p => p.Key is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag")))
            {
                copy[name] = value;
            }

            try
            {
                await customers.AddEntityAsync(copy, cancellationToken);
                copied++;
            }
            catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.Conflict)
            {
                // Copied by an earlier attempt of this merge, and maybe refunded since: leave it.
            }
        }

        return copied;
    }

    /// <summary>Expires the customer's due lots (all, when the balance lapses under <paramref name="inactivityExpiry"/>); null when none was due (nothing is written then).</summary>
    public async Task<LedgerEntry?> ExpireDueAsync(string customerId, bool inactivityExpiry, CancellationToken cancellationToken)
    {
        var operation = OperationKey.Of("expiry", time.GetUtcNow().UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var result = await CommitAsync<LedgerEntry?>(customerId, operation, "expiry", (account, now) =>
            Task.FromResult<Result<Change<LedgerEntry?>>>(account.ExpireDue(operation, now, inactivityExpiry) is { } entry
                ? new Change<LedgerEntry?>(entry, entry, [], null)
                : new Change<LedgerEntry?>(null, null, [], null)), cancellationToken);
        return result.IsSuccess ? result.Value : null;
    }

    /// <summary>
    /// Applies the tier review of <paramref name="review"/> (<see cref="TierReviewCalendar"/>) to the customer: lowers the
    /// tier when the rules say so, with the row <c>tier-review-yyyyMM</c> in the same transaction, so that one review
    /// lowers a tier once however many runs or instances. The tier lowered to; null when the customer keeps theirs, is
    /// gone, or this review lowered it already.
    /// </summary>
    public async Task<TierRule?> ReviewTierAsync(string customerId, DateOnly review, ProgramRules rules, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var reviewAt = TierReviewCalendar.At(review, rules.Zone);
        var done = new TableEntity(customerId, LedgerKeys.TierReview(review)) { ["RecordedAt"] = time.GetUtcNow() };
        using var turn = await locks.EnterAsync(customerId, cancellationToken);
        while (true)
        {
            var row = await customers.GetEntityIfExistsAsync<TableEntity>(customerId, LedgerKeys.Account, cancellationToken: cancellationToken);
            var account = row.HasValue ? AccountEntity.FromEntity(row.Value!) : null;
            var before = account?.Tier;
            if (account is null || account.Profile.MergedInto is not null || account.ReviewTier(rules, reviewAt) is not { } lowered)
            {
                return null;
            }

            done["Tier"] = lowered.Name;
            try
            {
                await customers.SubmitTransactionAsync(
                    [
                        new TableTransactionAction(TableTransactionActionType.Add, done),
                        new TableTransactionAction(TableTransactionActionType.UpdateReplace, AccountRow(account, row.Value!), row.Value!.ETag),
                    ], cancellationToken);
                await (listener?.TierLoweredAsync(account, before!, review, cancellationToken) ?? Task.CompletedTask);
                return lowered;
            }
            catch (TableTransactionFailedException ex) when (ex.Status == (int)HttpStatusCode.Conflict && ex.FailedTransactionActionIndex == 0)
            {
                return null;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.Conflict)
            {
                // A ledger operation changed the account meanwhile: review the fresh row.
            }
        }
    }

    /// <summary>
    /// Changes the customer's profile (language, birthday, chat, reachability) under the account row's ETag, starting
    /// again from a fresh read when another writer came first. The change may refuse; the account is then left as it was.
    /// Null for an unknown customer.
    /// </summary>
    public async Task<Result<CustomerAccount>?> UpdateProfileAsync(
        string customerId, Func<CustomerProfile, Result<CustomerProfile>> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        using var turn = await locks.EnterAsync(customerId, cancellationToken);
        while (true)
        {
            var row = await customers.GetEntityIfExistsAsync<TableEntity>(customerId, LedgerKeys.Account, cancellationToken: cancellationToken);
            if (!row.HasValue)
            {
                return null;
            }

            var account = AccountEntity.FromEntity(row.Value!);
            var changed = change(account.Profile);
            if (!changed.IsSuccess)
            {
                return Result<CustomerAccount>.Failure(changed.Error!);
            }

            if (changed.Value == account.Profile)
            {
                return account;
            }

            account.ChangeProfile(_ => changed.Value);
            try
            {
                await customers.UpdateEntityAsync(AccountRow(account, row.Value!), row.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
                return account;
            }
            catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.PreconditionFailed)
            {
                // A ledger operation changed the account meanwhile: apply the change to the fresh row.
            }
        }
    }

    /// <summary>The customer's ledger, newest first.</summary>
    public Task<IReadOnlyList<LedgerEntry>> ReadEntriesAsync(string customerId, int? take, CancellationToken cancellationToken) =>
        EntryEntity.ReadAsync(customers, TableClient.CreateQueryFilter($"PartitionKey eq {customerId} and RowKey ge {LedgerKeys.EntryPrefix} and RowKey lt {"tx."}"), take, cancellationToken);

    /// <summary>
    /// A page of the customer's ledger, newest first: up to <paramref name="take"/> entries recorded before the entry
    /// <paramref name="afterEntryId"/> (a row key of an earlier page; none: from the newest). One range of the partition.
    /// </summary>
    public async Task<LedgerPage> ReadEntriesPageAsync(string customerId, int take, string? afterEntryId, CancellationToken cancellationToken)
    {
        var from = afterEntryId ?? LedgerKeys.EntryPrefix;
        var rows = new List<TableEntity>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {customerId} and RowKey gt {from} and RowKey lt {"tx."}");
        await foreach (var row in customers.QueryAsync<TableEntity>(filter, maxPerPage: Math.Clamp(take + 1, 1, 1000), select: ["RowKey", "Entry"], cancellationToken: cancellationToken))
        {
            rows.Add(row);
            // One row more than the page tells whether another page follows.
            if (rows.Count > take)
            {
                break;
            }
        }

        var page = rows.Take(take).ToList();
        return new LedgerPage([.. page.Select(EntryEntity.FromEntity)], rows.Count > take ? page[^1].RowKey : null);
    }

    /// <summary>
    /// The account's latest <paramref name="take"/> entries, newest first. When the account knows when they were recorded
    /// the query's range ends at the oldest of them, so storage touches those rows only, however long the history.
    /// </summary>
    public Task<IReadOnlyList<LedgerEntry>> ReadLatestEntriesAsync(CustomerAccount account, int take, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (take < 1 || account.LatestEntryTimes.Count < take)
        {
            return ReadEntriesAsync(account.CustomerId, take, cancellationToken);
        }

        // '.' sorts right after '-': the range takes every entry recorded at the oldest time as well.
        var end = LedgerKeys.EntriesRecordedAt(account.LatestEntryTimes[take - 1]) + ".";
        return EntryEntity.ReadAsync(customers, TableClient.CreateQueryFilter($"PartitionKey eq {account.CustomerId} and RowKey ge {LedgerKeys.EntryPrefix} and RowKey lt {end}"), take, cancellationToken);
    }

    private Task<Result<LedgerEntry>> CommitEntryAsync(
        string customerId, OperationKey operation, string fingerprint, Func<CustomerAccount, DateTimeOffset, Result<LedgerEntry>> apply, CancellationToken cancellationToken) =>
        CommitAsync(customerId, operation, fingerprint, (account, now) => apply(account, now).Map(entry => new Change<LedgerEntry>(entry, entry, [], null)), cancellationToken);

    private Task<Result<T>> CommitAsync<T>(
        string customerId, OperationKey operation, string fingerprint, Func<CustomerAccount, DateTimeOffset, Result<Change<T>>> apply, CancellationToken cancellationToken,
        LookupKey? heldBy = null) =>
        CommitAsync(customerId, operation, fingerprint, (account, now) => Task.FromResult(apply(account, now)), cancellationToken, heldBy);

    /// <summary>
    /// Read, apply, commit; on an ETag conflict start again from a fresh read, on a marker collision answer the stored result.
    /// With <paramref name="heldBy"/>, an account that no longer holds that key answers CustomerNotFound, as if it were not there.
    /// </summary>
    private async Task<Result<T>> CommitAsync<T>(
        string customerId, OperationKey operation, string fingerprint, Func<CustomerAccount, DateTimeOffset, Task<Result<Change<T>>>> apply, CancellationToken cancellationToken,
        LookupKey? heldBy = null)
    {
        var markerKey = LedgerKeys.Operation(operation);
        using var turn = await locks.EnterAsync(customerId, cancellationToken);
        // Contention is measured on the wall clock: the program's clock may be a test's fake one.
        var started = System.Diagnostics.Stopwatch.StartNew();
        var indexedDays = new HashSet<DateOnly>();
        for (var attempt = 1; ; attempt++)
        {
            var row = await customers.GetEntityIfExistsAsync<TableEntity>(customerId, LedgerKeys.Account, cancellationToken: cancellationToken);
            if (!row.HasValue)
            {
                return LoyaltyError.CustomerNotFound();
            }

            var account = AccountEntity.FromEntity(row.Value!);
            if (heldBy is { } key && !key.IsHeldBy(account.Profile))
            {
                return LoyaltyError.CustomerNotFound();
            }

            if (account.Profile.MergedInto is not null)
            {
                // Its points went to another customer: anything applied here now would be stranded.
                return await ReadReplayAsync<T>(customerId, markerKey, fingerprint, cancellationToken) ?? LoyaltyError.CustomerMerged();
            }

            var daysBefore = account.ExpiryDays();
            var tierBefore = account.Tier;
            var now = time.GetUtcNow();
            var applied = await apply(account, now);
            if (!applied.IsSuccess)
            {
                // The operation may have succeeded before (a replay after the points were spent): its first answer wins.
                return await ReadReplayAsync<T>(customerId, markerKey, fingerprint, cancellationToken) ?? Result<T>.Failure(applied.Error!);
            }

            var change = applied.Value;
            if (change.Entry is null)
            {
                return change.Value;
            }

            // Index rows go first and are harmless when extra: the expiry job re-checks the account.
            foreach (var day in account.ExpiryDays().Except(daysBefore).Except(indexedDays))
            {
                await expiryIndex.AddAsync(day, customerId, cancellationToken);
                indexedDays.Add(day);
            }

            if (change.TierReview is { } review)
            {
                await tierReviews.AddAsync(review, customerId, cancellationToken);
            }

            var filed = await (listener?.CommittingAsync(customerId, change.Entry, row.Value!.GetString(FiledProperty), cancellationToken) ?? Task.FromResult<string?>(null));
            var marker = new TableEntity(customerId, markerKey)
            {
                ["Fingerprint"] = fingerprint,
                ["Purchase"] = change.Purchase,
                ["RecordedAt"] = now,
            };
            // A transfer's answer lists every lot moved: it may outgrow one property.
            LargeText.Write(marker, "Result", WireJson.Write(change.Value));
            // Kept on the marker, so a replay can tell the listener again what was committed (its lot draws are not needed).
            var committed = new CommittedEntry(customerId, markerKey, change.Entry with { Draws = null }, tierBefore, account.Tier);
            marker[CommittedProperty] = WireJson.Write(committed);
            List<TableTransactionAction> batch =
            [
                new(TableTransactionActionType.Add, marker),
                new(TableTransactionActionType.UpdateReplace, AccountRow(account, row.Value!, filed), row.Value!.ETag),
                new(TableTransactionActionType.Add, EntryEntity.ToEntity(customerId, change.Entry, tierBefore, account.Tier)),
                .. change.Extra,
            ];
            try
            {
                await customers.SubmitTransactionAsync(batch, cancellationToken);
                await TellListenerAsync(committed, cancellationToken);
                return change.Value;
            }
            catch (TableTransactionFailedException ex) when (ex.Status == (int)HttpStatusCode.Conflict && ex.FailedTransactionActionIndex == 0)
            {
                return await ReadReplayAsync<T>(customerId, markerKey, fingerprint, cancellationToken)
                       ?? throw new InvalidOperationException($"Operation {operation} collided with a marker that is gone.", ex);
            }
            catch (TableTransactionFailedException ex) when (ex.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.Conflict)
            {
                if (started.Elapsed > ContentionDeadline)
                {
                    LogContentionGaveUp(logger, customerId, attempt);
                    throw;
                }

                // Another writer changed the partition first: back off a little, with jitter, and start again.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 2 + Math.Min(attempt * 4, 50))), cancellationToken);
            }
        }
    }

    /// <summary>The account's row to replace <paramref name="read"/> with, keeping what the listener filed (or <paramref name="filed"/>, new).</summary>
    private static TableEntity AccountRow(CustomerAccount account, TableEntity read, string? filed = null)
    {
        var entity = AccountEntity.ToEntity(account, read.ETag);
        if ((filed ?? read.GetString(FiledProperty)) is { } kept)
        {
            entity[FiledProperty] = kept;
        }

        return entity;
    }

    /// <summary>A merge's key on each side names the other account: <c>merge/&lt;receiver&gt;</c> out, <c>merge/&lt;giver&gt;</c> in.</summary>
    private static OperationKey MergeKey(string otherCustomerId) => OperationKey.Of(MergeSource, otherCustomerId);

    /// <summary>The stored first answer of an operation, an OperationConflict if it came with another input, or null if never applied.</summary>
    private async Task<Result<T>?> ReadReplayAsync<T>(string customerId, string markerKey, string fingerprint, CancellationToken cancellationToken)
    {
        var marker = await customers.GetEntityIfExistsAsync<TableEntity>(customerId, markerKey, cancellationToken: cancellationToken);
        if (!marker.HasValue)
        {
            return null;
        }

        // A marker copied from a merged account was checked there, against that account's fingerprint.
        if (!string.Equals(marker.Value!.GetString("Fingerprint"), fingerprint, StringComparison.Ordinal) && marker.Value.GetString(MergedFromProperty) is null)
        {
            return Result<T>.Failure(new LoyaltyError(LoyaltyErrorCode.OperationConflict, "operationId",
                "this operation id was already used with different details"));
        }

        if (marker.Value.GetString(CommittedProperty) is { } committed && marker.Value.GetString(MergedFromProperty) is null)
        {
            await TellListenerAsync(WireJson.Read<CommittedEntry>(committed), cancellationToken);
        }

        return Result<T>.Success(WireJson.Read<T>(LargeText.Read(marker.Value, "Result")));
    }

    /// <summary>Tells the listener of an account just opened (or found opened by an attempt cut short): it counts it once.</summary>
    public Task AccountOpenedAsync(CustomerAccount account, CancellationToken cancellationToken) =>
        listener?.OpenedAsync(account, cancellationToken) ?? Task.CompletedTask;

    /// <summary>Tells the listener of a phone being bound to the account.</summary>
    public Task PhoneBoundAsync(CustomerAccount account, CancellationToken cancellationToken) =>
        listener?.PhoneBoundAsync(account, cancellationToken) ?? Task.CompletedTask;

    private Task TellListenerAsync(CommittedEntry committed, CancellationToken cancellationToken) =>
        listener?.CommittedAsync(committed, cancellationToken) ?? Task.CompletedTask;

    /// <summary>What an applied operation writes besides marker, account and entry; <see cref="TierReview"/>: the tier review to file the customer under.</summary>
    private sealed record Change<T>(T Value, LedgerEntry? Entry, IReadOnlyList<TableTransactionAction> Extra, string? Purchase, DateOnly? TierReview = null);

    [LoggerMessage(Level = LogLevel.Error, Message = "Gave up on customer {CustomerId} after {Attempts} conflicting attempts")]
    private static partial void LogContentionGaveUp(ILogger logger, string customerId, int attempts);
}

/// <summary>A page of a customer's ledger, newest first; <see cref="Next"/>, when another page follows, is where it starts.</summary>
public sealed record LedgerPage(IReadOnlyList<LedgerEntry> Entries, string? Next);
