using System.Net.Http.Json;
using System.Text.Json;
using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Ledger;
using LoyaltyBot.Functions.Merchants;
using LoyaltyBot.Functions.Redemptions;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyBot.Functions.Tests.Redemptions;

/// <summary>What a redemption test starts from: a till, and a customer with some points and a fresh code.</summary>
internal sealed class RedemptionScenario
{
    private readonly LoyaltyApp app;

    private RedemptionScenario(LoyaltyApp app, MerchantClient till, string customerId, string code)
    {
        this.app = app;
        Till = till;
        CustomerId = customerId;
        Code = code;
    }

    public MerchantClient Till { get; }

    public string CustomerId { get; }

    public string Code { get; }

    public LedgerStore Ledger => app.Services.GetRequiredService<LedgerStore>();

    public RedemptionCodeStore Codes => app.Services.GetRequiredService<RedemptionCodeStore>();

    public static async Task<RedemptionScenario> StartAsync(LoyaltyApp app, long points)
    {
        var till = await MerchantClient.CreateAsync(app);
        var userId = Random.Shared.NextInt64(1, long.MaxValue / 2);
        var directory = app.Services.GetRequiredService<CustomerDirectory>();
        var customer = (await directory.RegisterAsync(new NewCustomer(userId, PhoneNumber.Parse(MerchantClient.NewPhone()).Value, "Anna"), ProgramRules.Default, default)).Value;
        var code = await app.Services.GetRequiredService<RedemptionCodeStore>().IssueAsync(customer.CustomerId, default);
        var scenario = new RedemptionScenario(app, till, customer.CustomerId, code.Code);
        if (points > 0)
        {
            await scenario.GivePointsAsync(points);
        }

        return scenario;
    }

    public static Dictionary<string, object?> Body(string code, long points = 100, decimal purchaseAmount = 1000m, string? redemptionId = null) => new()
    {
        ["redemptionId"] = redemptionId ?? MerchantClient.NewId("rd"),
        ["code"] = code,
        ["points"] = points,
        ["purchaseAmount"] = purchaseAmount,
    };

    public Dictionary<string, object?> Body(long points = 100, decimal purchaseAmount = 1000m, string? redemptionId = null) =>
        Body(Code, points, purchaseAmount, redemptionId);

    public Task<HttpResponseMessage> RedeemAsync(object body) => Till.PostAsync("redemptions", body);

    public Task<HttpResponseMessage> CancelAsync(string redemptionId, MerchantClient? till = null) =>
        (till ?? Till).SendAsync(HttpMethod.Delete, $"redemptions/{Uri.EscapeDataString(redemptionId)}", null);

    public async Task GivePointsAsync(long points) =>
        Assert.True((await Ledger.AdjustAsync(CustomerId, OperationKey.Of("test", Guid.NewGuid().ToString("N")), points, "test points", ProgramRules.Default, default)).IsSuccess);

    public async Task<long> BalanceAsync() => (await Ledger.GetAccountAsync(CustomerId, default))!.Balance;

    public async Task<IReadOnlyList<LedgerEntry>> EntriesAsync(LedgerEntryKind kind) =>
        [.. (await Ledger.ReadEntriesAsync(CustomerId, null, default)).Where(e => e.Kind == kind)];

    /// <summary>The ledger's invariant: its entries sum to the balance, and the totals agree.</summary>
    public async Task AssertLedgerBalancesAsync()
    {
        var account = (await Ledger.GetAccountAsync(CustomerId, default))!;
        Assert.Equal(account.Balance, (await Ledger.ReadEntriesAsync(CustomerId, null, default)).Sum(e => e.Delta));
        Assert.Equal(account.Balance, account.Totals.Net);
    }

    public async Task<bool> IsRecordedAsync(string redemptionId) =>
        await app.Services.GetRequiredService<RequestLog>().FindMessageAsync(Till.MerchantId, RequestKinds.Redemption, redemptionId, default) is not null;

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();
}
