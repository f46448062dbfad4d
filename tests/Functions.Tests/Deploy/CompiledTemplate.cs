using System.Text.Json.Nodes;
using LoyaltyBot.Functions.Tests.Infrastructure;

namespace LoyaltyBot.Functions.Tests.Deploy;

/// <summary>infra/main.bicep compiled once by the Bicep CLI, for every test of the class.</summary>
public sealed class CompiledTemplate : IAsyncLifetime
{
    public static string InfraDir { get; } = Path.Combine(RepositoryRoot.Path, "infra");

    public BicepCli.Result Build { get; private set; } = new(-1, "", "not built");

    /// <summary>The ARM JSON of main.bicep with its modules nested in it.</summary>
    public ArmTemplate Main => Build.ExitCode == 0
        ? new ArmTemplate(JsonNode.Parse(Build.Output)!.AsObject())
        : throw new InvalidOperationException($"bicep build failed ({Build.ExitCode}):\n{Build.Diagnostics}");

    public async Task InitializeAsync() => Build = await BicepCli.BuildAsync(Path.Combine(InfraDir, "main.bicep"));

    public Task DisposeAsync() => Task.CompletedTask;
}
