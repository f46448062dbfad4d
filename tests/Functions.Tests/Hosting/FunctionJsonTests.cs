using System.Text.Json;
using System.Text.Json.Nodes;
using LoyaltyBot.Functions.Hosting;
using LoyaltyBot.Functions.Storage;
using LoyaltyBot.Functions.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace LoyaltyBot.Functions.Tests.Hosting;

/// <summary>host.json and the function.json files in src/Functions say what the code declares, and ship with the app.</summary>
public sealed class FunctionJsonTests
{
    private static readonly string FunctionsDir = Path.Combine(AppProcess.RepoRoot(), "src", "Functions");

    [Fact]
    public void EveryDeclaredFunctionHasAFunctionJsonFolderAndNoFolderIsUndeclared()
    {
        var folders = Directory.GetFiles(FunctionsDir, "function.json", SearchOption.AllDirectories)
            .Where(path => !IsBuildOutput(path))
            .Select(path => Path.GetRelativePath(FunctionsDir, Path.GetDirectoryName(path)!))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(LoyaltyFunctions.Catalog.All.Select(f => f.Name).Order(StringComparer.Ordinal), folders);
    }

    public static TheoryData<string> DeclaredFunctions => [.. LoyaltyFunctions.Catalog.All.Select(f => f.Name)];

    [Theory]
    [MemberData(nameof(DeclaredFunctions))]
    public void FunctionJsonSaysWhatTheCodeDeclares(string name)
    {
        var function = LoyaltyFunctions.Catalog[name];
        var path = Path.Combine(FunctionsDir, name, "function.json");
        Assert.True(File.Exists(path), $"{path} is missing. It should read:\n{Expected(function)}");
        var bindings = JsonNode.Parse(File.ReadAllText(path))!["bindings"]!.AsArray();
        var trigger = Assert.Single(bindings, b => b!["direction"]!.GetValue<string>() == "in")!;

        var problems = new List<string>();
        void Check(string what, object? expected, object? actual)
        {
            if (!Equals(expected, actual))
            {
                problems.Add($"{what}: function.json has '{actual}', the code declares '{expected}'");
            }
        }

        Check("binding name", function.Trigger.BindingName, Text(trigger, "name"));
        switch (function.Trigger)
        {
            case HttpTrigger http:
                Check("trigger type", "httpTrigger", Text(trigger, "type"));
                Check("route", http.Route, Text(trigger, "route"));
                Check("methods", string.Join(',', http.Methods), string.Join(',', (trigger["methods"]?.AsArray() ?? []).Select(m => m!.GetValue<string>().ToUpperInvariant())));
                // We check our own keys and signatures; a function key would lock merchants and Telegram out.
                Check("authLevel", "anonymous", Text(trigger, "authLevel"));
                var output = Assert.Single(bindings, b => b!["direction"]!.GetValue<string>() == "out")!;
                // enableForwardingHttpRequest forwards only functions with exactly one httpTrigger in and one http out.
                Check("output binding", "http", Text(output, "type"));
                Check("binding count", 2, bindings.Count);
                break;
            case QueueTrigger queue:
                Check("trigger type", "queueTrigger", Text(trigger, "type"));
                Check("queue name", queue.QueueName, Text(trigger, "queueName"));
                Check("connection", StorageAccount.ConnectionSetting, Text(trigger, "connection"));
                Check("binding count", 1, bindings.Count);
                break;
            case TimerTrigger timer:
                Check("trigger type", "timerTrigger", Text(trigger, "type"));
                Check("schedule", timer.Schedule, Text(trigger, "schedule"));
                Check("binding count", 1, bindings.Count);
                break;
        }

        Assert.True(problems.Count == 0, $"{path} disagrees with the declaration of {name}:\n  {string.Join("\n  ", problems)}\nIt should read:\n{Expected(function)}");
    }

    [Fact]
    public void HostJsonRunsThisExecutableAsACustomHandlerWithForwardedHttp()
    {
        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(FunctionsDir, HostJson.FileName)))!;

        Assert.Equal("2.0", Text(host, "version"));
        Assert.Equal(typeof(LoyaltyFunctions).Assembly.GetName().Name, host["customHandler"]!["description"]!["defaultExecutablePath"]!.GetValue<string>());
        Assert.True(host["customHandler"]!["enableForwardingHttpRequest"]!.GetValue<bool>());
        Assert.Equal("Microsoft.Azure.Functions.ExtensionBundle", host["extensionBundle"]!["id"]!.GetValue<string>());
        Assert.Equal("[4.*, 5.0.0)", host["extensionBundle"]!["version"]!.GetValue<string>());
        Assert.Equal(HttpTrigger.RoutePrefix, host["extensions"]!["http"]!["routePrefix"]!.GetValue<string>());
    }

    [Fact]
    public void TheStandaloneListenersTakeTheirQueueSettingsFromHostJson()
    {
        var section = HostJson.Read(Path.Combine(FunctionsDir, HostJson.FileName));
        var options = new ConfigurationBuilder().AddInMemoryCollection(section).Build()
            .GetSection(QueueListenerOptions.HostJsonSection).Get<QueueListenerOptions>()!;

        Assert.Equal(5, options.MaxDequeueCount);
        Assert.True(options.VisibilityTimeout > TimeSpan.Zero);
        Assert.InRange(options.BatchSize, 1, 32);
        Assert.InRange(options.EffectiveNewBatchThreshold, 0, options.BatchSize);
        // StorageAccount enqueues Base64, which is also what the Functions queue trigger expects by default.
        Assert.Equal("base64", options.MessageEncoding, ignoreCase: true);
        options.Validate();
    }

    [Fact]
    public void HostJsonAndEveryFunctionJsonAreInTheAppsOutput()
    {
        var output = AppProcess.AppDirectory();

        Assert.True(File.Exists(Path.Combine(output, HostJson.FileName)));
        Assert.All(LoyaltyFunctions.Catalog.All, f => Assert.True(File.Exists(Path.Combine(output, f.Name, "function.json")), $"{f.Name}/function.json is not copied to the output."));
    }

    [Fact]
    public void EveryScheduleParsesWithSecondsAndEveryQueueNameIsValidForStorage()
    {
        foreach (var function in LoyaltyFunctions.Catalog.All)
        {
            switch (function.Trigger)
            {
                case TimerTrigger timer:
                    CronSchedule.Parse(timer.Schedule);
                    break;
                case QueueTrigger queue:
                    Assert.Matches("^[a-z0-9](?!.*--)[a-z0-9-]{1,54}[a-z0-9]$", queue.QueueName);
                    break;
            }
        }
    }

    private static string? Text(JsonNode node, string property) => node[property]?.GetValue<string>();

    private static bool IsBuildOutput(string path) =>
        path.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj");

    /// <summary>The function.json the declaration implies, to paste when this test fails.</summary>
    private static string Expected(FunctionDeclaration function)
    {
        JsonObject trigger = function.Trigger switch
        {
            HttpTrigger http => new JsonObject
            {
                ["type"] = "httpTrigger", ["direction"] = "in", ["name"] = http.BindingName, ["authLevel"] = "anonymous",
                ["methods"] = new JsonArray([.. http.Methods.Select(m => (JsonNode)m.ToLowerInvariant())]), ["route"] = http.Route,
            },
            QueueTrigger queue => new JsonObject
            {
                ["type"] = "queueTrigger", ["direction"] = "in", ["name"] = queue.BindingName, ["queueName"] = queue.QueueName,
                ["connection"] = StorageAccount.ConnectionSetting,
            },
            TimerTrigger timer => new JsonObject
            {
                ["type"] = "timerTrigger", ["direction"] = "in", ["name"] = timer.BindingName, ["schedule"] = timer.Schedule,
                ["runOnStartup"] = false, ["useMonitor"] = true,
            },
            _ => throw new InvalidOperationException(),
        };
        var bindings = new JsonArray(trigger);
        if (function.IsHttp)
        {
            bindings.Add(new JsonObject { ["type"] = "http", ["direction"] = "out", ["name"] = "res" });
        }

        return new JsonObject { ["bindings"] = bindings }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
