using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Kpis;
using LoyaltyBot.Functions.Reviews;
using LoyaltyBot.Functions.Rules;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace LoyaltyBot.Functions.Tests.Kpis;

/// <summary>A member opening the bot counts as engaged, at one blind write a day however many updates they send.</summary>
public sealed class KpiEngagementTests(StorageOfItsOwn storage) : IClassFixture<StorageOfItsOwn>
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task AMemberSeenInTheBotIsWrittenOnceADayAndCountsAsEngagedThatDay()
    {
        var h = await LedgerHarness.StartAsync(storage: storage.Account);
        // Both open their accounts in the bot today; tomorrow only the first comes back.
        var customer = await h.RegisterAsync();
        await h.RegisterAsync();
        h.Time.Advance(TimeSpan.FromDays(1));
        var account = await h.AccountAsync(customer);
        h.Requests.Reset();

        for (var update = 0; update < 5; update++)
        {
            await h.KpiDeltas.SeenAsync(account, Ct);
        }

        var writes = h.Requests.Snapshot();
        h.Time.Advance(TimeSpan.FromDays(1));
        h.Requests.Reset();
        await h.KpiDeltas.SeenAsync(account, Ct);
        var nextDay = h.Requests.Snapshot();

        Assert.Equal(1, writes.GetValueOrDefault("table POST $batch"));
        Assert.Equal(1, nextDay.GetValueOrDefault("table POST $batch"));
        var today = h.Today;
        var yesterday = today.AddDays(-1);
        var report = KpiReport.Of(await h.Kpis.ReadAsync(yesterday.AddDays(-1), yesterday, Ct), yesterday, yesterday, null, h.Rules);
        Assert.Equal((2L, 0.5m), (report.Members, report.EngagementRate));
    }
}

/// <summary>Phones bound count in the phone-binding rate, on a storage of their own, so that the members are only theirs.</summary>
public sealed class KpiPhoneBindingTests(StorageOfItsOwn storage) : IClassFixture<StorageOfItsOwn>
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task BindingAPhoneInTheBotFoldsThePhonesAccountAndEveryMemberLeftHasAPhone()
    {
        var h = await LedgerHarness.StartAsync(storage: storage.Account);
        var phone = PhoneNumber.Parse(MerchantClient.NewPhone()).Value;
        await h.Directory.FindOrOpenIdByPhoneAsync(phone, h.Rules, Ct);
        var customer = await h.RegisterAsync();
        var before = await h.TodaysKpisAsync();

        var bound = await new PhoneBinding(h.Directory, h.Ledger, NullLogger<PhoneBinding>.Instance).BindAsync(customer, phone, h.Rules, Ct);

        var after = await h.TodaysKpisAsync();
        Assert.Equal(PhoneBindingStatus.Bound, bound.Status);
        Assert.Equal((2L, 0.5m), (before.Members, before.PhoneBindingRate));
        Assert.Equal((1L, 1m), (after.Members, after.PhoneBindingRate));
    }
}

/// <summary>First ratings count as reviews, with their average; rating a purchase again changes neither.</summary>
public sealed class KpiReviewTests(StorageOfItsOwn storage) : IClassFixture<StorageOfItsOwn>
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task TwoPurchasesRatedFourAndFiveAreTwoReviewsOfFourAndAHalfAndARatingChangedLaterCountsNoMore()
    {
        var h = await LedgerHarness.StartAsync(storage: storage.Account);
        var customer = await h.RegisterAsync();
        var first = (await h.EarnAsync(customer, 500m, "r1")).Entry;
        var second = (await h.EarnAsync(customer, 700m, "r2")).Entry;
        var program = new ProgramStore(h.Storage, h.Time);
        var reviews = new ReviewBonus(new FeedbackStore(h.Storage, h.Time), h.Ledger, program, h.KpiDeltas);
        var account = await h.AccountAsync(customer);

        await reviews.RateAsync(account, "ref-1", first, 4, Ct);
        await reviews.RateAsync(account, "ref-2", second, 5, Ct);
        await reviews.RateAsync(account, "ref-2", second, 1, Ct);

        var report = KpiReport.Of(await h.Kpis.ReadAsync(h.Today.AddDays(-1), h.Today, Ct), h.Today, h.Today, null, h.Rules);
        Assert.Equal((2L, 4.5m), (report.Reviews, report.AverageRating));
    }
}
