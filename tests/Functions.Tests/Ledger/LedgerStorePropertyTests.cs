using CsCheck;
using LoyaltyBot.Domain.Errors;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Money = LoyaltyBot.Domain.Money.Money;

namespace LoyaltyBot.Functions.Tests.Ledger;

/// <summary>
/// Random sequences of every operation, replays and clock jumps against the real store on Azurite, checking the
/// ledger's invariants after every step.
/// </summary>
public sealed class LedgerStorePropertyTests
{
    // Short lifetimes and a pending window, so that expiry, pending points and debt all happen within a sequence.
    private static readonly ProgramRules Rules = ProgramRules.Default with { ExpiryDays = 30, BonusExpiryDays = 10, PendingDays = 3 };

    public enum Kind { Earn, Redeem, Refund, Bonus, Adjust, Replay, Expire, Wait }

    public sealed record Move(Kind Kind, int A, int B);

    private static readonly Gen<Move> MoveGen = Gen.Select(
        Gen.Frequency((4, Gen.Const(Kind.Earn)), (3, Gen.Const(Kind.Redeem)), (2, Gen.Const(Kind.Refund)), (1, Gen.Const(Kind.Bonus)),
            (1, Gen.Const(Kind.Adjust)), (2, Gen.Const(Kind.Replay)), (1, Gen.Const(Kind.Expire)), (2, Gen.Const(Kind.Wait))),
        Gen.Int[0, 10_000], Gen.Int[0, 10_000],
        (kind, a, b) => new Move(kind, a, b));

    [Fact]
    public async Task RandomSequencesKeepTheLedgerSummingToTheBalanceSpendingFifoAndIgnoringReplays()
    {
        // 4 sequences of 600 steps: 2 400 operations against Azurite.
        await MoveGen.Array[600].SampleAsync(RunSequenceAsync, iter: 4, threads: 2, print: moves => $"{moves.Length} moves");
    }

    [Fact]
    public async Task AFiveThousandOperationHistoryOfOneCustomerKeepsTheLedgerSummingToTheBalance()
    {
        // One customer served for years: every invariant after each of 5 000 operations, and the account row stays bounded.
        await MoveGen.Array[5_000].SampleAsync(RunSequenceAsync, iter: 1, threads: 1, print: moves => $"{moves.Length} moves");
    }

    /// <summary>What an operation should do, worked out from the account before it: apply this delta, or be refused for this reason.</summary>
    private sealed record Expected(long? Delta, LoyaltyErrorCode? Refusal = null, decimal? Amount = null)
    {
        public static Expected Refused(LoyaltyErrorCode reason) => new(null, reason);
    }

    private sealed record PurchaseMade(string Id, decimal Paid, long Points, DateTimeOffset OccurredAt);

    private static async Task RunSequenceAsync(Move[] moves)
    {
        var h = await LedgerHarness.StartAsync(Rules);
        var customer = await h.RegisterAsync();
        var ct = CancellationToken.None;
        var sum = 0L;
        var applied = new List<(Func<Task<Result<LedgerEntry>>> Again, string EntryId)>();
        var purchases = new List<PurchaseMade>();
        var refunded = new Dictionary<string, (decimal Amount, long ClawedBack)>();
        var n = 0;
        var exercised = new HashSet<Kind>();
        var refused = new HashSet<Kind>();

        foreach (var step in moves)
        {
            var id = ++n;
            var before = await h.AccountAsync(customer);
            var now = h.Time.GetUtcNow();
            var spendable = before.Lots.Where(l => l.IsSpendableAt(now)).Sum(l => l.Remaining) - before.Debt;
            var pending = before.Lots.Where(l => l.IsPendingAt(now)).Sum(l => l.Remaining);
            (Func<Task<Result<LedgerEntry>>> Run, Expected Expected)? move = step.Kind switch
            {
                Kind.Earn => EarnOf($"p{id}", 10m + step.A + (step.B % 100 / 100m), now.AddMinutes(-(step.B % 600)), before.Tier),
                // Now and then exactly what is spendable, or one point more, to try the edge of a refusal.
                Kind.Redeem => RedeemOf(id, step.B % 4 == 0 && spendable > 0 ? spendable + (step.B / 4 % 2) : 1 + (step.A % 150), spendable),
                Kind.Refund when purchases.Count > 0 => RefundOf(id, purchases[step.A % purchases.Count], step.B, now),
                Kind.Bonus => (() => h.Ledger.GrantBonusAsync(customer, OperationKey.Of("bot", $"b{id}"), 1 + (step.A % 50), "gift", Rules, ct), new Expected(1 + (step.A % 50))),
                Kind.Adjust => AdjustOf(id, (step.A % 201) - 100 is var d && d != 0 ? d : 1, spendable + pending),
                _ => null,
            };

            if (move is { } made)
            {
                var (run, expected) = made;
                var result = await run();
                if (expected.Refusal is { } reason)
                {
                    Assert.False(result.IsSuccess, $"{step.Kind} should have been refused ({reason}) but applied");
                    Assert.Equal(reason, result.Error!.Code);
                    Assert.Equal(before.Balance, (await h.AccountAsync(customer)).Balance);
                    refused.Add(step.Kind);
                }
                else
                {
                    Assert.True(result.IsSuccess, $"{step.Kind} should have applied {expected.Delta} but was refused: {result.Error?.Message}");
                    Assert.Equal(expected.Delta, result.Value.Delta);
                    Assert.Equal(expected.Amount, result.Value.Amount);
                    exercised.Add(step.Kind);
                    sum += result.Value.Delta;
                    applied.Add((run, result.Value.Id));
                    if (step.Kind == Kind.Redeem)
                    {
                        AssertSpentSoonestExpiringFirst(before, result.Value, now);
                    }
                }
            }
            else if (step.Kind == Kind.Replay && applied.Count > 0)
            {
                var (again, entryId) = applied[step.A % applied.Count];
                var etag = await AccountETagAsync(h, customer);
                var replay = await again();
                Assert.Equal(entryId, replay.Value.Id);
                Assert.Equal(etag, await AccountETagAsync(h, customer));
                exercised.Add(Kind.Replay);
            }
            else if (step.Kind == Kind.Expire)
            {
                if (await h.Ledger.ExpireDueAsync(customer, false, ct) is { } expired)
                {
                    exercised.Add(Kind.Expire);
                    sum += expired.Delta;
                }
            }
            else if (step.Kind == Kind.Wait)
            {
                h.Time.Advance(TimeSpan.FromHours(step.A % 5 == 0 ? 24 * (1 + (step.B % 12)) : 1 + (step.B % 20)));
            }

            var after = await h.AccountAsync(customer);
            Assert.Equal(sum, after.Balance);
            Assert.Equal(after.Balance, after.Totals.Net);
            Assert.All(after.Lots, lot => Assert.InRange(lot.Remaining, 1, lot.Points));
            Assert.True(after.Debt == 0 || after.Lots.Count == 0, "a debt is paid off before any lot holds points");
            Assert.All(after.Lots, lot => Assert.True(PointsLot.SameDayPair(PointsLot.GroupId(lot.AvailableAt, lot.ExpiresAt), lot.Id), lot.Id));
        }

        var entries = await h.Ledger.ReadEntriesAsync(customer, null, ct);
        Assert.Equal(sum, entries.Sum(e => e.Delta));
        // Guards against a vacuous pass: every kind of operation really happened in the sequence, and so did each kind of refusal.
        Assert.Superset(new HashSet<Kind> { Kind.Earn, Kind.Redeem, Kind.Refund, Kind.Bonus, Kind.Adjust, Kind.Replay, Kind.Expire }, exercised);
        Assert.Superset(new HashSet<Kind> { Kind.Redeem, Kind.Refund }, refused);

        // The tier's rate of what was paid, rounded down (no items, campaigns or threshold bonuses here).
        (Func<Task<Result<LedgerEntry>>>, Expected) EarnOf(string purchaseId, decimal amount, DateTimeOffset at, string tier)
        {
            var purchase = Purchase.Create("m1", purchaseId, amount, "RUB", at, null, 0, Rules).Value;
            var points = (long)decimal.Floor(amount * Rules.TierNamed(tier).RatePercent / 100m);
            return (async () =>
            {
                var earned = await h.Ledger.EarnAsync(customer, purchase, Rules, [], ct);
                if (earned.IsSuccess && !purchases.Any(p => p.Id == purchaseId))
                {
                    purchases.Add(new PurchaseMade(purchaseId, amount, points, at));
                }

                return earned.Map(e => e.Entry);
            }, new Expected(points, Amount: amount));
        }

        // Exactly the points asked for; refused above the cap of the check (30% of 5 000), or when fewer are spendable.
        (Func<Task<Result<LedgerEntry>>>, Expected) RedeemOf(int step, long points, long spendable) =>
            (() => h.Ledger.RedeemAsync(customer, OperationKey.Of("m1", $"r{step}"), "m1", points, Check(5_000m), Rules, ct),
                points > 1_500 ? Expected.Refused(LoyaltyErrorCode.RedemptionAboveCap)
                : points <= spendable ? new Expected(-points, Amount: 5_000m)
                : Expected.Refused(LoyaltyErrorCode.InsufficientPoints));

        // A correction adds, or takes from spendable then pending points, never into debt.
        (Func<Task<Result<LedgerEntry>>>, Expected) AdjustOf(int step, long delta, long open) =>
            (() => h.Ledger.AdjustAsync(customer, OperationKey.Of("admin", $"a{step}"), delta, "correction", Rules, ct),
                delta > 0 || -delta <= open ? new Expected(delta) : Expected.Refused(LoyaltyErrorCode.InsufficientPoints));

        // The amount is fixed when the move is made, so a replay repeats exactly the same request. What the customer keeps
        // is what the unrefunded part earns, rounded down; once the purchase's points have expired nothing is taken back.
        (Func<Task<Result<LedgerEntry>>>, Expected) RefundOf(int step, PurchaseMade purchase, int seed, DateTimeOffset now)
        {
            var (refundedSoFar, clawedBackSoFar) = refunded.GetValueOrDefault(purchase.Id);
            var left = purchase.Paid - refundedSoFar;
            // Mostly within what is left to refund, sometimes over it (which must be refused).
            var amount = seed % 7 == 0 ? left + 1m : decimal.Round(Math.Max(0.01m, left * (seed % 100) / 100m), 2);
            var kept = (long)decimal.Floor(purchase.Points * (purchase.Paid - refundedSoFar - amount) / purchase.Paid);
            var clawback = purchase.OccurredAt.AddDays(Rules.ExpiryDays) <= now ? 0 : purchase.Points - kept - clawedBackSoFar;
            var expected = amount > left ? Expected.Refused(LoyaltyErrorCode.RefundExceedsPurchase) : new Expected(-clawback, Amount: amount);
            var first = true;
            return (async () =>
            {
                var result = await h.Ledger.RefundAsync(customer, OperationKey.Of("m1", $"f{step}"), "m1", purchase.Id, Check(amount), Rules, ct);
                if (result.IsSuccess && first)
                {
                    refunded[purchase.Id] = (refundedSoFar + amount, clawedBackSoFar + clawback);
                }

                first = false;
                return result.Map(r => r.Entry);
            }, expected);
        }
    }

    /// <summary>A redemption takes whole spendable lots in expiry order and only the last one partly.</summary>
    private static void AssertSpentSoonestExpiringFirst(CustomerAccount before, LedgerEntry redemption, DateTimeOffset now)
    {
        var wanted = -redemption.Delta;
        var expected = new List<(string, long)>();
        foreach (var lot in before.Lots.Where(l => l.IsSpendableAt(now)))
        {
            if (wanted == 0)
            {
                break;
            }

            var take = Math.Min(wanted, lot.Remaining);
            expected.Add((lot.Id, -take));
            wanted -= take;
        }

        Assert.Equal(expected, redemption.Draws!.Select(d => (d.LotId, d.Points)));
        Assert.Equal(redemption.Draws!.OrderBy(d => d.ExpiresAt).Select(d => d.LotId), redemption.Draws!.Select(d => d.LotId));
    }

    private static Money Check(decimal amount) => Money.CreatePositive(amount, "RUB", decimal.MaxValue).Value;

    private static async Task<Azure.ETag> AccountETagAsync(LedgerHarness h, string customer) =>
        (await h.Customers.GetEntityAsync<Azure.Data.Tables.TableEntity>(customer, "account")).Value.ETag;
}
