using System.Net;
using Azure;
using Azure.Data.Tables;
using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Domain.Errors;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Storage;

namespace LoyaltyBot.Functions.Customers;

public sealed record NewCustomer(long? TelegramUserId = null, PhoneNumber? Phone = null, string? Name = null, string Language = "ru", long? ChatId = null);

/// <summary>
/// Registers customers and finds them by phone, card, invite code or Telegram user id. A lookup row is claimed with an
/// insert, so two customers can never hold one phone or card; the claims come before the account row, and a
/// registration cut short is completed by the next attempt with the same Telegram user id.
/// </summary>
public sealed class CustomerDirectory(StorageAccount storage, LedgerStore ledger, TimeProvider time, CustomerNameIndex names)
{
    private const string LookupRow = "-";
    private readonly TableClient lookup = storage.Table(TableNames.Lookup);
    private readonly TableClient customers = storage.Table(TableNames.Customers);

    public async Task<string?> FindAsync(LookupKey key, CancellationToken cancellationToken)
    {
        var row = await lookup.GetEntityIfExistsAsync<TableEntity>(key.Partition, LookupRow, select: ["CustomerId"], cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.GetString("CustomerId") : null;
    }

    public async Task<CustomerAccount?> FindAccountAsync(LookupKey key, CancellationToken cancellationToken) =>
        await FindAsync(key, cancellationToken) is { } customerId ? await ledger.GetAccountAsync(customerId, cancellationToken) : null;

    /// <summary>
    /// The id of the customer holding this phone, or of a new account keyed by it when no one has registered it yet:
    /// purchases made before a customer joins are kept for them until they bind the phone in the bot. From the lookup
    /// row only: the caller reads the account anyway (the ledger does, under its ETag), so it is not read twice.
    /// </summary>
    public async Task<string> FindOrOpenIdByPhoneAsync(PhoneNumber phone, ProgramRules rules, CancellationToken cancellationToken)
    {
        if (await FindAsync(LookupKey.Phone(phone), cancellationToken) is { } existing)
        {
            return existing;
        }

        var opened = await RegisterAsync(new NewCustomer(Phone: phone), rules, cancellationToken);
        // Lost a race with another purchase or a registration for the same phone: theirs is the account.
        return opened.IsSuccess ? opened.Value.CustomerId : await FindAsync(LookupKey.Phone(phone), cancellationToken)
            ?? throw new InvalidOperationException("A phone claimed by another customer is gone from the lookup.");
    }

    public async Task<Result<CustomerAccount>> RegisterAsync(NewCustomer customer, ProgramRules rules, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(customer);
        ArgumentNullException.ThrowIfNull(rules);
        var customerId = CustomerId.New();
        var claimed = new List<LookupKey>();
        if (customer.TelegramUserId is { } userId)
        {
            var owner = await ClaimAsync(LookupKey.Telegram(userId), customerId, cancellationToken);
            if (owner != customerId)
            {
                // Registered before (or half-registered): that customer it is.
                if (await ledger.GetAccountAsync(owner, cancellationToken) is { } existing)
                {
                    return existing;
                }

                customerId = owner;
            }
            else
            {
                claimed.Add(LookupKey.Telegram(userId));
            }
        }

        if (customer.Phone is { } phone)
        {
            var owner = await ClaimAsync(LookupKey.Phone(phone), customerId, cancellationToken);
            if (owner != customerId)
            {
                await ReleaseAsync(claimed, cancellationToken);
                return new LoyaltyError(LoyaltyErrorCode.AlreadyExists, "phone", "this phone number is bound to another customer");
            }
        }

        var card = await ClaimUniqueAsync(CardNumber.NewRandom, c => LookupKey.Card(c), customerId, cancellationToken);
        var invite = await ClaimUniqueAsync(InviteCode.NewRandom, LookupKey.Invite, customerId, cancellationToken);
        await names.AddAsync(customerId, customer.Name, cancellationToken);
        var profile = new CustomerProfile
        {
            CardNumber = card.Digits,
            InviteCode = invite,
            TelegramUserId = customer.TelegramUserId,
            ChatId = customer.ChatId,
            Name = customer.Name,
            Language = customer.Language,
            Phone = customer.Phone?.E164,
        };
        var account = CustomerAccount.Open(customerId, profile, rules, time.GetUtcNow());
        try
        {
            await customers.AddEntityAsync(AccountEntity.ToEntity(account, ETag.All), cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.Conflict)
        {
            account = await ledger.GetAccountAsync(customerId, cancellationToken) ?? throw new InvalidOperationException("Account vanished.", ex);
        }

        await ledger.AccountOpenedAsync(account, cancellationToken);
        return account;
    }

    /// <summary>Claims a free lookup row for the customer; answers whoever owns it afterwards (them, or the one who was first).</summary>
    public Task<string> ClaimOrFindOwnerAsync(LookupKey key, string customerId, CancellationToken cancellationToken) =>
        ClaimAsync(key, customerId, cancellationToken);

    /// <summary>
    /// Points a lookup row from one customer to another (a phone-keyed account merged into a bot customer's), only while
    /// it still names <paramref name="fromCustomerId"/>: an ETag-guarded update, so a racing claim cannot be overwritten.
    /// True when the row names <paramref name="toCustomerId"/> afterwards.
    /// </summary>
    public async Task<bool> RepointAsync(LookupKey key, string fromCustomerId, string toCustomerId, CancellationToken cancellationToken)
    {
        var row = await lookup.GetEntityIfExistsAsync<TableEntity>(key.Partition, LookupRow, cancellationToken: cancellationToken);
        if (!row.HasValue || row.Value!.GetString("CustomerId") is not { } owner || owner != fromCustomerId)
        {
            return row.HasValue && row.Value!.GetString("CustomerId") == toCustomerId;
        }

        try
        {
            await lookup.UpdateEntityAsync(new TableEntity(key.Partition, LookupRow) { ["CustomerId"] = toCustomerId }, row.Value.ETag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
        {
            return await FindAsync(key, cancellationToken) == toCustomerId;
        }
    }

    /// <summary>Deletes a lookup row if it still names the customer (an erasure); a row gone or someone else's is left alone.</summary>
    public async Task ReleaseAsync(LookupKey key, string customerId, CancellationToken cancellationToken)
    {
        var row = await lookup.GetEntityIfExistsAsync<TableEntity>(key.Partition, LookupRow, cancellationToken: cancellationToken);
        if (!row.HasValue || row.Value!.GetString("CustomerId") != customerId)
        {
            return;
        }

        try
        {
            await lookup.DeleteEntityAsync(key.Partition, LookupRow, row.Value.ETag, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
        {
            // Changed or gone meanwhile: not ours to delete any more.
        }
    }

    /// <summary>Inserts the lookup row; answers whoever owns it afterwards (us, or the one who was first).</summary>
    private async Task<string> ClaimAsync(LookupKey key, string customerId, CancellationToken cancellationToken)
    {
        try
        {
            await lookup.AddEntityAsync(new TableEntity(key.Partition, LookupRow) { ["CustomerId"] = customerId }, cancellationToken);
            return customerId;
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.Conflict)
        {
            return await FindAsync(key, cancellationToken) ?? throw new InvalidOperationException($"Lookup {key} conflicted yet is gone.", ex);
        }
    }

    private async Task<T> ClaimUniqueAsync<T>(Func<T> next, Func<T, LookupKey> keyOf, string customerId, CancellationToken cancellationToken)
    {
        // Random values collide only by astronomical chance; a few tries settle it.
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var value = next();
            if (await ClaimAsync(keyOf(value), customerId, cancellationToken) == customerId)
            {
                return value;
            }
        }

        throw new InvalidOperationException("Could not find a free card number or invite code.");
    }

    private async Task ReleaseAsync(IEnumerable<LookupKey> keys, CancellationToken cancellationToken)
    {
        foreach (var key in keys)
        {
            await lookup.DeleteEntityAsync(key.Partition, LookupRow, cancellationToken: cancellationToken);
        }
    }
}
