using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Domain.Errors;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Domain.Tests.Support;
using static LoyaltyBot.Domain.Tests.Support.AccountOperations;

namespace LoyaltyBot.Domain.Tests.Accounts;

/// <summary>Merging a phone-keyed account into a bot customer's: transfer out of one, receive into the other.</summary>
public class AccountTransferTests
{
    private static readonly ProgramRules Rules = ProgramRules.Default with { PendingDays = 14 };
    private static readonly DateTimeOffset Later = Moment.T0.AddDays(3);

    [Fact]
    public void TransferringOutHandsOverEveryLotAsItWasAndSealsTheAccount()
    {
        var phone = Open("c-phone");
        phone.EarnPoints(30, Rules, Moment.T0);
        phone.EarnPoints(50, Rules, Moment.T0.AddDays(1));
        var lots = phone.Lots.ToList();

        var transfer = phone.TransferAllOut(Ops.Next(), "c-bot", Later).Value;

        Assert.Equal(lots, transfer.Lots);
        Assert.Equal(("c-phone", "c-bot", 80L, 0L), (transfer.FromCustomerId, transfer.ToCustomerId, transfer.Points, transfer.Debt));
        Assert.Equal((LedgerEntryKind.TransferOut, -80L, 0L), (transfer.Entry.Kind, transfer.Entry.Delta, transfer.Entry.BalanceAfter));
        Assert.Empty(phone.Lots);
        Assert.Empty(phone.SpendByDay);
        Assert.Equal((0L, 0L), (phone.Balance, phone.Totals.Net));
        Assert.Equal("c-bot", phone.Profile.MergedInto);
        Assert.Equal(LoyaltyErrorCode.CustomerMerged, phone.TransferAllOut(Ops.Next(), "c-other", Later).Error?.Code);
    }

    [Fact]
    public void ReceivingKeepsEachLotsIdAvailabilityAndExpiry()
    {
        var phone = Open("c-phone");
        phone.EarnPoints(30, Rules, Moment.T0);
        var bot = Open("c-bot");
        bot.GrantBonus(Ops.Next(), 100, "welcome", Rules, Later);
        var transfer = phone.TransferAllOut(Ops.Next(), bot.CustomerId, Later).Value;

        var entry = bot.ReceiveTransfer(Ops.Next(), transfer, Rules, Later).Value;

        Assert.Equal((LedgerEntryKind.TransferIn, 30L, 130L), (entry.Kind, entry.Delta, entry.BalanceAfter));
        var moved = Assert.Single(bot.Lots, l => l.Kind == LotKind.Earned);
        Assert.Equal(transfer.Lots[0], moved);
        Assert.Equal(Moment.T0.AddDays(14), moved.AvailableAt);
        Assert.Equal(100, bot.SpendableAt(Later));
        Assert.Equal(30, bot.PendingAt(Later));
        Assert.Equal(30, bot.Totals.TransferredIn);
        Assert.Equal(30, phone.Totals.TransferredOut);
    }

    [Fact]
    public void ARefundAfterTheMergeClawsBackFromThePurchasesOwnLot()
    {
        var phone = Open("c-phone");
        var purchase = phone.EarnPoints(30, Rules, Moment.T0, paid: 1_000m).Purchase;
        var bot = Open("c-bot");
        bot.GrantBonus(Ops.Next(), 10, "welcome", Rules, Moment.T0);
        bot.ReceiveTransfer(Ops.Next(), phone.TransferAllOut(Ops.Next(), bot.CustomerId, Later).Value, Rules, Later);

        var refund = bot.Refund(Ops.Next(), purchase, Rub(1_000m), Rules, Later.AddDays(1)).Value;

        Assert.Equal(-30, refund.Entry.Delta);
        Assert.Equal(purchase.LotId, Assert.Single(refund.Entry.Draws!).LotId);
        Assert.Equal(10, bot.Balance);
        Assert.Equal(0m, bot.TrailingSpend(Later.AddDays(1), Rules.TierWindowDays));
    }

    [Fact]
    public void ADebtMovesWithThePointsAndIsPaidFromTheReceiversLotsSoonestExpiringFirst()
    {
        var phone = Open("c-phone");
        var purchase = phone.EarnPoints(30, Rules, Moment.T0.AddDays(-20)).Purchase;
        phone.Redeem(Ops.Next(), 30, Rub(1_000m), Rules, Moment.T0);
        phone.Refund(Ops.Next(), purchase, Rub(1_000m), Rules, Moment.T0);
        Assert.Equal(30, phone.Debt);
        var bot = Open("c-bot");
        bot.GrantBonus(Ops.Next(), 20, "welcome", Rules, Moment.T0);
        bot.EarnPoints(50, Rules, Moment.T0);

        var transfer = phone.TransferAllOut(Ops.Next(), bot.CustomerId, Later).Value;
        var entry = bot.ReceiveTransfer(Ops.Next(), transfer, Rules, Later).Value;

        Assert.Equal((-30L, 30L), (transfer.Points, transfer.Entry.Delta));
        Assert.Equal((-30L, 40L), (entry.Delta, bot.Balance));
        // The bonus expires sooner than the earned lot: it pays first.
        var left = Assert.Single(bot.Lots);
        Assert.Equal((LotKind.Earned, 40L), (left.Kind, left.Remaining));
        Assert.Equal(0, bot.Debt);
    }

    [Fact]
    public void AReceiversOwnDebtTakesItsShareOfTheIncomingLotsFirst()
    {
        var bot = Open("c-bot");
        var purchase = bot.EarnPoints(40, Rules, Moment.T0.AddDays(-20)).Purchase;
        bot.Redeem(Ops.Next(), 40, Rub(1_000m), Rules, Moment.T0);
        bot.Refund(Ops.Next(), purchase, Rub(1_000m), Rules, Moment.T0);
        var phone = Open("c-phone");
        phone.EarnPoints(100, Rules, Moment.T0);

        bot.ReceiveTransfer(Ops.Next(), phone.TransferAllOut(Ops.Next(), bot.CustomerId, Later).Value, Rules, Later);

        Assert.Equal((0L, 60L), (bot.Debt, bot.Balance));
        var lot = Assert.Single(bot.Lots);
        Assert.Equal((100L, 60L), (lot.Points, lot.Remaining));
    }

    [Fact]
    public void TheTransferredSpendCountsTowardTheReceiversTier()
    {
        var phone = Open("c-phone");
        phone.EarnPoints(300, Rules, Moment.T0, paid: 10_000m);
        var bot = Open("c-bot");
        bot.EarnPoints(150, Rules, Moment.T0, paid: 5_000m);
        Assert.Equal("Bronze", bot.Tier);

        var entry = bot.ReceiveTransfer(Ops.Next(), phone.TransferAllOut(Ops.Next(), bot.CustomerId, Later).Value, Rules, Later).Value;

        Assert.Equal(15_000m, bot.TrailingSpend(Later, Rules.TierWindowDays));
        Assert.Equal("Silver", bot.Tier);
        Assert.Contains("tier raised to Silver", entry.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEmptyAccountTransfersNothingButIsSealedAllTheSame()
    {
        var phone = Open("c-phone");
        var bot = Open("c-bot");

        var transfer = phone.TransferAllOut(Ops.Next(), bot.CustomerId, Later).Value;
        var entry = bot.ReceiveTransfer(Ops.Next(), transfer, Rules, Later).Value;

        Assert.Equal((0L, 0L, 0L), (transfer.Points, entry.Delta, bot.Balance));
        Assert.Equal("c-bot", phone.Profile.MergedInto);
    }

    [Fact]
    public void ATransferIsReceivedOnlyByTheAccountItNamesAndNeverSentToItself()
    {
        var phone = Open("c-phone");
        var transfer = phone.TransferAllOut(Ops.Next(), "c-bot", Later).Value;

        Assert.Throws<ArgumentException>(() => Open("c-other").ReceiveTransfer(Ops.Next(), transfer, Rules, Later));
        Assert.Throws<ArgumentException>(() => Open("c-self").TransferAllOut(Ops.Next(), "c-self", Later));
    }

    private static CustomerAccount Open(string customerId) =>
        CustomerAccount.Open(customerId, AccountBuilder.NewProfile() with { Phone = "+79120000000" }, Rules, Moment.T0);
}
