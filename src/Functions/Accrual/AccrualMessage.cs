namespace LoyaltyBot.Functions.Accrual;

/// <summary>A message of the <c>purchases</c> queue: exactly one of a purchase to accrue or a refund to claw back.</summary>
public sealed record AccrualMessage(PurchaseMessage? Purchase = null, RefundMessage? Refund = null);
