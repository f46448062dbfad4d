using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Outbox;
using LoyaltyBot.Functions.Rules;
using LoyaltyBot.Functions.Storage;
using LoyaltyBot.Functions.Telemetry;

namespace LoyaltyBot.Functions.Jobs;

public sealed record ExpiryRunSummary(int CustomersChecked, int Expirations, long PointsExpired);

/// <summary>
/// The daily expiry: reads only the expiry index partitions of the last few days (never the Customers table), expires
/// what is due in each customer's partition, tells the customer (when the bot can reach them), and drops index rows
/// whose day holds no more lots for that customer.
/// </summary>
public sealed class ExpiryRun(ExpiryIndex index, LedgerStore ledger, ProgramStore program, Notifier notifier, TimeProvider time)
{
    /// <summary>Days looked back, so a run that was missed or failed is caught up by the next.</summary>
    public const int LookbackDays = 7;

    public async Task<ExpiryRunSummary> RunAsync(CancellationToken cancellationToken)
    {
        using var run = LoyaltyMetrics.StartJob("ExpirePoints");
        var rules = await program.GetAsync(cancellationToken);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        int customers = 0, expirations = 0;
        long points = 0;
        for (var day = today.AddDays(-LookbackDays); day <= today; day = day.AddDays(1))
        {
            await foreach (var customerId in index.ReadDayAsync(day, cancellationToken))
            {
                customers++;
                var expired = await ledger.ExpireDueAsync(customerId, rules.InactivityExpiry, cancellationToken);
                if (expired is not null)
                {
                    expirations++;
                    points -= expired.Delta;
                }

                var account = await ledger.GetAccountAsync(customerId, cancellationToken);
                if (expired is not null && account is { Profile.CanBeMessaged: true })
                {
                    await notifier.EnqueueAsync(new Notification($"expired-{expired.Id}", customerId, NotificationKind.PointsExpired,
                        -expired.Delta, expired.BalanceAfter), cancellationToken);
                }

                if (account is null || !account.ExpiryDays().Contains(day))
                {
                    await index.RemoveAsync(day, customerId, cancellationToken);
                }
            }
        }

        run.Succeeded();
        return new ExpiryRunSummary(customers, expirations, points);
    }
}
