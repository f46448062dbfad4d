using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Functions.Kpis;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Rules;

namespace LoyaltyBot.Functions.Reviews;

/// <summary>A rating as recorded: whether it replaced an earlier one, and the review bonus it brought (null for none).</summary>
public sealed record Rated(bool Changed, long? Bonus);

/// <summary>
/// Rates a purchase for its customer. The first rating of a purchase earns the program's review bonus, once (operation
/// <c>review/&lt;purchase ref&gt;</c>) and counts in the KPI figures; rating it again changes the rating only.
/// </summary>
public sealed class ReviewBonus(FeedbackStore reviews, LedgerStore ledger, ProgramStore program, KpiDeltas kpis)
{
    public const string Reason = "review";

    public async Task<Rated> RateAsync(CustomerAccount customer, string reference, LedgerEntry purchase, int stars, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(customer);
        var customerId = customer.CustomerId;
        var before = await reviews.GetAsync(customerId, reference, cancellationToken);
        long? bonus = null;
        if (before?.Bonus is null)
        {
            // Under its own operation key the bonus is granted once, even if this rating is replayed after a crash.
            var rules = await program.GetAsync(cancellationToken);
            if (rules.ReviewBonus > 0 &&
                await ledger.GrantBonusAsync(customerId, OperationKey.Of(Reason, reference), rules.ReviewBonus, Reason, rules, cancellationToken) is { IsSuccess: true } granted)
            {
                bonus = granted.Value.Delta;
            }
        }

        if (before is null)
        {
            // Before the rating is stored, so a rating cut short is counted when it is made again.
            await kpis.RatedAsync(customer, reference, stars, cancellationToken);
        }

        await reviews.RateAsync(customerId, reference, purchase, stars, bonus, cancellationToken);
        return new Rated(before is not null, bonus);
    }
}
