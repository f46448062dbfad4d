namespace LoyaltyBot.Functions.Telemetry;

/// <summary>Why a merchant's request was refused, as the <c>loyalty.outcome</c> attribute says it.</summary>
public static class RefusalReasons
{
    public const string UnknownMerchant = "unknown_merchant";
    public const string BadSignature = "bad_signature";
    public const string TooLarge = "too_large";
    public const string NotJson = "not_json";
    public const string Invalid = "invalid";
    public const string UnknownCustomer = "unknown_customer";
    public const string Throttled = "throttled";
    public const string IdReused = "id_reused";

    /// <summary>The reason of a refusal by the checks in front of every merchant endpoint, from its status code.</summary>
    public static string Of(IResult refusal) => (refusal as IStatusCodeHttpResult)?.StatusCode switch
    {
        StatusCodes.Status404NotFound => UnknownMerchant,
        StatusCodes.Status401Unauthorized => BadSignature,
        StatusCodes.Status413PayloadTooLarge => TooLarge,
        StatusCodes.Status415UnsupportedMediaType => NotJson,
        _ => Invalid,
    };
}
