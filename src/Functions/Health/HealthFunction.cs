using LoyaltyBot.Functions.Storage;
using Microsoft.Azure.Functions.Worker;

namespace LoyaltyBot.Functions.Health;

public sealed class HealthFunction(StorageAccount storage)
{
    [Function("Health")]
    public Task<IResult> CheckAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request) =>
        HealthEndpoint.CheckAsync(storage, request?.HttpContext.RequestAborted ?? default);
}
