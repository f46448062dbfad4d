using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;

namespace LoyaltyBot.Domain.Segments;

/// <summary>
/// The named groups of members that offers and broadcasts target. Every member is in <see cref="All"/>, in
/// <c>tier:&lt;name&gt;</c> of their tier, in <see cref="BirthdayThisMonth"/> when born in the current month of the program's
/// zone, and in at most one RFM group: the first of <see cref="New"/>, <see cref="Champions"/>, <see cref="Loyal"/>,
/// <see cref="AtRisk"/>, <see cref="Lost"/> that holds (<see cref="RfmGroup"/>).
/// </summary>
public static class CustomerSegments
{
    public const string All = "all";
    public const string New = "new";
    public const string Champions = "champions";
    public const string Loyal = "loyal";
    public const string AtRisk = "atRisk";
    public const string Lost = "lost";
    public const string BirthdayThisMonth = "birthdayThisMonth";
    public const string TierPrefix = "tier:";

    /// <summary>Every segment of the program, in the order the admin API lists them.</summary>
    public static IReadOnlyList<string> Names(ProgramRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return [All, New, Champions, Loyal, AtRisk, Lost, BirthdayThisMonth, .. rules.Tiers.Select(t => TierPrefix + t.Name)];
    }

    /// <summary>The segment as the program spells it (a tier's name in any case finds its tier); null when it names none.</summary>
    public static string? Find(string? name, ProgramRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (name?.StartsWith(TierPrefix, StringComparison.OrdinalIgnoreCase) == true)
        {
            return rules.FindTier(name[TierPrefix.Length..]) is { } tier ? TierPrefix + tier.Name : null;
        }

        return Names(rules).FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Whether the account is a member the segments count: not a phone-keyed account merged into another.</summary>
    public static bool IsMember(CustomerAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return account.Profile.MergedInto is null;
    }

    /// <summary>Every segment the account is in at <paramref name="now"/>; none for an account that is no member.</summary>
    public static IReadOnlySet<string> Of(CustomerAccount account, ProgramRules rules, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(rules);
        if (!IsMember(account))
        {
            return new HashSet<string>();
        }

        var segments = new HashSet<string> { All, TierPrefix + rules.TierNamed(account.Tier).Name };
        if (RfmGroup(account, RfmScore.Of(account, rules, now), rules.Rfm, now) is { } group)
        {
            segments.Add(group);
        }

        if (account.Profile.BirthMonth == TimeZoneInfo.ConvertTime(now, rules.Zone).Month)
        {
            segments.Add(BirthdayThisMonth);
        }

        return segments;
    }

    /// <summary>
    /// The RFM group, the first that holds: joined within <see cref="RfmRules.NewMemberDays"/> → new; recency, frequency and
    /// money all 4 or more → champions; recency and frequency 3 or more → loyal; recency 2 → at risk; recency 1 (no
    /// purchase within the last recency step, or none at all) → lost. Others (a recent buyer who comes seldom) are in none.
    /// </summary>
    public static string? RfmGroup(CustomerAccount account, RfmScore score, RfmRules rfm, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(rfm);
        return score switch
        {
            _ when now - account.CreatedAt < TimeSpan.FromDays(rfm.NewMemberDays) => New,
            { Recency: >= 4, Frequency: >= 4, Monetary: >= 4 } => Champions,
            { Recency: >= 3, Frequency: >= 3 } => Loyal,
            { Recency: 2 } => AtRisk,
            { Recency: 1 } => Lost,
            _ => null,
        };
    }
}
