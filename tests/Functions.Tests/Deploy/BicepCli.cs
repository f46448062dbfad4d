using System.Diagnostics;
using System.Reflection;

namespace LoyaltyBot.Functions.Tests.Deploy;

/// <summary>The Bicep CLI of the Azure.Bicep.CommandLine.linux-x64 package, where restore put it.</summary>
public static class BicepCli
{
    public sealed record Result(int ExitCode, string Output, string Diagnostics);

    public static string Path { get; } = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "BicepCli").Value!;

    /// <summary><c>bicep build &lt;file&gt; --stdout</c>: the ARM JSON on Output, every warning and error on Diagnostics.</summary>
    public static async Task<Result> BuildAsync(string bicepFile)
    {
        EnsureExecutable();
        var start = new ProcessStartInfo(Path)
        {
            ArgumentList = { "build", bicepFile, "--stdout" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var bicep = Process.Start(start)!;
        var output = bicep.StandardOutput.ReadToEndAsync();
        var diagnostics = bicep.StandardError.ReadToEndAsync();
        await bicep.WaitForExitAsync();
        return new Result(bicep.ExitCode, await output, await diagnostics);
    }

    // A package extracted by restore does not always keep the executable bit.
    private static void EnsureExecutable()
    {
        if (!File.Exists(Path))
        {
            throw new FileNotFoundException($"No Bicep CLI at {Path}: restore the test project (Azure.Bicep.CommandLine.linux-x64).", Path);
        }

        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(Path);
            const UnixFileMode executable = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            if ((mode & UnixFileMode.UserExecute) == 0)
            {
                File.SetUnixFileMode(Path, mode | executable);
            }
        }
    }
}
