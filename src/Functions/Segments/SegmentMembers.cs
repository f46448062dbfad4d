using System.Runtime.CompilerServices;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Domain.Segments;
using LoyaltyBot.Functions.Ledger;

namespace LoyaltyBot.Functions.Segments;

/// <summary>A segment's size: its members, and how many of them the bot can write to (a chat, not blocked).</summary>
public sealed record SegmentCount(string Segment, int Members, int Reachable);

/// <summary>The segments of the program with their sizes, in the order <see cref="CustomerSegments.Names"/> gives.</summary>
public sealed record SegmentList(IReadOnlyList<SegmentCount> Segments);

/// <summary>
/// Finds the members of segments by reading every account row (the segment columns only), a page at a time: an owner's
/// action (counts, a broadcast's audience), never on the path of a purchase or a bot update.
/// </summary>
public sealed class SegmentMembers(LedgerStore ledger)
{
    /// <summary>Accounts read per request: the most one query page of the Table service holds.</summary>
    public const int PageSize = 1000;

    /// <summary>Every segment with its members and reachable members at <paramref name="now"/>.</summary>
    public async Task<SegmentList> CountAsync(ProgramRules rules, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var names = CustomerSegments.Names(rules);
        var members = names.ToDictionary(n => n, _ => 0);
        var reachable = names.ToDictionary(n => n, _ => 0);
        await foreach (var account in ReadAllAsync(cancellationToken))
        {
            foreach (var segment in CustomerSegments.Of(account, rules, now))
            {
                members[segment]++;
                reachable[segment] += account.Profile.CanBeMessaged ? 1 : 0;
            }
        }

        return new SegmentList([.. names.Select(n => new SegmentCount(n, members[n], reachable[n]))]);
    }

    /// <summary>One segment's size at <paramref name="now"/>.</summary>
    public async Task<SegmentCount> CountAsync(string segment, ProgramRules rules, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (members, reachable) = (0, 0);
        await foreach (var account in ReadAllAsync(cancellationToken))
        {
            if (CustomerSegments.Of(account, rules, now).Contains(segment))
            {
                members++;
                reachable += account.Profile.CanBeMessaged ? 1 : 0;
            }
        }

        return new SegmentCount(segment, members, reachable);
    }

    /// <summary>
    /// The members of <paramref name="segment"/> on one page of accounts (<paramref name="page"/> null for the first), and
    /// where the next page starts (null after the last). A page may hold none.
    /// </summary>
    public async Task<(IReadOnlyList<CustomerAccount> Members, string? Next)> PageAsync(
        string segment, ProgramRules rules, DateTimeOffset at, string? page, CancellationToken cancellationToken)
    {
        var (accounts, next) = await ledger.ReadAccountsPageAsync(page, PageSize, cancellationToken);
        return ([.. accounts.Where(a => CustomerSegments.Of(a, rules, at).Contains(segment))], next);
    }

    private async IAsyncEnumerable<CustomerAccount> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? page = null;
        do
        {
            (var accounts, page) = await ledger.ReadAccountsPageAsync(page, PageSize, cancellationToken);
            foreach (var account in accounts)
            {
                yield return account;
            }
        }
        while (page is not null);
    }
}
