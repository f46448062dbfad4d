using System.Buffers.Binary;
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using LoyaltyBot.Domain.Boosts;
using LoyaltyBot.Domain.Customers;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Functions.Storage;

namespace LoyaltyBot.Functions.Ledger;

/// <summary>
/// Maps a <see cref="CustomerAccount"/> to its one <c>account</c> row. The open lots live in that row, so reading an
/// account is one point read and changing it one entity, however many lots an operation touches.
/// </summary>
internal static class AccountEntity
{
    public static TableEntity ToEntity(CustomerAccount account, ETag etag)
    {
        var entity = new TableEntity(account.CustomerId, LedgerKeys.Account)
        {
            ETag = etag,
            ["Tier"] = account.Tier,
            ["Debt"] = account.Debt,
            // Denormalized for support screens and KPIs; the lots are the truth.
            ["Balance"] = account.Balance,
            ["Spend"] = WireJson.Write(account.SpendByDay.ToDictionary(d => d.Key.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), d => d.Value)),
            ["Totals"] = WireJson.Write(account.Totals),
            ["CreatedAt"] = account.CreatedAt,
        };
        LargeText.Write(entity, "Lots", LotsJson.Write(account.Lots));
        entity[LatestEntries] = Ticks(account.LatestEntryTimes);
        entity["LastPurchaseAt"] = account.LastPurchaseAt;
        entity["LapsesAt"] = account.LapsesAt;
        WriteProfile(entity, account.Profile);
        return entity;
    }

    public static CustomerAccount FromEntity(TableEntity entity)
    {
        var spend = WireJson.Read<Dictionary<string, decimal>>(entity.GetString("Spend") ?? "{}")
            .Select(d => KeyValuePair.Create(DateOnly.ParseExact(d.Key, "yyyy-MM-dd", CultureInfo.InvariantCulture), d.Value));
        return new CustomerAccount(
            entity.PartitionKey,
            ReadProfile(entity),
            entity.GetString("Tier") ?? "",
            entity.GetInt64("Debt") ?? 0,
            LotsJson.Read(LargeText.Read(entity, "Lots")),
            spend,
            WireJson.Read<LedgerTotals>(entity.GetString("Totals") ?? "{}"),
            entity.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
            Times(entity.GetBinary(LatestEntries)),
            entity.GetDateTimeOffset("LastPurchaseAt"),
            entity.GetDateTimeOffset("LapsesAt"));
    }

    /// <summary>The latest entries' times as UTC ticks, 8 bytes each, little-endian: the smallest form of twenty instants.</summary>
    public const string LatestEntries = "LatestEntries";

    private static byte[] Ticks(IReadOnlyList<DateTimeOffset> times)
    {
        var bytes = new byte[times.Count * sizeof(long)];
        for (var i = 0; i < times.Count; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * sizeof(long)), times[i].UtcTicks);
        }

        return bytes;
    }

    private static IEnumerable<DateTimeOffset> Times(byte[]? ticks) =>
        ticks is null ? [] : Enumerable.Range(0, ticks.Length / sizeof(long))
            .Select(i => new DateTimeOffset(BinaryPrimitives.ReadInt64LittleEndian(ticks.AsSpan(i * sizeof(long))), TimeSpan.Zero));

    private static void WriteProfile(TableEntity entity, CustomerProfile profile)
    {
        entity["CardNumber"] = profile.CardNumber;
        entity["InviteCode"] = profile.InviteCode;
        entity["TelegramUserId"] = profile.TelegramUserId;
        entity["ChatId"] = profile.ChatId;
        entity["Name"] = profile.Name;
        entity["Language"] = profile.Language;
        entity["Phone"] = profile.Phone;
        entity["BirthDay"] = profile.BirthDay;
        entity["BirthMonth"] = profile.BirthMonth;
        entity["BirthYear"] = profile.BirthYear;
        entity["ReferredBy"] = profile.ReferredBy;
        entity["ReferredAt"] = profile.ReferredAt;
        entity["ReferralPurchase"] = profile.ReferralPurchase;
        entity["ReferralRevoked"] = profile.ReferralRevoked;
        entity["Unreachable"] = profile.Unreachable;
        entity["MergedFrom"] = profile.MergedFrom;
        entity["MergedInto"] = profile.MergedInto;
        entity["ErasedAt"] = profile.ErasedAt;
        entity["BoostPicks"] = profile.BoostPicks.IsEmpty ? null : WireJson.Write(profile.BoostPicks.Months.ToDictionary(m => m.Key.ToString(), m => m.Value));
    }

    private static CustomerProfile ReadProfile(TableEntity entity) => new()
    {
        CardNumber = entity.GetString("CardNumber") ?? "",
        InviteCode = entity.GetString("InviteCode") ?? "",
        TelegramUserId = entity.GetInt64("TelegramUserId"),
        ChatId = entity.GetInt64("ChatId"),
        Name = entity.GetString("Name"),
        Language = entity.GetString("Language") ?? "ru",
        Phone = entity.GetString("Phone"),
        BirthDay = entity.GetInt32("BirthDay"),
        BirthMonth = entity.GetInt32("BirthMonth"),
        BirthYear = entity.GetInt32("BirthYear"),
        ReferredBy = entity.GetString("ReferredBy"),
        ReferredAt = entity.GetDateTimeOffset("ReferredAt"),
        ReferralPurchase = entity.GetString("ReferralPurchase"),
        ReferralRevoked = entity.GetBoolean("ReferralRevoked") ?? false,
        Unreachable = entity.GetBoolean("Unreachable") ?? false,
        MergedFrom = entity.GetString("MergedFrom"),
        MergedInto = entity.GetString("MergedInto"),
        ErasedAt = entity.GetDateTimeOffset("ErasedAt"),
        BoostPicks = ReadBoostPicks(entity.GetString("BoostPicks")),
    };

    /// <summary>Picks as the row keeps them, <c>{"2026-12":["coffee","books"]}</c>; none in a row written before they were kept.</summary>
    private static BoostPicks ReadBoostPicks(string? json) =>
        json is null ? BoostPicks.None : new(WireJson.Read<Dictionary<string, string[]>>(json)
            .Select(m => (Parsed: BoostMonth.TryParse(m.Key, out var month), month, m.Value))
            .Where(m => m.Parsed)
            .Select(m => KeyValuePair.Create(m.month, (IReadOnlyList<string>)m.Value)));
}
