using System.Globalization;
using System.Net;
using System.Text.Json;
using LoyaltyBot.Functions.Redemptions;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static LoyaltyBot.Functions.Tests.Redemptions.RedemptionScenario;

namespace LoyaltyBot.Functions.Tests.Redemptions;

/// <summary>Guessing redemption codes: failed look-ups per till address and per merchant, then 429 before the look-up.</summary>
[Collection(ThrottleApp.Collection)]
public sealed class RedemptionThrottleTests(ThrottleApp app)
{
    [Fact]
    public async Task AfterFiveUnknownCodesFromOneTillTheNextIsA429WithRetryAfter()
    {
        var s = await StartAsync(app, points: 500);
        var till = s.Till.At("203.0.113.10");

        for (var i = 0; i < app.Limits.FailuresPerAddress; i++)
        {
            using var unknown = await till.PostAsync("redemptions", Body(UnknownCode(s)));
            await MerchantRedemptionTests.AssertRefusedAsync(unknown, HttpStatusCode.UnprocessableEntity, "code", "unknown, expired or already used");
        }

        using var throttled = await till.PostAsync("redemptions", Body(UnknownCode(s)));

        await AssertThrottledAsync(throttled);
    }

    [Fact]
    public async Task WhileThrottledALiveCodeIsNotSpentAndAfterTheWindowItWorks()
    {
        var s = await StartAsync(app, points: 500);
        var till = s.Till.At("203.0.113.11");
        await FailAsync(till, s, app.Limits.FailuresPerAddress);
        var body = s.Body(points: 100);

        using var throttled = await till.PostAsync("redemptions", body);

        await AssertThrottledAsync(throttled);
        Assert.Equal(500, await s.BalanceAsync());
        Assert.Null((await s.Codes.FindAsync(s.Code, default))?.UsedBy);
        Assert.False(await s.IsRecordedAsync((string)body["redemptionId"]!));

        app.NextWindow();
        using var later = await till.PostAsync("redemptions", body);

        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        Assert.Equal(400, await s.BalanceAsync());
    }

    [Fact]
    public async Task AnHonestTillsMistypedCodeAndThenTheRealOneIsApplied()
    {
        var s = await StartAsync(app, points: 500);

        using var mistyped = await s.RedeemAsync(Body(UnknownCode(s)));
        using var real = await s.RedeemAsync(s.Body(points: 100));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, mistyped.StatusCode);
        Assert.Equal(HttpStatusCode.OK, real.StatusCode);
        Assert.Equal(100, (await JsonAsync(real)).GetProperty("pointsApplied").GetInt64());
    }

    [Fact]
    public async Task UnknownExpiredAndUsedCodesGetOneAnswerAndCountAlike()
    {
        var s = await StartAsync(app, points: 500);
        var till = s.Till.At("203.0.113.12");
        var elevenMinutesAgo = new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(-11));
        var expired = await new RedemptionCodeStore(app.Storage, elevenMinutesAgo, NullLogger<RedemptionCodeStore>.Instance).IssueAsync(s.CustomerId, default);
        using var applied = await till.PostAsync("redemptions", s.Body(points: 10));
        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);

        using var used = await till.PostAsync("redemptions", s.Body(points: 10));
        using var late = await till.PostAsync("redemptions", Body(expired.Code));
        using var unknown = await till.PostAsync("redemptions", Body(UnknownCode(s)));

        var answers = await Task.WhenAll(new[] { used, late, unknown }.Select(ProblemWithoutInstanceAsync));
        Assert.All(answers, a => Assert.Equal(answers[0], a));
        Assert.Contains("\"status\":422", answers[0], StringComparison.Ordinal);
        await FailAsync(till, s, app.Limits.FailuresPerAddress - 3);
        using var throttled = await till.PostAsync("redemptions", Body(UnknownCode(s)));
        await AssertThrottledAsync(throttled);
    }

    [Fact]
    public async Task AnotherTillOfTheMerchantIsNotThrottledByTheFirstTillsFailures()
    {
        var s = await StartAsync(app, points: 500);
        var guesser = s.Till.At("203.0.113.13");
        await FailAsync(guesser, s, app.Limits.FailuresPerAddress);

        using var throttled = await guesser.PostAsync("redemptions", Body(UnknownCode(s)));
        using var honest = await s.Till.At("203.0.113.14").PostAsync("redemptions", s.Body(points: 100));

        await AssertThrottledAsync(throttled);
        Assert.Equal(HttpStatusCode.OK, honest.StatusCode);
    }

    [Fact]
    public async Task TheMerchantWideLimitThrottlesEveryAddressOfTheMerchant()
    {
        var s = await StartAsync(app, points: 500);
        var perAddress = app.Limits.FailuresPerAddress - 1;
        for (var failed = 0; failed < app.Limits.FailuresPerMerchant; failed += perAddress)
        {
            await FailAsync(s.Till.At($"198.51.100.{failed}"), s, Math.Min(perAddress, app.Limits.FailuresPerMerchant - failed));
        }

        using var fresh = await s.Till.At("198.51.100.250").PostAsync("redemptions", s.Body(points: 100));
        using var otherMerchant = await (await MerchantClient.CreateAsync(app, "Bakery")).At("198.51.100.250").PostAsync("redemptions", s.Body(points: 100));

        await AssertThrottledAsync(fresh);
        Assert.Equal(HttpStatusCode.OK, otherMerchant.StatusCode);
    }

    [Fact]
    public async Task AReplayOfAnAppliedRedemptionGetsItsFirstAnswerWhileThrottled()
    {
        var s = await StartAsync(app, points: 500);
        var till = s.Till.At("203.0.113.15");
        var body = s.Body(points: 100);
        using var first = await till.PostAsync("redemptions", body);
        await FailAsync(till, s, app.Limits.FailuresPerAddress);

        using var replay = await till.PostAsync("redemptions", body);

        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await replay.Content.ReadAsStringAsync());
        Assert.Equal(400, await s.BalanceAsync());
    }

    /// <summary>429 problem+json with a Retry-After that ends no later than the window.</summary>
    internal static async Task AssertThrottledAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.TooManyRequests, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(429, JsonDocument.Parse(text).RootElement.GetProperty("status").GetInt32());
        var seconds = response.Headers.RetryAfter?.Delta?.TotalSeconds;
        Assert.True(seconds is >= 1 and <= 300, $"Retry-After: {response.Headers.RetryAfter}");
    }

    private static async Task FailAsync(MerchantClient till, RedemptionScenario s, int times)
    {
        for (var i = 0; i < times; i++)
        {
            using var response = await till.PostAsync("redemptions", Body(UnknownCode(s)));
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        }
    }

    private static string UnknownCode(RedemptionScenario s)
    {
        string code;
        do
        {
            code = Random.Shared.Next(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        }
        while (code == s.Code);

        return code;
    }

    /// <summary>The problem's JSON without what differs per request (the trace id).</summary>
    private static async Task<string> ProblemWithoutInstanceAsync(HttpResponseMessage response)
    {
        var problem = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(await response.Content.ReadAsStringAsync())!;
        problem.Remove("traceId");
        return JsonSerializer.Serialize(problem.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary());
    }
}
