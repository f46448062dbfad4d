using System.Buffers;
using System.Text;
using System.Text.Json;
using LoyaltyBot.Domain.Ledger;
using LoyaltyBot.Functions.Storage;

namespace LoyaltyBot.Functions.Ledger;

/// <summary>
/// The open lots of an account row as compact JSON, one array per lot:
/// <c>[id, kind, points, remaining, earnedAt ticks, availableAt − earnedAt ticks, expiresAt ticks, source]</c>, UTC
/// ticks so every instant comes back exact. About half the size of the lots as objects: the account row is read and
/// written by every operation, and a frequent customer holds hundreds of lots. Lots stored as objects still read.
/// </summary>
internal static class LotsJson
{
    public static string Write(IReadOnlyList<PointsLot> lots)
    {
        ArgumentNullException.ThrowIfNull(lots);
        var buffer = new ArrayBufferWriter<byte>(64 + (lots.Count * 160));
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var lot in lots)
            {
                json.WriteStartArray();
                json.WriteStringValue(lot.Id);
                json.WriteStringValue(lot.Kind.ToString());
                json.WriteNumberValue(lot.Points);
                json.WriteNumberValue(lot.Remaining);
                json.WriteNumberValue(lot.EarnedAt.UtcTicks);
                json.WriteNumberValue(lot.AvailableAt.UtcTicks - lot.EarnedAt.UtcTicks);
                json.WriteNumberValue(lot.ExpiresAt.UtcTicks);
                json.WriteStringValue(lot.Source);
                json.WriteEndArray();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static List<PointsLot> Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var document = JsonDocument.Parse(text.Length == 0 ? "[]" : text);
        return [.. document.RootElement.EnumerateArray().Select(ReadLot)];
    }

    private static PointsLot ReadLot(JsonElement lot)
    {
        if (lot.ValueKind == JsonValueKind.Object)
        {
            return lot.Deserialize<PointsLot>(WireJson.Options) ?? throw new InvalidDataException("A stored lot is null.");
        }

        var earnedAt = Utc(lot[4].GetInt64());
        return new PointsLot(
            lot[0].GetString()!,
            Enum.Parse<LotKind>(lot[1].GetString()!),
            lot[2].GetInt64(),
            lot[3].GetInt64(),
            earnedAt,
            earnedAt.AddTicks(lot[5].GetInt64()),
            Utc(lot[6].GetInt64()),
            lot[7].GetString()!);
    }

    private static DateTimeOffset Utc(long ticks) => new(ticks, TimeSpan.Zero);
}
