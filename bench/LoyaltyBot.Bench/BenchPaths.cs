namespace LoyaltyBot.Bench;

/// <summary>Where the benchmarks find the repository and the app's build: the build of the configuration they run in.</summary>
internal static class BenchPaths
{
    /// <summary>Debug or Release: the folder above the benchmark's own <c>net10.0</c>.</summary>
    public static string Configuration => new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LoyaltyBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("LoyaltyBot.sln not found above the benchmark's binaries.");
    }

    /// <summary><paramref name="given"/> (<c>--app</c>), or the app's build in the benchmark's configuration.</summary>
    public static string AppDll(string repo, string? given) =>
        given ?? Path.Combine(repo, "src", "Functions", "bin", Configuration, "net10.0", "LoyaltyBot.Functions.dll");
}
