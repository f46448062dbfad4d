using System.Globalization;

namespace LoyaltyBot.Bench;

/// <summary>
/// Command-line options: <c>--purchases 10000 --clients 32 --phones 2000 --starts 5 --warmup 500 --chunk 1000
/// [--app path/to/LoyaltyBot.Functions.dll]</c>. Purchases go in chunks, each accrued before the next is posted, so that
/// no queue holds more than a chunk: Azurite looks through every message of every queue on each receive and delete, so a
/// long queue would measure the emulator rather than the app (Azure's queues do not slow down with length).
/// </summary>
internal sealed record BenchOptions(int Purchases, int Clients, int Phones, int Starts, int Warmup, int Chunk, string? AppDll)
{
    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions(10_000, 32, 2_000, 5, 500, 1_000, null);
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            var value = i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            options = name switch
            {
                "--purchases" => options with { Purchases = Positive(name, value) },
                "--clients" => options with { Clients = Positive(name, value) },
                "--phones" => options with { Phones = Positive(name, value) },
                "--starts" => options with { Starts = Positive(name, value) },
                "--warmup" => options with { Warmup = Positive(name, value) },
                "--chunk" => options with { Chunk = Positive(name, value) },
                "--app" => options with { AppDll = Path.GetFullPath(value) },
                _ => throw new ArgumentException($"Unknown option {name}. Options: --purchases N --clients C --phones P --starts S --warmup W --chunk K --app DLL."),
            };
        }

        return options;
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"{name} must be a positive whole number.");
}
