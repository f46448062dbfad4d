using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Rules;
using LoyaltyBot.Functions.Storage;

namespace LoyaltyBot.Functions.Customers;

/// <summary>
/// The welcome bonus: once per account, under the operation <c>welcome/&lt;customerId&gt;</c>, and once per Telegram user.
/// An erasure of an account that had it leaves a row <c>welcomed-&lt;hash of the Telegram user id&gt;</c> in the Lookup
/// table, naming no customer, so that the account the same user registers afterwards gets none: erasing and starting
/// again must not farm bonuses.
/// </summary>
public sealed partial class WelcomeBonus(StorageAccount storage, LedgerStore ledger, ProgramStore program, TimeProvider time, ILogger<WelcomeBonus> logger)
{
    public const string Reason = "welcome";

    /// <summary>How long after its registration an account still gets a bonus it missed (a first /start cut short).</summary>
    public static readonly TimeSpan LateWindow = TimeSpan.FromDays(1);

    private const string Row = "-";
    private readonly TableClient lookup = storage.Table(TableNames.Lookup);

    /// <summary>Grants the bonus to a new account unless this Telegram user had one before; the points granted, 0 for none.</summary>
    public async Task<long> GrantAsync(string customerId, long telegramUserId, CancellationToken cancellationToken)
    {
        var rules = await program.GetAsync(cancellationToken);
        if (rules.WelcomeBonus <= 0)
        {
            return 0;
        }

        if (await WelcomedBeforeAsync(telegramUserId, cancellationToken))
        {
            LogWelcomedBefore(logger, customerId);
            return 0;
        }

        var granted = await ledger.GrantBonusAsync(customerId, Operation(customerId), rules.WelcomeBonus, Reason, rules, cancellationToken);
        return granted.IsSuccess ? granted.Value.Delta : 0;
    }

    /// <summary>
    /// The bonus that a first /start cut short after the registration missed, for an account opened within
    /// <see cref="LateWindow"/> that has none yet; the points granted, 0 for none.
    /// </summary>
    public async Task<long> GrantMissedAsync(CustomerAccount account, long telegramUserId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        // Older accounts joined under earlier rules: a welcome bonus switched on since is not theirs.
        if (time.GetUtcNow() - account.CreatedAt > LateWindow || (await program.GetAsync(cancellationToken)).WelcomeBonus <= 0
            || await ledger.WasAppliedAsync(account.CustomerId, Operation(account.CustomerId), cancellationToken))
        {
            return 0;
        }

        var points = await GrantAsync(account.CustomerId, telegramUserId, cancellationToken);
        if (points > 0)
        {
            LogGrantedLate(logger, account.CustomerId, points);
        }

        return points;
    }

    /// <summary>At erasure, before the <c>tg-</c> lookup goes: if the account had the bonus, remembers that this Telegram user did.</summary>
    public async Task RememberAsync(string customerId, long telegramUserId, CancellationToken cancellationToken)
    {
        if (await ledger.WasAppliedAsync(customerId, Operation(customerId), cancellationToken))
        {
            await lookup.UpsertEntityAsync(new TableEntity(Partition(telegramUserId), Row), TableUpdateMode.Replace, cancellationToken);
        }
    }

    private static OperationKey Operation(string customerId) => OperationKey.Of(Reason, customerId);

    /// <summary>Whether this Telegram user had an account with the welcome bonus and erased it.</summary>
    public async Task<bool> WelcomedBeforeAsync(long telegramUserId, CancellationToken cancellationToken) =>
        (await lookup.GetEntityIfExistsAsync<TableEntity>(Partition(telegramUserId), Row, cancellationToken: cancellationToken)).HasValue;

    /// <summary>
    /// <c>welcomed-&lt;SHA-256 of a fixed prefix and the id&gt;</c>. Pseudonymous, not anonymous: Telegram user ids are few
    /// enough (about 10^10) that whoever reads the table can hash them all and tell whose row it is. Unkeyed on purpose:
    /// the app's secrets (bot token, admin key) get rotated, and a hash keyed by one would then forget every row.
    /// </summary>
    private static string Partition(long telegramUserId) =>
        "welcomed-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("loyaltybot-welcomed:" + telegramUserId.ToString(CultureInfo.InvariantCulture))));

    [LoggerMessage(Level = LogLevel.Information, Message = "Customer {CustomerId} gets no welcome bonus: their Telegram user had one before an erasure")]
    private static partial void LogWelcomedBefore(ILogger logger, string customerId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Customer {CustomerId} got the {Points} welcome points that their first /start missed")]
    private static partial void LogGrantedLate(ILogger logger, string customerId, long points);
}
