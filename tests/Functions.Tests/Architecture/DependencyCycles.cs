namespace LoyaltyBot.Functions.Tests.Architecture;

/// <summary>Finds a cycle in a directed graph of names, as the path that closes it ("A → B → A").</summary>
public static class DependencyCycles
{
    /// <summary>One cycle of <paramref name="edges"/>, or null when the graph has none; self-loops do not count.</summary>
    public static IReadOnlyList<string>? FindOne(IReadOnlyDictionary<string, IReadOnlySet<string>> edges)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        foreach (var start in edges.Keys.Order(StringComparer.Ordinal))
        {
            var path = new List<string>();
            var onPath = new HashSet<string>(StringComparer.Ordinal);
            var cycle = Visit(start, edges, done, path, onPath);
            if (cycle is not null)
                return cycle;
        }

        return null;
    }

    private static List<string>? Visit(
        string node,
        IReadOnlyDictionary<string, IReadOnlySet<string>> edges,
        HashSet<string> done,
        List<string> path,
        HashSet<string> onPath)
    {
        if (done.Contains(node))
            return null;
        path.Add(node);
        onPath.Add(node);
        foreach (var next in edges.GetValueOrDefault(node, EmptySet).Order(StringComparer.Ordinal))
        {
            if (next == node)
                continue;
            if (onPath.Contains(next))
                return [.. path.Skip(path.IndexOf(next)), next];
            var cycle = Visit(next, edges, done, path, onPath);
            if (cycle is not null)
                return cycle;
        }

        path.RemoveAt(path.Count - 1);
        onPath.Remove(node);
        done.Add(node);
        return null;
    }

    private static readonly IReadOnlySet<string> EmptySet = new HashSet<string>();
}
