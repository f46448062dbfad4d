namespace LoyaltyBot.Functions.Customers;

/// <summary>Personal data a feature keeps of a customer outside their profile; an erasure asks each keeper to forget it.</summary>
public interface IPersonalData
{
    /// <summary>Forgets what this keeper holds of the customer; idempotent, as an erasure cut short is done again.</summary>
    Task EraseAsync(string customerId, long telegramUserId, CancellationToken cancellationToken);
}
