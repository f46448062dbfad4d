using System.Globalization;

namespace LoyaltyBot.HeavyBench;

/// <summary>
/// Command-line options: <c>--sizes 10,1000,10000 --measured 200 --clients 32 --lookups 50 --days 300 --chunk 1000
/// [--app path/to/LoyaltyBot.Functions.dll]</c>. Each size is a customer with that many purchases on record, spread over
/// the last <c>--days</c> days; <c>--measured</c> purchases are then accrued each way; <c>--chunk</c> bounds the queue
/// while the history is set up (Azurite works through every queued message on each receive and delete).
/// </summary>
internal sealed record HeavyOptions(IReadOnlyList<int> Sizes, int Measured, int Clients, int Lookups, int Days, int Chunk, string? AppDll)
{
    public string CommandLine =>
        $"dotnet run -c Release --project bench/LoyaltyBot.HeavyBench -- --sizes {string.Join(',', Sizes)} --measured {Measured} --clients {Clients} "
        + $"--lookups {Lookups} --days {Days} --chunk {Chunk}{(AppDll is null ? "" : $" --app {AppDll}")}";

    public static HeavyOptions Parse(string[] args)
    {
        var options = new HeavyOptions([10, 1_000, 10_000], 200, 32, 50, 300, 1_000, null);
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            var value = i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            options = name switch
            {
                "--sizes" => options with { Sizes = ParseSizes(value) },
                "--measured" => options with { Measured = Positive(name, value) },
                "--clients" => options with { Clients = Positive(name, value) },
                "--lookups" => options with { Lookups = Positive(name, value) },
                // Within the points' lifetime (365 days by default): the webhook refuses older purchases.
                "--days" => options with { Days = Positive(name, value) },
                "--chunk" => options with { Chunk = Positive(name, value) },
                "--app" => options with { AppDll = Path.GetFullPath(value) },
                _ => throw new ArgumentException($"Unknown option {name}. Options: --sizes N,N,... --measured M --clients C --lookups L --days D --chunk K --app DLL."),
            };
        }

        return options;
    }

    /// <summary>Ascending and distinct: the first is the one the others are compared with.</summary>
    private static int[] ParseSizes(string value)
    {
        var sizes = value.Split(',').Select(s => Positive("--sizes", s.Trim())).Distinct().Order().ToArray();
        return sizes.Length >= 2 ? sizes : throw new ArgumentException("--sizes needs at least two sizes, the smallest first compared with the rest.");
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"{name} must be a positive whole number.");
}
