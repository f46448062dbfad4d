using LoyaltyBot.Domain.Ledger;

namespace LoyaltyBot.Functions.Ledger;

/// <summary>
/// The entry an operation committed, with the customer's tier before it (the tier a purchase was quoted at) and after it:
/// what figures kept beside the ledger need.
/// </summary>
public sealed record CommittedEntry(string CustomerId, string Operation, LedgerEntry Entry, string Tier, string? TierAfter = null);

/// <summary>
/// Told of every account opened, every operation the ledger commits and every phone bound, and told again when an operation is replayed, so a
/// listener cut short before it finished catches up then. It must therefore count each operation once however often told.
/// </summary>
public interface ILedgerListener
{
    Task OpenedAsync(CustomerAccount account, CancellationToken cancellationToken);

    /// <summary>
    /// Told before an operation's transaction of the entry it will commit (the entry's row keeps what <see cref="CommittedEntry"/>
    /// tells), with what the listener answered last for this customer, <paramref name="filed"/>, kept on the account row by that
    /// transaction: so it can file the customer where it will look for their entries once a day, not once an operation.
    /// </summary>
    /// <returns>What to keep on the account row for the next operation.</returns>
    Task<string?> CommittingAsync(string customerId, LedgerEntry entry, string? filed, CancellationToken cancellationToken);

    /// <summary>Told after the transaction committed, and again on every replay of the operation.</summary>
    Task CommittedAsync(CommittedEntry committed, CancellationToken cancellationToken);

    /// <summary>A phone is being bound to the account (the last step of a binding; told again if that step is retried).</summary>
    Task PhoneBoundAsync(CustomerAccount account, CancellationToken cancellationToken);

    /// <summary>The tier review of <paramref name="review"/> lowered the account's tier from <paramref name="from"/>.</summary>
    Task TierLoweredAsync(CustomerAccount account, string from, DateOnly review, CancellationToken cancellationToken);
}
