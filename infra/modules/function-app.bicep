// The function app on a Flex Consumption plan, its app settings, and its identity's roles on the storage account.
param location string
param tags object
param planName string
param name string
param storageAccountName string
param deploymentContainerName string
param applicationInsightsName string
param maximumInstanceCount int
param instanceMemoryMB int

@secure()
param adminApiKey string
@secure()
param telegramBotToken string
@secure()
param telegramWebhookSecret string
param telegramWebhookUrl string
param telegramApiBaseUrl string
param requestTimeoutSeconds int
param notificationsPerSecond int
param expirePointsSchedule string
param birthdayGreetingsSchedule string
param kpiRollupSchedule string
param birthdayGreetingsHour int
param tierReviewSchedule string
param merchantThrottleFailuresPerAddress int
param merchantThrottleFailuresPerMerchant int
param merchantThrottleWindow string
param expiryRemindersSchedule string
param expiryRemindersHour int
param dashboardSessionLifetime string

// Built-in roles the app's identity holds on the storage account (blob: the host's timer leases and the deployment
// package; queue: purchases, notifications and their poison queues; table: the ledger and every other table).
var storageBlobDataOwner = 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
var storageQueueDataContributor = '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
var storageTableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'SystemAssignedIdentity'
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      // On Flex Consumption the worker runtime is set here, not by FUNCTIONS_WORKER_RUNTIME.
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// azd deploys with Microsoft Entra ID; no one needs the basic-auth publishing credentials.
resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: functionApp
  name: 'scm'
  properties: {
    allow: false
  }
}

resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: functionApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

// A child resource rather than siteConfig.appSettings, so that the webhook URL can name the app's own host.
resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: functionApp
  name: 'appsettings'
  properties: {
    // Identity-based: the host and the app build the blob, queue and table endpoints from the account name.
    AzureWebJobsStorage__accountName: storage.name
    APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
    AdminApiKey: adminApiKey
    TelegramBotToken: telegramBotToken
    TelegramWebhookSecret: telegramWebhookSecret
    TelegramWebhookUrl: empty(telegramWebhookUrl) ? 'https://${functionApp.properties.defaultHostName}/api/telegram/webhook' : telegramWebhookUrl
    TelegramApiBaseUrl: telegramApiBaseUrl
    RequestTimeoutSeconds: string(requestTimeoutSeconds)
    NotificationsPerSecond: string(notificationsPerSecond)
    ExpirePointsSchedule: expirePointsSchedule
    BirthdayGreetingsSchedule: birthdayGreetingsSchedule
    KpiRollupSchedule: kpiRollupSchedule
    BirthdayGreetingsHour: string(birthdayGreetingsHour)
    TierReviewSchedule: tierReviewSchedule
    MerchantThrottle__FailuresPerAddress: string(merchantThrottleFailuresPerAddress)
    MerchantThrottle__FailuresPerMerchant: string(merchantThrottleFailuresPerMerchant)
    MerchantThrottle__Window: merchantThrottleWindow
    ExpiryRemindersSchedule: expiryRemindersSchedule
    ExpiryRemindersHour: string(expiryRemindersHour)
    DashboardSessionLifetime: dashboardSessionLifetime
  }
}

resource blobRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, functionApp.id, storageBlobDataOwner)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataOwner)
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource queueRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, functionApp.id, storageQueueDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageQueueDataContributor)
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource tableRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, functionApp.id, storageTableDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageTableDataContributor)
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

output name string = functionApp.name
output uri string = 'https://${functionApp.properties.defaultHostName}'
