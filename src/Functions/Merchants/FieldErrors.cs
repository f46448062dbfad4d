using LoyaltyBot.Domain.Errors;

namespace LoyaltyBot.Functions.Merchants;

/// <summary>Problems with a request, by field (JSON path), as RFC 9457 validation problems list them.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public bool Any => errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var messages))
        {
            errors[field] = messages = [];
        }

        messages.Add(message);
    }

    /// <summary>Adds a rule's refusal under its field; null (nothing refused) adds nothing.</summary>
    public void Add(LoyaltyError? error)
    {
        if (error is not null)
        {
            Add(error.Field, error.Message);
        }
    }

    public IDictionary<string, string[]> ToDictionary() => errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
}
