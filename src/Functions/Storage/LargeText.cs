using Azure.Data.Tables;

namespace LoyaltyBot.Functions.Storage;

/// <summary>
/// Stores text longer than one table property allows (64 KiB, 32 K UTF-16 chars) across numbered properties
/// <c>Name</c>, <c>Name_1</c>, <c>Name_2</c>… of the same entity (1 MiB in all).
/// </summary>
internal static class LargeText
{
    private const int ChunkChars = 30_000;

    public static void Write(TableEntity entity, string name, string text)
    {
        var chunks = text.Chunk(ChunkChars).Select(c => new string(c)).DefaultIfEmpty("").ToList();
        entity[name] = chunks[0];
        for (var i = 1; i < chunks.Count; i++)
        {
            entity[$"{name}_{i}"] = chunks[i];
        }
    }

    public static string Read(TableEntity entity, string name)
    {
        var text = entity.GetString(name) ?? "";
        for (var i = 1; entity.GetString($"{name}_{i}") is { } more; i++)
        {
            text += more;
        }

        return text;
    }
}
