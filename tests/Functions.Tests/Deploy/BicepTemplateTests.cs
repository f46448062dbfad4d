using System.Text.Json;
using System.Text.Json.Nodes;
using LoyaltyBot.Functions.Tests.Infrastructure;

namespace LoyaltyBot.Functions.Tests.Deploy;

/// <summary>infra/ compiles without a linter finding, and deploys the app with the settings it reads and no storage key.</summary>
public sealed class BicepTemplateTests(CompiledTemplate compiled) : IClassFixture<CompiledTemplate>
{
    private static readonly string[] Secrets = ["AdminApiKey", "TelegramBotToken", "TelegramWebhookSecret"];

    /// <summary>What each local-only setting of local.settings.example.json becomes in Azure (null: nothing).</summary>
    private static readonly Dictionary<string, string?> AzureForms = new()
    {
        // Read by Core Tools; on Flex Consumption the worker runtime is functionAppConfig.runtime and this setting is refused.
        ["FUNCTIONS_WORKER_RUNTIME"] = null,
        // Core Tools' name for the local environment.
        ["AZURE_FUNCTIONS_ENVIRONMENT"] = null,
        // Locally a connection string (Azurite's well-known key); in Azure the identity-based form, with no key at all.
        ["AzureWebJobsStorage"] = "AzureWebJobsStorage__accountName",
    };

    /// <summary>Settings only Azure has: where the host and the app send their telemetry.</summary>
    private static readonly string[] AzureOnly = ["APPLICATIONINSIGHTS_CONNECTION_STRING"];

    // Built-in role ids: Storage Blob Data Owner, Storage Queue Data Contributor, Storage Table Data Contributor.
    public static TheoryData<string, string> StorageRoles => new()
    {
        { "blob", "b7e6dc6d-f1e8-4753-8033-0f276bb0955b" },
        { "queue", "974c5e8b-45b9-4653-ba55-5f855dd0fb88" },
        { "table", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3" },
    };

    [Fact]
    public void TheTemplateCompilesWithNoLinterWarningOrError()
    {
        Assert.True(compiled.Build.ExitCode == 0, $"bicep build failed ({compiled.Build.ExitCode}):\n{compiled.Build.Diagnostics}");
        Assert.True(string.IsNullOrWhiteSpace(compiled.Build.Diagnostics), $"bicep build reported:\n{compiled.Build.Diagnostics}");
    }

    [Fact]
    public void TheLinterTreatsEveryCoreRuleFindingAsAnError()
    {
        var rules = JsonNode.Parse(File.ReadAllText(Path.Combine(CompiledTemplate.InfraDir, "bicepconfig.json")))!["analyzers"]!["core"]!["rules"]!.AsObject();

        Assert.Contains("no-unused-params", rules.Select(r => r.Key));
        Assert.All(rules, rule => Assert.Equal("error", ArmTemplate.Text(rule.Value, "level")));
    }

    [Fact]
    public void TheAppSettingsAreExactlyTheOnesTheAppReads()
    {
        var local = LocalSettingNames();
        var expected = local.Where(name => !AzureForms.ContainsKey(name))
            .Concat(local.Select(name => AzureForms.GetValueOrDefault(name)).OfType<string>())
            .Concat(AzureOnly)
            .Distinct()
            .Order(StringComparer.Ordinal);

        Assert.Equal(expected, AppSettings().Settings.Select(s => s.Key).Order(StringComparer.Ordinal));
        // One place for settings: siteConfig.appSettings would be a second list, replaced by the first on every deployment.
        Assert.All(compiled.Main.Resources("Microsoft.Web/sites"), site => Assert.Null(site.Resource["properties"]?["siteConfig"]?["appSettings"]));
    }

    [Fact]
    public void EachSettingDefaultsToTheValueTheAppRunsWithLocally()
    {
        var local = LocalSettingValues();
        var (template, settings) = AppSettings();
        var ownDefaults = local.Keys.Except(AzureForms.Keys).Except(Secrets)
            .Where(name => name != "TelegramWebhookUrl"); // in Azure it defaults to the app's own address (next test)

        Assert.All(ownDefaults, name =>
        {
            var parameter = MainParameterOf(template, ArmTemplate.Text(settings, name));
            Assert.True(parameter is not null, $"{name} is not set from a parameter of main.bicep");
            Assert.Equal(local[name], compiled.Main.Parameter(parameter)["defaultValue"]?.ToString());
        });
    }

    [Fact]
    public void TheWebhookUrlIsTheAppsOwnUnlessOneIsGiven()
    {
        var (template, settings) = AppSettings();
        var value = ArmTemplate.Text(settings, "TelegramWebhookUrl")!;

        Assert.Contains("defaultHostName", value, StringComparison.Ordinal);
        Assert.Contains("/api/telegram/webhook", value, StringComparison.Ordinal);
        Assert.Equal("", compiled.Main.Parameter("telegramWebhookUrl")["defaultValue"]?.ToString());
        Assert.Contains("parameters('telegramWebhookUrl')", value, StringComparison.Ordinal);
        Assert.NotNull(template.Deployment);
    }

    [Fact]
    public void EverySecretIsASecureParameterWithNoDefaultFromMainDown()
    {
        var (template, settings) = AppSettings();
        var azdParameters = AzdParameters();

        Assert.All(Secrets, secret =>
        {
            var expression = ArmTemplate.Text(settings, secret);
            for (var level = template; level is not null; level = level.Parent)
            {
                var name = ArmTemplate.ParameterRead(expression);
                Assert.True(name is not null, $"{secret} is not passed as a bare parameter: {expression}");
                var parameter = level.Parameter(name);
                Assert.Equal("securestring", ArmTemplate.Text(parameter, "type"));
                Assert.False(parameter.ContainsKey("defaultValue"), $"parameter {name} has a default");
                expression = level.Deployment is null ? null : ArmTemplate.Text(level.Deployment["properties"]!["parameters"]![name], "value");
                if (level.Parent is null)
                {
                    Assert.Matches(@"^\$\{[A-Z_]+\}$", azdParameters[name]); // azd asks for it when the variable is unset
                }
            }
        });
        Assert.All(compiled.Main.All().SelectMany(t => t.Parameters).Where(p => ArmTemplate.Text(p.Declaration, "type") == "securestring"),
            p => Assert.False(p.Declaration.ContainsKey("defaultValue"), $"secure parameter {p.Name} has a default"));
    }

    [Fact]
    public void NoSettingOrFileCarriesAStorageKeyOrConnectionString()
    {
        var sources = Directory.GetFiles(CompiledTemplate.InfraDir, "*.bicep", SearchOption.AllDirectories).Select(File.ReadAllText);
        var texts = sources.Append(compiled.Main.Root.ToJsonString()).Append(File.ReadAllText(Path.Combine(CompiledTemplate.InfraDir, "main.parameters.json")));

        Assert.All(texts, text =>
        {
            Assert.DoesNotContain("listKeys", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("AccountKey", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("DefaultEndpointsProtocol", text, StringComparison.OrdinalIgnoreCase);
        });
        var settings = AppSettings().Settings;
        Assert.DoesNotContain("AzureWebJobsStorage", settings.Select(s => s.Key));
        Assert.DoesNotContain(settings, s => s.Key.StartsWith("AzureWebJobsStorage", StringComparison.Ordinal) && s.Key != "AzureWebJobsStorage__accountName");
    }

    [Fact]
    public void TheStorageAccountRefusesSharedKeys()
    {
        var (_, account) = Assert.Single(compiled.Main.Resources("Microsoft.Storage/storageAccounts"));

        Assert.False(account["properties"]!["allowSharedKeyAccess"]!.GetValue<bool>());
        Assert.False(account["properties"]!["allowBlobPublicAccess"]!.GetValue<bool>());
    }

    [Theory]
    [MemberData(nameof(StorageRoles))]
    public void TheAppsOwnIdentityHoldsTheStorageRole(string service, string roleId)
    {
        var (_, site) = Assert.Single(compiled.Main.Resources("Microsoft.Web/sites"));
        Assert.Equal("SystemAssigned", ArmTemplate.Text(site["identity"], "type"));

        var assignment = Assert.Single(compiled.Main.Resources("Microsoft.Authorization/roleAssignments"),
            r => r.Template.WithVariables(ArmTemplate.Text(r.Resource["properties"], "roleDefinitionId")!).Contains(roleId, StringComparison.Ordinal));
        var properties = assignment.Resource["properties"]!;
        Assert.Matches(@"^\[reference\(resourceId\('Microsoft\.Web/sites', .*\)\.identity\.principalId\]$", ArmTemplate.Text(properties, "principalId"));
        Assert.Equal("ServicePrincipal", ArmTemplate.Text(properties, "principalType"));
        Assert.True(ArmTemplate.Text(assignment.Resource, "scope")!.Contains("Microsoft.Storage/storageAccounts", StringComparison.Ordinal),
            $"the {service} role is not scoped to the storage account");
    }

    [Fact]
    public void TheAppRunsDotnetIsolated10OnAFlexConsumptionPlanFromAnIdentityReadPackage()
    {
        var (_, plan) = Assert.Single(compiled.Main.Resources("Microsoft.Web/serverfarms"));
        Assert.Equal("FC1", ArmTemplate.Text(plan["sku"], "name"));
        Assert.Equal("FlexConsumption", ArmTemplate.Text(plan["sku"], "tier"));

        var (_, site) = Assert.Single(compiled.Main.Resources("Microsoft.Web/sites"));
        var config = site["properties"]!["functionAppConfig"]!;
        Assert.Equal("dotnet-isolated", ArmTemplate.Text(config["runtime"], "name"));
        Assert.Equal("10.0", ArmTemplate.Text(config["runtime"], "version"));
        Assert.Equal("blobContainer", ArmTemplate.Text(config["deployment"]!["storage"], "type"));
        Assert.Equal("SystemAssignedIdentity", ArmTemplate.Text(config["deployment"]!["storage"]!["authentication"], "type"));
        Assert.NotNull(config["scaleAndConcurrency"]!["maximumInstanceCount"]);
        Assert.NotNull(config["scaleAndConcurrency"]!["instanceMemoryMB"]);
    }

    [Fact]
    public void AzdDeploysTheFunctionsProjectToTheAppTaggedAsItsApiService()
    {
        var azureYaml = File.ReadAllLines(Path.Combine(RepositoryRoot.Path, "azure.yaml")).Select(l => l.Trim()).ToList();
        Assert.Contains("api:", azureYaml);
        Assert.Contains("project: ./src/Functions", azureYaml);
        Assert.Contains("language: dotnet", azureYaml);
        Assert.Contains("host: function", azureYaml);

        var (_, site) = Assert.Single(compiled.Main.Resources("Microsoft.Web/sites"));
        Assert.Contains("'azd-service-name', 'api'", ArmTemplate.Text(site, "tags"), StringComparison.Ordinal);
        Assert.Contains("AZURE_FUNCTION_NAME", compiled.Main.Root["outputs"]!.AsObject().Select(o => o.Key));

        // azd fills every parameter without a default from main.parameters.json, and prompts for those left empty.
        var required = compiled.Main.Parameters.Where(p => !p.Declaration.ContainsKey("defaultValue")).Select(p => p.Name);
        Assert.All(required, name => Assert.True(AzdParameters().ContainsKey(name), $"main.parameters.json does not map {name}"));
    }

    /// <summary>The app settings resource and the template that declares it.</summary>
    private (ArmTemplate Template, JsonObject Settings) AppSettings()
    {
        var (template, resource) = Assert.Single(compiled.Main.Resources("Microsoft.Web/sites/config"),
            r => ArmTemplate.Text(r.Resource, "name")!.Contains("'appsettings'", StringComparison.Ordinal));
        return (template, resource["properties"]!.AsObject());
    }

    /// <summary>The main.bicep parameter a nested template's expression comes from, through the modules' parameters.</summary>
    private static string? MainParameterOf(ArmTemplate template, string? expression)
    {
        for (var level = template; ; level = level.Parent!)
        {
            var name = ArmTemplate.ParameterRead(expression);
            if (name is null || level.Deployment is null)
            {
                return name;
            }

            expression = ArmTemplate.Text(level.Deployment["properties"]?["parameters"]?[name], "value");
        }
    }

    private static Dictionary<string, string> AzdParameters() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(CompiledTemplate.InfraDir, "main.parameters.json")))!["parameters"]!.AsObject()
            .ToDictionary(p => p.Key, p => ArmTemplate.Text(p.Value, "value") ?? "");

    private static List<string> LocalSettingNames() => [.. LocalSettingValues().Keys];

    /// <summary>The Values of local.settings.example.json; a name given twice fails here rather than hiding one value.</summary>
    private static Dictionary<string, string> LocalSettingValues()
    {
        var json = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "local.settings.example.json"));
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowDuplicateProperties = false });
        return document.RootElement.GetProperty("Values").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "");
    }
}
