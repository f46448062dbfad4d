namespace LoyaltyBot.Domain.Errors;

/// <summary>Either a value or a <see cref="LoyaltyError"/>: the outcome of an operation whose failure is expected.</summary>
public readonly record struct Result<T>
{
    private readonly T? value;

    private Result(T? value, LoyaltyError? error)
    {
        this.value = value;
        Error = error;
    }

    public LoyaltyError? Error { get; }

    public bool IsSuccess => Error is null;

    public T Value => IsSuccess ? value! : throw new InvalidOperationException($"No value: {Error!.Code} on {Error.Field}.");

    public static Result<T> Success(T value) => new(value, null);

    public static Result<T> Failure(LoyaltyError error) => new(default, error ?? throw new ArgumentNullException(nameof(error)));

#pragma warning disable CA2225 // The implicit conversions are the point: return either a value or an error.
    public static implicit operator Result<T>(T value) => Success(value);

    public static implicit operator Result<T>(LoyaltyError error) => Failure(error);
#pragma warning restore CA2225

    public Result<TOut> Map<TOut>(Func<T, TOut> map) =>
        IsSuccess ? Result<TOut>.Success(map(Value)) : Result<TOut>.Failure(Error!);
}
