using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Domain.Errors;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Functions.Accrual;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Merchants;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Money = LoyaltyBot.Domain.Money.Money;

namespace LoyaltyBot.Functions.Tests.Ledger;

/// <summary>Binding a phone to a bot customer, and merging the phone-keyed account of earlier purchases into theirs.</summary>
public sealed class PhoneBindingTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task AFreePhoneIsClaimedForTheCustomerAndSetInTheProfile()
    {
        var (binding, harness) = await BindingAsync();
        var customer = await harness.RegisterAsync();
        var phone = NewPhone();

        var outcome = await binding.BindAsync(customer, phone, harness.Rules, None);

        Assert.Equal(new PhoneBindingOutcome(PhoneBindingStatus.Bound, phone.E164), outcome);
        Assert.Equal(customer, await harness.Directory.FindAsync(LookupKey.Phone(phone), None));
        Assert.Equal(phone.E164, (await harness.AccountAsync(customer)).Profile.Phone);
    }

    [Fact]
    public async Task APhoneOfAnotherRegisteredCustomerIsRefusedAndStaysTheirs()
    {
        var (binding, harness) = await BindingAsync();
        var phone = NewPhone();
        var holder = await harness.RegisterAsync(phone: phone.E164);
        var customer = await harness.RegisterAsync();

        var outcome = await binding.BindAsync(customer, phone, harness.Rules, None);

        Assert.Equal(PhoneBindingStatus.TakenByAnotherCustomer, outcome.Status);
        Assert.Equal(holder, await harness.Directory.FindAsync(LookupKey.Phone(phone), None));
        Assert.Null((await harness.AccountAsync(customer)).Profile.Phone);
        Assert.Null((await harness.AccountAsync(customer)).Profile.MergedFrom);
    }

    [Fact]
    public async Task ThePointsOfEarlierPurchasesMoveWithTheirLotsAndThePhoneAccountIsSealed()
    {
        var (binding, harness) = await BindingAsync(pendingDays: 14);
        var phone = NewPhone();
        var phoneAccount = await PhoneAccountAsync(harness, phone);
        harness.Time.Advance(TimeSpan.FromDays(20));
        await harness.EarnAsync(phoneAccount, 2_000m);
        var lots = (await harness.AccountAsync(phoneAccount)).Lots;
        var customer = await harness.RegisterAsync();
        await harness.Ledger.GrantBonusAsync(customer, OperationKey.Of("welcome", customer), 100, "welcome", harness.Rules, None);

        var outcome = await binding.BindAsync(customer, phone, harness.Rules, None);

        Assert.Equal(new PhoneBindingOutcome(PhoneBindingStatus.Bound, phone.E164, 90), outcome);
        var merged = await harness.AccountAsync(customer);
        Assert.Equal(190, merged.Balance);
        Assert.Equal(130, merged.SpendableAt(harness.Time.GetUtcNow()));
        Assert.Equal(60, merged.PendingAt(harness.Time.GetUtcNow()));
        Assert.All(lots, lot => Assert.Contains(lot, merged.Lots));
        Assert.Equal((phone.E164, phoneAccount), (merged.Profile.Phone, merged.Profile.MergedFrom));
        Assert.Equal(3_000m, merged.TrailingSpend(harness.Time.GetUtcNow(), harness.Rules.TierWindowDays));
        var sealedAccount = await harness.AccountAsync(phoneAccount);
        Assert.Equal((0L, customer), (sealedAccount.Balance, sealedAccount.Profile.MergedInto));
        Assert.Equal(customer, await harness.Directory.FindAsync(LookupKey.Phone(phone), None));
        await harness.AssertLedgerBalancesAsync(customer);
        await harness.AssertLedgerBalancesAsync(phoneAccount);
        var moves = (await harness.Ledger.ReadEntriesAsync(phoneAccount, null, None)).Concat(await harness.Ledger.ReadEntriesAsync(customer, null, None))
            .Where(e => e.Kind is LedgerEntryKind.TransferOut or LedgerEntryKind.TransferIn);
        Assert.Equal([(LedgerEntryKind.TransferOut, -90L), (LedgerEntryKind.TransferIn, 90L)], moves.Select(e => (e.Kind, e.Delta)));
    }

    [Fact]
    public async Task BindingTheSamePhoneAgainChangesNothingAndAnotherPhoneGoesThroughTheOwner()
    {
        var (binding, harness) = await BindingAsync();
        var phone = NewPhone();
        var phoneAccount = await PhoneAccountAsync(harness, phone);
        var customer = await harness.RegisterAsync();
        await binding.BindAsync(customer, phone, harness.Rules, None);
        var before = await harness.PartitionSnapshotAsync(customer);

        var again = await binding.BindAsync(customer, phone, harness.Rules, None);
        var other = await binding.BindAsync(customer, NewPhone(), harness.Rules, None);

        Assert.Equal(new PhoneBindingOutcome(PhoneBindingStatus.AlreadyBound, phone.E164, 30), again);
        Assert.Equal(new PhoneBindingOutcome(PhoneBindingStatus.HasAnotherPhone, phone.E164), other);
        Assert.Equal(before, await harness.PartitionSnapshotAsync(customer));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task AMergeCutShortAfterAnyStepIsFinishedOnceByTheNextAttempt(int stepsDone)
    {
        var (binding, harness) = await BindingAsync();
        var phone = NewPhone();
        var phoneAccount = await PhoneAccountAsync(harness, phone);
        var customer = await harness.RegisterAsync();
        // The steps of PhoneBinding, done by hand up to where a crash stopped them.
        await harness.Ledger.UpdateProfileAsync(customer, p => p with { MergedFrom = phoneAccount }, None);
        if (stepsDone >= 2)
        {
            Assert.True(await harness.Directory.RepointAsync(LookupKey.Phone(phone), phoneAccount, customer, None));
        }

        if (stepsDone >= 3)
        {
            var transfer = (await harness.Ledger.TransferOutAsync(phoneAccount, customer, None)).Value;
            if (stepsDone >= 4)
            {
                await harness.Ledger.TransferInAsync(transfer, harness.Rules, None);
            }
        }

        // Another contact, even with another number: the merge begun is finished first.
        var outcome = await binding.BindAsync(customer, stepsDone == 4 ? NewPhone() : phone, harness.Rules, None);
        var replay = await binding.BindAsync(customer, phone, harness.Rules, None);

        Assert.Equal(new PhoneBindingOutcome(PhoneBindingStatus.Bound, phone.E164, 30), outcome);
        Assert.Equal(PhoneBindingStatus.AlreadyBound, replay.Status);
        Assert.Equal(30, (await harness.AccountAsync(customer)).Balance);
        Assert.Single(await harness.Ledger.ReadEntriesAsync(customer, null, None), e => e.Kind == LedgerEntryKind.TransferIn);
        Assert.Equal(0, (await harness.AccountAsync(phoneAccount)).Balance);
        await harness.AssertLedgerBalancesAsync(customer);
        await harness.AssertLedgerBalancesAsync(phoneAccount);
    }

    [Fact]
    public async Task AfterTheMergeTheRefundOfAnEarlierPurchaseClawsBackFromTheCustomerAndAReplayedPurchaseEarnsNothing()
    {
        var (binding, harness) = await BindingAsync();
        var accrual = harness.Accrual();
        var phone = NewPhone();
        var message = new PurchaseMessage("m1", Guid.NewGuid().ToString("N"), phone.E164, null, null, 1_000m, "RUB", harness.Time.GetUtcNow().AddMinutes(-1), [], 0);
        var earned = await accrual.ApplyAsync(message, None);
        var customer = await harness.RegisterAsync();
        await binding.BindAsync(customer, phone, harness.Rules, None);

        var replayed = await accrual.ApplyAsync(message, None);
        var refund = await harness.Ledger.RefundAsync(customer, OperationKey.Of("m1", "r-1"), "m1", message.PurchaseId, Money.Of(500m, Domain.Money.Currency.Rub), harness.Rules, None);

        Assert.Equal((customer, earned.Earned!.Entry.Id), (replayed.CustomerId, replayed.Earned!.Entry.Id));
        Assert.Equal(-15, refund.Value.Entry.Delta);
        Assert.Equal(15, (await harness.AccountAsync(customer)).Balance);
        Assert.Equal(0, (await harness.AccountAsync(earned.CustomerId!)).Balance);
        await harness.AssertLedgerBalancesAsync(customer);
    }

    [Fact]
    public async Task ASealedPhoneAccountTakesNoMoreOperationsSoNothingIsStrandedThere()
    {
        var (binding, harness) = await BindingAsync();
        var phone = NewPhone();
        var phoneAccount = await PhoneAccountAsync(harness, phone);
        var customer = await harness.RegisterAsync();
        await binding.BindAsync(customer, phone, harness.Rules, None);

        var late = await harness.Ledger.EarnAsync(phoneAccount, harness.Purchase(1_000m), harness.Rules, [], None);
        var gift = await harness.Ledger.GrantBonusAsync(phoneAccount, OperationKey.Of("gift", "1"), 10, "gift", harness.Rules, None);

        Assert.Equal(LoyaltyErrorCode.CustomerMerged, late.Error?.Code);
        Assert.Equal(LoyaltyErrorCode.CustomerMerged, gift.Error?.Code);
        Assert.Equal(0, (await harness.AccountAsync(phoneAccount)).Balance);
    }

    [Fact]
    public async Task OfTwoCustomersRacingForOnePhoneAccountOneGetsItsPointsAndTheOtherIsRefused()
    {
        var (binding, harness) = await BindingAsync();
        var phone = NewPhone();
        var phoneAccount = await PhoneAccountAsync(harness, phone);
        var first = await harness.RegisterAsync();
        var second = await harness.RegisterAsync();

        var outcomes = await Task.WhenAll(binding.BindAsync(first, phone, harness.Rules, None), binding.BindAsync(second, phone, harness.Rules, None));

        Assert.Equal([PhoneBindingStatus.Bound, PhoneBindingStatus.TakenByAnotherCustomer], outcomes.Select(o => o.Status).Order());
        var winner = outcomes[0].Status == PhoneBindingStatus.Bound ? first : second;
        var loser = winner == first ? second : first;
        Assert.Equal(winner, await harness.Directory.FindAsync(LookupKey.Phone(phone), None));
        Assert.Equal(30, (await harness.AccountAsync(winner)).Balance);
        Assert.Equal(0, (await harness.AccountAsync(loser)).Balance);
        Assert.Null((await harness.AccountAsync(loser)).Profile.MergedFrom);
    }

    private static PhoneNumber NewPhone() => PhoneNumber.Parse(MerchantClient.NewPhone()).Value;

    /// <summary>The account a phone's purchases opened before its owner came to the bot: 1 000 roubles paid, 30 points.</summary>
    private static async Task<string> PhoneAccountAsync(LedgerHarness harness, PhoneNumber phone)
    {
        var phoneAccount = await harness.Directory.FindOrOpenIdByPhoneAsync(phone, harness.Rules, None);
        await harness.EarnAsync(phoneAccount, 1_000m);
        return phoneAccount;
    }

    private static async Task<(PhoneBinding, LedgerHarness)> BindingAsync(int pendingDays = 0)
    {
        var harness = await LedgerHarness.StartAsync(Domain.Rules.ProgramRules.Default with { PendingDays = pendingDays });
        return (new PhoneBinding(harness.Directory, harness.Ledger, NullLogger<PhoneBinding>.Instance), harness);
    }
}
