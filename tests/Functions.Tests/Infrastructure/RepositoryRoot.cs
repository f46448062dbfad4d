namespace LoyaltyBot.Functions.Tests.Infrastructure;

public static class RepositoryRoot
{
    /// <summary>The checkout the tests run from: the folder holding LoyaltyBot.sln.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "LoyaltyBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Tests must run inside the repository.");
    }
}
