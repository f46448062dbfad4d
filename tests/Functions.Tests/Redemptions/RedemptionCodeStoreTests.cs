using LoyaltyBot.Domain.Errors;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Redemptions;
using LoyaltyBot.Functions.Redemptions;
using LoyaltyBot.Functions.Storage;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LoyaltyBot.Functions.Tests.Redemptions;

/// <summary>The RedemptionCodes table on the shared Azurite; digits that must collide are chosen by the test, and unique to it.</summary>
public sealed class RedemptionCodeStoreTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task AnIssuedCodeIsSixDigitsValidForTenMinutesAndFoundByItsDigits()
    {
        var store = await StoreAsync();

        var issued = await store.IssueAsync("c-issued", CancellationToken.None);

        Assert.Matches("^[0-9]{6}$", issued.Code);
        Assert.Equal(time.GetUtcNow().AddMinutes(10), issued.ExpiresAt);
        var found = await store.FindAsync(issued.Code, CancellationToken.None);
        Assert.Equal(("c-issued", issued.ExpiresAt, (string?)null), (found?.CustomerId, found?.ExpiresAt, found?.UsedBy));
    }

    [Fact]
    public async Task ANewCodeForTheSameCustomerLeavesTheEarlierOneToExpire()
    {
        var store = await StoreAsync();

        var first = await store.IssueAsync("c-twice", CancellationToken.None);
        var second = await store.IssueAsync("c-twice", CancellationToken.None);

        Assert.NotEqual(first.Code, second.Code);
        Assert.Equal("c-twice", (await store.FindAsync(first.Code, CancellationToken.None))?.CustomerId);
        Assert.Equal("c-twice", (await store.FindAsync(second.Code, CancellationToken.None))?.CustomerId);
    }

    [Fact]
    public async Task DigitsOfALiveCodeAreNeverReissuedTheIssueDrawsAgain()
    {
        var draws = new Queue<string>(["310001", "310001", "310002"]);
        var store = await StoreAsync(() => draws.Dequeue());

        var first = await store.IssueAsync("c-first", CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(9));
        var second = await store.IssueAsync("c-second", CancellationToken.None);

        Assert.Equal(("310001", "310002"), (first.Code, second.Code));
        Assert.Equal("c-first", (await store.FindAsync("310001", CancellationToken.None))?.CustomerId);
        Assert.Empty(draws);
    }

    [Fact]
    public async Task AnExpiredCodesDigitsGoToTheNextCodeDrawnWithThem()
    {
        var store = await StoreAsync(() => "320001");
        await store.IssueAsync("c-old", CancellationToken.None);
        await store.ClaimAsync("320001", OperationKey.Of("m1.redemption", "r-old"), CancellationToken.None);
        time.Advance(RedemptionCode.Lifetime);

        var issued = await store.IssueAsync("c-new", CancellationToken.None);

        var found = await store.FindAsync(issued.Code, CancellationToken.None);
        Assert.Equal(("320001", "c-new", (string?)null), (issued.Code, found?.CustomerId, found?.UsedBy));
    }

    [Fact]
    public async Task OfTenTillsClaimingOneCodeAtOnceExactlyOneGetsIt()
    {
        var store = await StoreAsync();
        var issued = await store.IssueAsync("c-race", CancellationToken.None);

        var claims = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            store.ClaimAsync(issued.Code, OperationKey.Of($"m{i}.redemption", "r-1"), CancellationToken.None)));

        var winner = Assert.Single(claims, c => c.IsSuccess);
        Assert.All(claims.Where(c => !c.IsSuccess), c => Assert.Equal(LoyaltyErrorCode.RedemptionCodeUsed, c.Error?.Code));
        Assert.Equal(winner.Value.UsedBy, (await store.FindAsync(issued.Code, CancellationToken.None))?.UsedBy);
    }

    [Fact]
    public async Task AReleasedCodeCanBeClaimedAgainButOnlyItsHolderReleasesIt()
    {
        var store = await StoreAsync();
        var issued = await store.IssueAsync("c-release", CancellationToken.None);
        var holder = OperationKey.Of("m1.redemption", "r-1");
        var other = OperationKey.Of("m1.redemption", "r-2");
        await store.ClaimAsync(issued.Code, holder, CancellationToken.None);

        await store.ReleaseAsync(issued.Code, other, CancellationToken.None);
        Assert.Equal(LoyaltyErrorCode.RedemptionCodeUsed, (await store.ClaimAsync(issued.Code, other, CancellationToken.None)).Error?.Code);
        await store.ReleaseAsync(issued.Code, holder, CancellationToken.None);

        Assert.True((await store.ClaimAsync(issued.Code, other, CancellationToken.None)).IsSuccess);
    }

    [Theory]
    [InlineData("999999x")]
    [InlineData("12345")]
    public async Task AClaimOfDigitsNobodyHoldsIsAnUnknownCode(string code)
    {
        var store = await StoreAsync();

        var claim = await store.ClaimAsync(code, OperationKey.Of("m1.redemption", "r-1"), CancellationToken.None);

        Assert.Equal((LoyaltyErrorCode.RedemptionCodeUnknown, "code"), (claim.Error?.Code, claim.Error?.Field));
    }

    private async Task<RedemptionCodeStore> StoreAsync(Func<string>? newCode = null)
    {
        StorageAccount storage = await TestStorage.CreateAsync();
        return new RedemptionCodeStore(storage, time, NullLogger<RedemptionCodeStore>.Instance, newCode);
    }
}
