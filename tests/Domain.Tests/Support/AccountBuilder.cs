using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;

namespace LoyaltyBot.Domain.Tests.Support;

/// <summary>
/// An account opened at <see cref="Moment.T0"/> under the default rules, then given points through its own
/// operations (never by poking state), so every built account is one the domain could reach.
/// </summary>
internal sealed class AccountBuilder
{
    private readonly List<Action<CustomerAccount>> history = [];
    private ProgramRules rules = ProgramRules.Default;
    private DateTimeOffset openedAt = Moment.T0;
    private Func<CustomerProfile, CustomerProfile> profile = p => p;

    public AccountBuilder Under(ProgramRules value)
    {
        rules = value;
        return this;
    }

    public AccountBuilder OpenedAt(DateTimeOffset value)
    {
        openedAt = value;
        return this;
    }

    public AccountBuilder WithProfile(Func<CustomerProfile, CustomerProfile> change)
    {
        profile = change;
        return this;
    }

    /// <summary>Points earned for a purchase made (and processed) at <paramref name="at"/>.</summary>
    public AccountBuilder WithEarned(long points, DateTimeOffset? at = null, decimal paid = 1_000m)
    {
        history.Add(account => account.EarnPoints(points, rules, at ?? openedAt, paid));
        return this;
    }

    public AccountBuilder WithBonus(long points, DateTimeOffset? at = null)
    {
        history.Add(account => Assert.True(account.GrantBonus(Ops.Next(), points, "gift", rules, at ?? openedAt).IsSuccess));
        return this;
    }

    public CustomerAccount Build()
    {
        var account = CustomerAccount.Open("c-test", profile(NewProfile()), rules, openedAt);
        foreach (var step in history)
        {
            step(account);
        }

        return account;
    }

    public static CustomerProfile NewProfile() =>
        new() { CardNumber = CardNumber.NewRandom().Digits, InviteCode = InviteCode.NewRandom() };
}
