using Azure;
using Azure.Data.Tables;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Offers;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Domain.Segments;
using LoyaltyBot.Functions.Outbox;
using LoyaltyBot.Functions.Storage;

namespace LoyaltyBot.Functions.Offers;

/// <summary>
/// The personal offers given to customers, as <c>offer-&lt;offerId&gt;</c> rows in each customer's partition of the Customers
/// table. An offer is given once per rule and occasion (the row is inserted, so a second grant collides) and announced
/// through the notifications queue before its row is written, so a grant cut short is announced again under the same id,
/// which the sender sends once.
/// </summary>
public sealed partial class PersonalOffers(OfferRuleStore rules, StorageAccount storage, Notifier notifier, TimeProvider time, ILogger<PersonalOffers> logger)
{
    private const string Prefix = "offer-";
    private const string Column = "Offer";
    private readonly TableClient customers = storage.Table(TableNames.Customers);

    /// <summary>
    /// Whether any customer may hold a valid offer: a rule runs, or ended so recently that its last offers still run.
    /// Without one, purchases skip reading offers, so a program without offer rules pays nothing for them.
    /// </summary>
    public async Task<bool> MayApplyAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return (await rules.GetAllAsync(cancellationToken)).Any(r => r.EndedAt is not { } ended || ended.AddDays(r.ValidDays) > now);
    }

    /// <summary>Every offer the customer was given, valid or not, soonest to end first: one query of their partition.</summary>
    public async Task<IReadOnlyList<PersonalOffer>> ReadAsync(string customerId, CancellationToken cancellationToken)
    {
        var offers = new List<PersonalOffer>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {customerId} and RowKey ge {Prefix} and RowKey lt {"offer."}");
        await foreach (var row in customers.QueryAsync<TableEntity>(filter, select: [Column], cancellationToken: cancellationToken))
        {
            offers.Add(WireJson.Read<PersonalOffer>(row.GetString(Column)));
        }

        return [.. offers.OrderBy(o => o.Until)];
    }

    /// <summary>
    /// Gives the customer each offer a running rule finds them due for and that they were not given yet (nor hold still valid
    /// from the same rule), announcing each new one; answers every offer they hold, <paramref name="given"/> and new.
    /// </summary>
    public async Task<IReadOnlyList<PersonalOffer>> GrantDueAsync(
        CustomerAccount account, OfferFacts facts, IReadOnlyList<PersonalOffer> given, ProgramRules program, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(given);
        ArgumentNullException.ThrowIfNull(program);
        var now = time.GetUtcNow();
        var held = given.ToList();
        facts = facts with { Segments = CustomerSegments.Of(account, program, now) };
        foreach (var rule in await rules.GetAllAsync(cancellationToken))
        {
            if (rule.OccasionFor(facts, now, program.Zone) is not { } occasion)
            {
                continue;
            }

            var offer = rule.OfferOn(occasion, now);
            if (held.Any(o => o.Id == offer.Id || (o.RuleId == rule.Id && o.IsValidAt(now))))
            {
                continue;
            }

            if (account.Profile.CanBeMessaged)
            {
                await notifier.EnqueueAsync(Announcement(account.CustomerId, offer), cancellationToken);
            }

            await SaveAsync(account.CustomerId, offer, cancellationToken);
            LogGranted(logger, offer.Id, account.CustomerId);
            held.Add(offer);
        }

        return held;
    }

    /// <summary>The notification that tells the customer of a new offer; its id is the offer's, so it is sent once.</summary>
    public static Notification Announcement(string customerId, PersonalOffer offer)
    {
        ArgumentNullException.ThrowIfNull(offer);
        return new Notification($"{Prefix}{offer.Id}", customerId, NotificationKind.PersonalOffer, Date: offer.Until, Text: offer.Name,
            Multiplier: offer.Multiplier, Categories: offer.Categories);
    }

    private async Task SaveAsync(string customerId, PersonalOffer offer, CancellationToken cancellationToken)
    {
        try
        {
            await customers.AddEntityAsync(new TableEntity(customerId, Prefix + StorageKeys.Safe(offer.Id)) { [Column] = WireJson.Write(offer) }, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == StatusCodes.Status409Conflict)
        {
            // Given by a concurrent purchase or screen meanwhile: it stands as that one wrote it.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Personal offer {OfferId} given to customer {CustomerId}")]
    private static partial void LogGranted(ILogger logger, string offerId, string customerId);
}
