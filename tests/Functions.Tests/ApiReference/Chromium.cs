namespace LoyaltyBot.Functions.Tests.ApiReference;

/// <summary>Debian's chromium, which the browser tests drive (.ci/run installs it); Playwright downloads no browser.</summary>
internal static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public static bool IsInstalled => File.Exists(ExecutablePath);

    /// <summary>On CI a missing chromium is a failure, never a skip.</summary>
    public static bool IsRequired => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}

/// <summary>A test that needs chromium: skipped, with the reason, only where chromium is absent and CI is not set.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (!Chromium.IsInstalled && !Chromium.IsRequired)
        {
            Skip = $"{Chromium.ExecutablePath} is not installed (apt-get install -y chromium); on CI (CI=true) this test fails instead.";
        }
    }
}
