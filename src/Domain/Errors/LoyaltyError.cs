namespace LoyaltyBot.Domain.Errors;

/// <summary>What went wrong with an operation that the caller can correct; broken invariants throw instead.</summary>
public enum LoyaltyErrorCode
{
    AmountNotPositive,
    UnknownCurrency,
    TooManyDecimals,
    AmountAboveMaximum,
    CurrencyMismatch,
    PointsNotPositive,
    InsufficientPoints,
    RedemptionAboveCap,
    CustomerNotFound,
    PurchaseNotFound,
    RefundExceedsPurchase,
    OperationConflict,
    InvalidOperationId,
    InvalidPhone,
    InvalidCard,
    InvalidRules,
    AlreadyExists,
    RedemptionCodeUnknown,
    RedemptionCodeExpired,
    RedemptionCodeUsed,
    RedemptionNotFound,
    CustomerMerged,
    InvalidBirthday,
    InvalidCampaign,

    /// <summary>An invitation that may not be rewarded: the referrer's monthly cap is reached.</summary>
    ReferralRefused,

    /// <summary>An offer rule the owner sent that cannot run.</summary>
    InvalidOffer,
}

/// <summary>A typed, user-correctable error naming the input field it is about.</summary>
public sealed record LoyaltyError(LoyaltyErrorCode Code, string Field, string Message)
{
    public static LoyaltyError AmountNotPositive(string field) =>
        new(LoyaltyErrorCode.AmountNotPositive, field, "must be greater than zero");

    public static LoyaltyError PointsNotPositive(string field) =>
        new(LoyaltyErrorCode.PointsNotPositive, field, "must be a whole number of points greater than zero");

    public static LoyaltyError CustomerMerged(string field = "customer") =>
        new(LoyaltyErrorCode.CustomerMerged, field, "this account was merged into another customer's");

    public static LoyaltyError CustomerNotFound(string field = "customer") =>
        new(LoyaltyErrorCode.CustomerNotFound, field, "no such customer");
}
