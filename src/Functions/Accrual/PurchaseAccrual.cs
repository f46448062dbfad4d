using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Domain.Errors;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Offers;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Offers;
using LoyaltyBot.Functions.Rules;
using LoyaltyBot.Functions.Telemetry;

namespace LoyaltyBot.Functions.Accrual;

/// <summary>What became of a queued purchase: applied (or applied before), or set aside because it cannot ever apply.</summary>
public sealed record AccrualOutcome(string? CustomerId, EarnOutcome? Earned, LoyaltyError? Rejected);

/// <summary>
/// Applies a purchase from the <c>purchases</c> queue: finds the customer (an unknown phone gets an account of its own),
/// earns under the current rules, campaigns and the customer's personal offers (then gives the offers the purchase makes
/// them due for), and is idempotent because the ledger keys the earn by merchant and purchase id.
/// The first purchase of an invited customer also rewards the invitation (a replay repeats that, which grants nothing twice).
/// </summary>
public sealed partial class PurchaseAccrual(
    CustomerDirectory directory, LedgerStore ledger, ProgramStore program, CampaignStore campaigns, PersonalOffers offers, ReferralReward referrals,
    RememberedCustomers remembered, ILogger<PurchaseAccrual> logger)
{
    public async Task<AccrualOutcome> ApplyAsync(PurchaseMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var activity = LoyaltyTelemetry.StartActivity("AccruePurchase", message.MerchantId);
        var rules = await program.GetAsync(cancellationToken);
        var key = message.CustomerKey();
        // Checked before the customer is looked up: a purchase refused here opens no account for a phone no one has.
        var items = message.Items.Select(i => new PurchaseItem(i.Sku, i.Category, i.Quantity, i.Price)).ToList();
        var purchase = Purchase.Create(message.MerchantId, message.PurchaseId, message.Amount, message.Currency, message.OccurredAt, items, message.PointsRedeemed, rules);
        if (!purchase.IsSuccess)
        {
            // Valid when accepted, but the rules changed since (another currency, a lower maximum): keep it out of the ledger, say why.
            LogRejected(logger, message.MerchantId, message.PurchaseId, purchase.Error!.Code);
            var known = message.CustomerId ?? remembered.Recall(key) ?? await directory.FindAsync(key, cancellationToken);
            return new AccrualOutcome(known, null, purchase.Error);
        }

        // Remembered or carried from the webhook: spares the lookup read, and the ledger checks it against the account.
        var recalled = message.CustomerId ?? remembered.Recall(key);
        var customerId = recalled ?? await LookUpAsync(message, key, rules, cancellationToken);
        if (customerId is null)
        {
            LogUnmatched(logger, message.MerchantId, message.PurchaseId);
            return new AccrualOutcome(null, null, LoyaltyError.CustomerNotFound(message.CardNumber is null ? "telegramUserId" : "cardNumber"));
        }

        var active = await campaigns.GetAllAsync(cancellationToken);
        var offersApply = await offers.MayApplyAsync(cancellationToken);
        var given = offersApply ? await offers.ReadAsync(customerId, cancellationToken) : [];
        var earned = await ledger.EarnAsync(customerId, purchase.Value, rules, [.. active, .. given.Select(o => o.AsCampaign())], cancellationToken,
            heldBy: recalled is null ? null : key);
        if (earned.Error?.Code is LoyaltyErrorCode.CustomerMerged or LoyaltyErrorCode.CustomerNotFound)
        {
            // The remembered id is no longer theirs (erased, or not bound yet), or the phone's account was merged into a bot
            // customer's while this purchase was on its way: the lookup row names the customer now.
            remembered.Forget(key);
            if (await LookUpAsync(message, key, rules, cancellationToken) is { } current && (recalled is not null || current != customerId))
            {
                customerId = current;
                given = offersApply ? await offers.ReadAsync(customerId, cancellationToken) : [];
                earned = await ledger.EarnAsync(customerId, purchase.Value, rules, [.. active, .. given.Select(o => o.AsCampaign())], cancellationToken);
            }
        }

        if (!earned.IsSuccess)
        {
            LogRejected(logger, message.MerchantId, message.PurchaseId, earned.Error!.Code);
            return new AccrualOutcome(customerId, null, earned.Error);
        }

        remembered.Remember(key, customerId);
        // Known from the earn itself, so the common purchase costs no extra read.
        if (earned.Value.ReferrerToReward is { } referrer)
        {
            await referrals.GrantAsync(customerId, referrer, earned.Value.Purchase, rules, cancellationToken);
        }

        // After the earn, so an offer this purchase brings (accessories after headphones) runs from the next purchase on.
        if (offersApply && await ledger.GetAccountAsync(customerId, cancellationToken) is { } account)
        {
            await offers.GrantDueAsync(account, OfferFacts.Of(account, BoughtLines.Of(purchase.Value)), given, rules, cancellationToken);
        }

        return new AccrualOutcome(customerId, earned.Value, null);
    }

    /// <summary>The customer the lookup row names; a phone no one has registered yet gets an account of its own.</summary>
    private async Task<string?> LookUpAsync(PurchaseMessage message, LookupKey key, Domain.Rules.ProgramRules rules, CancellationToken cancellationToken) =>
        message.Phone is not null
            ? await directory.FindOrOpenIdByPhoneAsync(PhoneNumber.Parse(message.Phone).Value, rules, cancellationToken)
            : await directory.FindAsync(key, cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Purchase {PurchaseId} of merchant {MerchantId} names no known customer; set aside")]
    private static partial void LogUnmatched(ILogger logger, string merchantId, string purchaseId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Purchase {PurchaseId} of merchant {MerchantId} was refused by the ledger: {Reason}")]
    private static partial void LogRejected(ILogger logger, string merchantId, string purchaseId, LoyaltyErrorCode reason);
}
