using System.ComponentModel.DataAnnotations;

namespace OpenBooking.Web.Mcp;

/// <summary>
/// The MCP endpoint at <c>/mcp</c>. Bound to the <c>Mcp</c> section.
/// </summary>
/// <remarks>
/// Keys as an array (<c>Mcp__ApiKeys__0=...</c>, <c>"ApiKeys": ["...", "..."]</c>) or as one comma-separated
/// string (<c>Mcp__ApiKeys=key-one,key-two</c>). With no key at all the endpoint refuses every request.
/// </remarks>
public sealed class McpOptions : IValidatableObject
{
    public const string Section = "Mcp";

    /// <summary>Bearer keys that make the caller staff (may book for any customer without a verification code).</summary>
    public List<string> ApiKeys { get; set; } = [];

    /// <summary>A 2025-11-25 session with no request for this long is closed (many clients never send DELETE).</summary>
    [Range(1, 24 * 60)]
    public int SessionIdleTimeoutMinutes { get; set; } = 10;

    public TimeSpan SessionIdleTimeout => TimeSpan.FromMinutes(SessionIdleTimeoutMinutes);

    /// <summary>Every configured key, with comma-separated entries split and blanks dropped.</summary>
    public IReadOnlyList<string> GetApiKeys() =>
        [.. ApiKeys.SelectMany(k => k.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).Distinct(StringComparer.Ordinal)];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (GetApiKeys().Any(k => k.Any(char.IsWhiteSpace)))
        {
            yield return new ValidationResult("Mcp:ApiKeys: a key must not contain white space.", [nameof(ApiKeys)]);
        }
    }
}
