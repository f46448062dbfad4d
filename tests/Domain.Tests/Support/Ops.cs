using LoyaltyBot.Domain.Ledger;

namespace LoyaltyBot.Domain.Tests.Support;

/// <summary>A fresh operation key for each call; tests that do not care about idempotency need only uniqueness.</summary>
internal static class Ops
{
    private static long next;

    public static OperationKey Next() => OperationKey.Of("test", $"op-{Interlocked.Increment(ref next)}");
}
