using System.Text.Json;
using Azure.Data.Tables;
using LoyaltyBot.Domain.Errors;
using LoyaltyBot.Domain.Rules;
using LoyaltyBot.Functions.Storage;

namespace LoyaltyBot.Functions.Rules;

/// <summary>
/// The program's rules as one JSON document in the Program table. Read on every accrual, so it is cached for a short
/// while: a change reaches every instance within <see cref="CacheFor"/>.
/// </summary>
public sealed class ProgramStore(StorageAccount storage, TimeProvider time)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);
    private const string Partition = "program";
    private const string Row = "rules";
    private readonly TableClient table = storage.Table(TableNames.Program);
    private (ProgramRules Rules, DateTimeOffset ReadAt)? cached;

    public static JsonSerializerOptions Json => WireJson.Options;

    /// <summary>The stored rules, or the defaults when the owner never saved any.</summary>
    public async Task<ProgramRules> GetAsync(CancellationToken cancellationToken)
    {
        if (cached is { } hit && time.GetUtcNow() - hit.ReadAt < CacheFor)
        {
            return hit.Rules;
        }

        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition, Row, cancellationToken: cancellationToken);
        var rules = row.HasValue && row.Value!.GetString("Rules") is { } json ? JsonSerializer.Deserialize<ProgramRules>(json, Json)! : ProgramRules.Default;
        cached = (rules, time.GetUtcNow());
        return rules;
    }

    /// <summary>Validates the whole document and saves it if it is sound; answers every problem, each naming its field.</summary>
    public async Task<IReadOnlyList<LoyaltyError>> SaveAsync(ProgramRules rules, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var problems = rules.Validate();
        if (problems.Count > 0)
        {
            return problems;
        }

        await table.UpsertEntityAsync(new TableEntity(Partition, Row) { ["Rules"] = JsonSerializer.Serialize(rules, Json) }, TableUpdateMode.Replace, cancellationToken);
        cached = (rules, time.GetUtcNow());
        return [];
    }
}
