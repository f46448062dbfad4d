using System.Text.Json;

namespace LoyaltyBot.FunctionsHostDouble;

/// <summary>
/// The command the host runs for a worker, from the <c>worker.config.json</c> the Functions worker SDK writes beside the
/// app (<c>description.defaultExecutablePath</c> and <c>defaultWorkerPath</c>); <c>dotnet &lt;dll&gt;</c> without one.
/// </summary>
internal static class WorkerConfig
{
    public static (string Executable, string WorkerPath) Read(string appDirectory, string dll)
    {
        var path = Path.Combine(appDirectory, "worker.config.json");
        if (!File.Exists(path))
        {
            return ("dotnet", dll);
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var description = document.RootElement.GetProperty("description");
        var executable = description.TryGetProperty("defaultExecutablePath", out var e) ? e.GetString() : null;
        var worker = description.TryGetProperty("defaultWorkerPath", out var w) ? w.GetString() : null;
        return (string.IsNullOrEmpty(executable) ? "dotnet" : executable, string.IsNullOrEmpty(worker) ? dll : Path.Combine(appDirectory, worker));
    }
}
