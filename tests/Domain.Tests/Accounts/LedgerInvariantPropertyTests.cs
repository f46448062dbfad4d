using CsCheck;
using LoyaltyBot.Domain.Errors;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Domain.Tests.Support;
using static LoyaltyBot.Domain.Tests.Support.AccountOperations;

namespace LoyaltyBot.Domain.Tests.Accounts;

/// <summary>
/// Random histories of earn, redeem, redemption cancel, refund, bonus, adjust, expire, taking over a merged account's points and the
/// passing of time, with every invariant of the
/// ledger checked after every step, and each redemption checked to take the soonest-expiring lots first.
/// </summary>
public class LedgerInvariantPropertyTests
{
    private static readonly Gen<ProgramRules> GenRules =
        Gen.Select(Gen.OneOf(0, 0, 7), Gen.OneOf(30, 90, 365), Gen.OneOf(10, 60, 180), Gen.OneOf(30m, 100m), Gen.Bool)
            .Select((pending, expiry, bonusExpiry, cap, thresholds) => ProgramRules.Default with
            {
                PendingDays = pending,
                ExpiryDays = expiry,
                BonusExpiryDays = bonusExpiry,
                RedemptionCapPercent = cap,
                ThresholdBonuses = thresholds ? [new(5_000m, 100)] : [],
            });

    private static readonly Gen<Step> GenStep = Gen.Frequency(
        (5, Gen.Select(Gen.Long[100, 3_000_000], Gen.Int[0, 10], Gen.Int[0, 30]).Select(Step (kopecks, daysAgo, redeemedPercent) => new Earn(kopecks / 100m, daysAgo, redeemedPercent))),
        (4, Gen.Select(Gen.Int[1, 120], Gen.Bool).Select(Step (percent, ampleCheck) => new Redeem(percent, ampleCheck))),
        (2, Gen.Select(Gen.Long[1, 600], Gen.Long[1, 2_000]).Select(Step (points, check) => new RedeemUpTo(points, check))),
        (2, Gen.Int[0, 1_000].Select(Step (index) => new CancelRedemption(index))),
        (3, Gen.Select(Gen.Int[0, 1_000], Gen.Int[1, 100], Gen.Int[0, 9]).Select(Step (index, percent, overshoot) => new Refund(index, percent, overshoot == 0))),
        (2, Gen.Long[1, 500].Select(Step (points) => new Bonus(points))),
        (2, Gen.Long[-300, 300].Select(Step (delta) => new Adjust(delta))),
        (2, Gen.Const<Step>(new Expire())),
        (3, Gen.Int[0, 24 * 120].Select(Step (hours) => new Advance(hours))),
        (1, Gen.Const<Step>(new AdvanceToNextExpiry())),
        (1, Gen.Select(Gen.Long[0, 400], Gen.Int[0, 400], Gen.Bool).Select(Step (points, daysAgo, inDebt) => new Absorb(points, daysAgo, inDebt))));

    [Fact]
    public void EveryInvariantHoldsAfterEveryStepOfARandomHistory()
    {
        Gen.Select(GenRules, GenStep.Array[1, 60]).Sample(Replay, iter: 1_000);
    }

    [Fact]
    public void EveryInvariantHoldsAfterEveryStepOfAYearsLongHistoryOfOneCustomer()
    {
        // A customer served for years: thousands of operations on one account, the invariants checked after each.
        Gen.Select(GenRules, GenStep.Array[5_000]).Sample(Replay, iter: 20);
    }

    private static void Replay(ProgramRules rules, Step[] steps)
    {
        var history = new History(rules);
        foreach (var step in steps)
        {
            history.Apply(step);
            history.CheckInvariants();
        }
    }

    private sealed class History(ProgramRules rules)
    {
        private readonly CustomerAccount account = CustomerAccount.Open("c-prop", AccountBuilder.NewProfile(), rules, Moment.T0);
        private readonly List<LedgerEntry> entries = [];
        private readonly List<PurchaseRecord> purchases = [];
        private readonly List<LedgerEntry> redemptions = [];
        private DateTimeOffset now = Moment.T0;
        private decimal lowestTierSeen;

        public void Apply(Step step)
        {
            switch (step)
            {
                case Earn earn:
                    ApplyEarn(earn);
                    break;
                case Redeem redeem:
                    ApplyRedeem(redeem);
                    break;
                case RedeemUpTo redeemUpTo:
                    ApplyRedeemUpTo(redeemUpTo);
                    break;
                case CancelRedemption cancel:
                    ApplyCancel(cancel);
                    break;
                case Refund refund:
                    ApplyRefund(refund);
                    break;
                case Bonus bonus:
                    var granted = account.GrantBonus(Ops.Next(), bonus.Points, "gift", rules, now);
                    Assert.Equal(bonus.Points, Recorded(granted).Delta);
                    break;
                case Adjust adjust:
                    ApplyAdjust(adjust);
                    break;
                case Expire:
                    ApplyExpire();
                    break;
                case Advance advance:
                    now = now.AddHours(advance.Hours);
                    break;
                case Absorb absorb:
                    ApplyAbsorb(absorb);
                    break;
                case AdvanceToNextExpiry:
                    now = account.Lots.Select(l => l.ExpiresAt).Where(e => e > now).DefaultIfEmpty(now).Min();
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(step), step, null);
            }
        }

        private void ApplyEarn(Earn earn)
        {
            var redeemed = (long)(earn.Amount * earn.RedeemedPercent / 100m);
            var purchase = Purchase.Create("m-1", $"p-{purchases.Count}", earn.Amount, "RUB", now.AddDays(-earn.DaysAgo), [], redeemed, rules).Value;
            var quote = EarnCalculator.Quote(purchase, rules.TierNamed(account.Tier), rules, []);

            var outcome = account.Earn(Ops.Next(), purchase, quote, rules, now).Value;

            entries.Add(outcome.Entry);
            Assert.Equal(quote.Points, outcome.Entry.Delta);
            Assert.Equal(purchase.Paid, outcome.Purchase.Paid);
            purchases.Add(outcome.Purchase);
        }

        private void ApplyRedeem(Redeem redeem)
        {
            var spendable = account.SpendableAt(now);
            var points = Math.Max(1, spendable * redeem.PercentOfSpendable / 100);
            var check = Rub(redeem.AmpleCheck ? points * 4 : Math.Max(1, points * 2));
            var before = account.Lots.Where(l => l.IsSpendableAt(now)).ToDictionary(l => l.Id);
            var snapshot = AccountSnapshot.Of(account);

            var result = account.Redeem(Ops.Next(), points, check, rules, now);
            if (!result.IsSuccess)
            {
                Assert.Contains(result.Error!.Code, new[] { LoyaltyErrorCode.InsufficientPoints, LoyaltyErrorCode.RedemptionAboveCap });
                Assert.True(points > spendable || points > check.Amount * rules.RedemptionCapPercent / 100m, result.Error.Message);
                snapshot.AssertSameAs(account);
                return;
            }

            var entry = Recorded(result);
            redemptions.Add(entry);
            Assert.Equal(-points, entry.Delta);
            AssertTakenSoonestExpiringFirst(before, entry.Draws!, points);
        }

        private void ApplyRedeemUpTo(RedeemUpTo redeem)
        {
            var expected = Math.Min(redeem.Points, Math.Min(rules.RedemptionCap(redeem.Check), account.SpendableAt(now)));
            var snapshot = AccountSnapshot.Of(account);

            var result = account.RedeemUpTo(Ops.Next(), redeem.Points, Rub(redeem.Check), rules, now);
            if (expected <= 0)
            {
                Assert.Contains(result.Error?.Code, new LoyaltyErrorCode?[] { LoyaltyErrorCode.InsufficientPoints, LoyaltyErrorCode.RedemptionAboveCap });
                snapshot.AssertSameAs(account);
                return;
            }

            redemptions.Add(Recorded(result));
            Assert.Equal(-expected, result.Value.Delta);
        }

        /// <summary>Each redemption is cancelled at most once: that is the operation key's part, outside the account.</summary>
        private void ApplyCancel(CancelRedemption cancel)
        {
            if (redemptions.Count == 0)
            {
                return;
            }

            var index = cancel.Index % redemptions.Count;
            var redemption = redemptions[index];
            redemptions.RemoveAt(index);
            var restorable = redemption.Draws!.Where(d => d.ExpiresAt > now).Sum(d => -d.Points);
            var balance = account.Balance;

            var entry = Recorded(account.CancelRedemption(Ops.Next(), redemption, rules, now));

            Assert.Equal(restorable, entry.Delta);
            Assert.Equal(balance + restorable, account.Balance);
            Assert.All(entry.Draws!, d => Assert.True(d.Points > 0 && d.ExpiresAt > now, "restored into an expired lot"));
        }

        private void ApplyRefund(Refund refund)
        {
            if (purchases.Count == 0)
            {
                return;
            }

            var index = refund.PurchaseIndex % purchases.Count;
            var purchase = purchases[index];
            var amount = refund.Overshoot ? purchase.Refundable + 0.01m : decimal.Round(purchase.Refundable * refund.Percent / 100m, 2);
            if (amount <= 0)
            {
                return;
            }

            var snapshot = AccountSnapshot.Of(account);
            var result = account.Refund(Ops.Next(), purchase, Rub(amount), rules, now);
            if (refund.Overshoot)
            {
                Assert.Equal(LoyaltyErrorCode.RefundExceedsPurchase, result.Error?.Code);
                snapshot.AssertSameAs(account);
                return;
            }

            var outcome = result.Value;
            entries.Add(outcome.Entry);
            var updated = outcome.Purchase;
            Assert.Equal(-(updated.ClawedBack - purchase.ClawedBack), outcome.Entry.Delta);
            Assert.InRange(updated.ClawedBack, purchase.ClawedBack, updated.PointsEarned);
            Assert.InRange(updated.Refunded, 0m, updated.Paid);
            var expiredBeforeRefund = purchase.OccurredAt.AddDays(rules.ExpiryDays) <= now;
            if (expiredBeforeRefund)
            {
                // The purchase's points are gone by expiry already: nothing more is taken.
                Assert.Equal(0, outcome.Entry.Delta);
            }
            else if (updated.Refundable == 0)
            {
                Assert.Equal(updated.PointsEarned, updated.ClawedBack);
            }

            purchases[index] = updated;
        }

        private void ApplyAdjust(Adjust adjust)
        {
            var open = account.Lots.Where(l => !l.IsExpiredAt(now)).Sum(l => l.Remaining) - account.Debt;
            var snapshot = AccountSnapshot.Of(account);
            var result = account.Adjust(Ops.Next(), adjust.Delta, "correction", rules, now);
            if (adjust.Delta == 0 || (adjust.Delta < 0 && -adjust.Delta > open))
            {
                Assert.False(result.IsSuccess);
                snapshot.AssertSameAs(account);
                return;
            }

            Assert.Equal(adjust.Delta, Recorded(result).Delta);
        }

        /// <summary>A phone-keyed account with points (or a debt) of its own is merged into this one.</summary>
        private void ApplyAbsorb(Absorb absorb)
        {
            var other = CustomerAccount.Open($"c-other-{entries.Count}", AccountBuilder.NewProfile(), rules, Moment.T0);
            var otherEntries = new List<LedgerEntry>();
            var at = now.AddDays(-absorb.DaysAgo);
            var purchase = Purchase.Create("m-2", $"o-{entries.Count}", 1_000m, "RUB", at, [], 0, rules).Value;
            var earned = other.Earn(Ops.Next(), purchase, QuoteOf(absorb.Points), rules, at).Value;
            otherEntries.Add(earned.Entry);
            if (absorb.InDebt && absorb.Points > 0 && other.SpendableAt(now) >= absorb.Points)
            {
                // Spent, then refunded: the other account owes its points.
                otherEntries.Add(other.Redeem(Ops.Next(), absorb.Points, Rub(absorb.Points * 4), rules, now).Value);
                otherEntries.Add(other.Refund(Ops.Next(), earned.Purchase, Rub(1_000m), rules, now).Value.Entry);
            }

            var moving = other.Balance;
            var balance = account.Balance;

            var transfer = other.TransferAllOut(Ops.Next(), account.CustomerId, now).Value;
            otherEntries.Add(transfer.Entry);
            var entry = Recorded(account.ReceiveTransfer(Ops.Next(), transfer, rules, now));

            Assert.Equal((moving, moving), (transfer.Points, entry.Delta));
            Assert.Equal(balance + moving, account.Balance);
            Assert.Equal((0L, 0L, 0L), (other.Balance, otherEntries.Sum(e => e.Delta), other.Totals.Net));
        }

        private void ApplyExpire()
        {
            var due = account.Lots.Where(l => l.IsExpiredAt(now)).Sum(l => l.Remaining);
            var entry = account.ExpireDue(Ops.Next(), now);
            if (entry is not null)
            {
                entries.Add(entry);
            }

            Assert.Equal(-due, entry?.Delta ?? 0);
            Assert.DoesNotContain(account.Lots, l => l.IsExpiredAt(now));
        }

        private LedgerEntry Recorded(Result<LedgerEntry> result)
        {
            entries.Add(result.Value);
            return result.Value;
        }

        /// <summary>Each lot drawn whole before the next, in expiry order, and no undrawn spendable lot expiring sooner.</summary>
        private static void AssertTakenSoonestExpiringFirst(Dictionary<string, PointsLot> spendable, IReadOnlyList<LotDraw> draws, long points)
        {
            Assert.Equal(-points, draws.Sum(d => d.Points));
            Assert.All(draws, d => Assert.True(spendable.ContainsKey(d.LotId), "drew from a lot that was not spendable"));
            for (var i = 0; i < draws.Count - 1; i++)
            {
                Assert.Equal(spendable[draws[i].LotId].Remaining, -draws[i].Points);
                Assert.True(draws[i].ExpiresAt <= draws[i + 1].ExpiresAt, "draws out of expiry order");
            }

            var last = draws[^1];
            var leftAlone = spendable.Values.Where(l => l.Id == last.LotId ? l.Remaining > -last.Points : draws.All(d => d.LotId != l.Id));
            Assert.All(leftAlone, l => Assert.True(l.ExpiresAt >= last.ExpiresAt, "a sooner-expiring lot was left while a later one was drawn"));
        }

        public void CheckInvariants()
        {
            var balance = account.Balance;
            Assert.Equal(entries.Sum(e => e.Delta), balance);
            Assert.Equal(account.Lots.Sum(l => l.Remaining) - account.Debt, balance);
            Assert.Equal(balance, account.Totals.Net);
            if (entries.Count > 0)
            {
                Assert.Equal(balance, entries[^1].BalanceAfter);
            }

            Assert.All(account.Lots, l => Assert.InRange(l.Remaining, 1, l.Points));
            Assert.True(account.Debt >= 0, "negative debt");
            Assert.True(account.Debt == 0 || account.Lots.All(l => l.Remaining == 0), "debt while a lot still holds points");
            Assert.Equal(account.Lots.Select(l => l.ExpiresAt).Order(), account.Lots.Select(l => l.ExpiresAt));
            // Bounded by days, not purchases: one lot per expiry day and availability day, named after them.
            Assert.All(account.Lots, l => Assert.True(PointsLot.SameDayPair(PointsLot.GroupId(l.AvailableAt, l.ExpiresAt), l.Id), l.Id));
            Assert.Equal(account.Lots.Count, account.Lots.Select(l => l.Id).Distinct().Count());
            // At most two lots per day pair: its spendable and its pending points.
            Assert.All(account.Lots.GroupBy(l => l.Id.TrimEnd('p')), pair => Assert.InRange(pair.Count(), 1, 2));

            var totals = account.Totals;
            Assert.All(new[] { totals.Earned, totals.Bonus, totals.Redeemed, totals.ClawedBack, totals.Expired, totals.Restored }, t => Assert.True(t >= 0));
            Assert.True(totals.Restored <= totals.Redeemed, "restored more than was ever redeemed");
            Assert.True(totals.ClawedBack <= totals.Earned, "clawed back more than was ever earned");

            var tierFloor = rules.TierNamed(account.Tier).MinSpend;
            Assert.True(tierFloor >= lowestTierSeen, "the tier fell outside a review");
            lowestTierSeen = tierFloor;
        }
    }

    private abstract record Step;

    private sealed record Earn(decimal Amount, int DaysAgo, int RedeemedPercent) : Step;

    private sealed record Redeem(int PercentOfSpendable, bool AmpleCheck) : Step;

    private sealed record RedeemUpTo(long Points, long Check) : Step;

    private sealed record CancelRedemption(int Index) : Step;

    private sealed record Refund(int PurchaseIndex, int Percent, bool Overshoot) : Step;

    private sealed record Bonus(long Points) : Step;

    private sealed record Adjust(long Delta) : Step;

    private sealed record Expire : Step;

    private sealed record Advance(int Hours) : Step;

    private sealed record AdvanceToNextExpiry : Step;

    private sealed record Absorb(long Points, int DaysAgo, bool InDebt) : Step;
}
