// LoyaltyBot on Azure Functions Flex Consumption (.NET 10 isolated), deployed by `azd up`.
// The app reaches its storage account with its managed identity only: the account refuses shared keys.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; names the resource group and seeds every resource name.')
param environmentName string

@minLength(1)
@description('Region for every resource; it must offer Flex Consumption (az functionapp list-flexconsumption-locations).')
@metadata({ azd: { type: 'location' } })
param location string

@secure()
@minLength(16)
@description('AdminApiKey: the X-Admin-Key of the admin API and of /admin/functions/{name}.')
param adminApiKey string

@secure()
@description('TelegramBotToken: the bot token from BotFather.')
param telegramBotToken string

@secure()
@minLength(1)
@maxLength(256)
@description('TelegramWebhookSecret: the X-Telegram-Bot-Api-Secret-Token Telegram sends (A-Z a-z 0-9 _ -).')
param telegramWebhookSecret string

@description('TelegramWebhookUrl: empty registers the app\'s own https://<host>/api/telegram/webhook.')
param telegramWebhookUrl string = ''

@description('TelegramApiBaseUrl: another Bot API server; empty is Telegram\'s.')
param telegramApiBaseUrl string = ''

@description('RequestTimeoutSeconds: how long an HTTP request may take before it answers 503.')
param requestTimeoutSeconds int = 5

@description('NotificationsPerSecond: notifications each instance sends per second (Telegram allows a bot about 30 in all).')
param notificationsPerSecond int = 30

@description('ExpirePointsSchedule: the NCRONTAB schedule (with seconds, UTC) of the ExpirePoints timer.')
param expirePointsSchedule string = '0 5 * * * *'

@description('BirthdayGreetingsSchedule: the NCRONTAB schedule (with seconds, UTC) of the BirthdayGreetings timer, which greets once a day.')
param birthdayGreetingsSchedule string = '0 0 * * * *'

@description('KpiRollupSchedule: the NCRONTAB schedule (with seconds, UTC) of the KpiRollup timer, which folds the days over into the KPI summaries.')
param kpiRollupSchedule string = '0 15 * * * *'

@description('BirthdayGreetingsHour: the hour (0-23) in the program\'s time zone from which the day\'s birthdays are greeted.')
@minValue(0)
@maxValue(23)
param birthdayGreetingsHour int = 10

@description('TierReviewSchedule: the NCRONTAB schedule (with seconds, UTC) of the TierReview timer, which reviews tiers monthly and warns before.')
param tierReviewSchedule string = '0 20 * * * *'

@description('MerchantThrottle__FailuresPerAddress: failed look-ups allowed per till address in each window.')
param merchantThrottleFailuresPerAddress int = 5

@description('MerchantThrottle__FailuresPerMerchant: failed look-ups allowed per merchant in each window.')
param merchantThrottleFailuresPerMerchant int = 20

@description('MerchantThrottle__Window: the throttle\'s fixed window (hh:mm:ss).')
param merchantThrottleWindow string = '00:05:00'

@description('ExpiryRemindersSchedule: the NCRONTAB schedule (with seconds, UTC) of the ExpiryReminders timer, which reminds once a day.')
param expiryRemindersSchedule string = '0 30 * * * *'

@description('ExpiryRemindersHour: the hour (0-23) in the program\'s time zone from which the day\'s expiry reminders go out.')
@minValue(0)
@maxValue(23)
param expiryRemindersHour int = 12

@description('DashboardSessionLifetime: how long a dashboard sign-in lasts (hh:mm:ss).')
param dashboardSessionLifetime string = '08:00:00'

@minValue(1)
@maxValue(1000)
@description('The most instances Flex Consumption scales the app out to.')
param maximumInstanceCount int = 40

@allowed([512, 2048, 4096])
@description('Memory of each instance, in MB.')
param instanceMemoryMB int = 2048

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var storageAccountName = 'st${resourceToken}'
var applicationInsightsName = 'appi-${resourceToken}'
var deploymentContainerName = 'app-package'

resource resourceGroup 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: resourceGroup
  params: {
    location: location
    tags: tags
    logAnalyticsName: 'log-${resourceToken}'
    applicationInsightsName: applicationInsightsName
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: resourceGroup
  params: {
    location: location
    tags: tags
    name: storageAccountName
    deploymentContainerName: deploymentContainerName
  }
}

// Names, not the modules' outputs, so that what-if can predict the app; hence the explicit dependsOn.
module api 'modules/function-app.bicep' = {
  name: 'api'
  scope: resourceGroup
  dependsOn: [monitoring, storage]
  params: {
    location: location
    tags: tags
    planName: 'plan-${resourceToken}'
    name: 'func-${resourceToken}'
    storageAccountName: storageAccountName
    deploymentContainerName: deploymentContainerName
    applicationInsightsName: applicationInsightsName
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    adminApiKey: adminApiKey
    telegramBotToken: telegramBotToken
    telegramWebhookSecret: telegramWebhookSecret
    telegramWebhookUrl: telegramWebhookUrl
    telegramApiBaseUrl: telegramApiBaseUrl
    requestTimeoutSeconds: requestTimeoutSeconds
    notificationsPerSecond: notificationsPerSecond
    expirePointsSchedule: expirePointsSchedule
    birthdayGreetingsSchedule: birthdayGreetingsSchedule
    kpiRollupSchedule: kpiRollupSchedule
    birthdayGreetingsHour: birthdayGreetingsHour
    tierReviewSchedule: tierReviewSchedule
    merchantThrottleFailuresPerAddress: merchantThrottleFailuresPerAddress
    merchantThrottleFailuresPerMerchant: merchantThrottleFailuresPerMerchant
    merchantThrottleWindow: merchantThrottleWindow
    expiryRemindersSchedule: expiryRemindersSchedule
    expiryRemindersHour: expiryRemindersHour
    dashboardSessionLifetime: dashboardSessionLifetime
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = resourceGroup.name
output AZURE_FUNCTION_NAME string = api.outputs.name
output SERVICE_API_NAME string = api.outputs.name
output SERVICE_API_URI string = api.outputs.uri
output AZURE_STORAGE_ACCOUNT_NAME string = storageAccountName
output APPLICATIONINSIGHTS_NAME string = applicationInsightsName
