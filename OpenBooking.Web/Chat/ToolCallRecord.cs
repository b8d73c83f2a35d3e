using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenBooking.Web.Chat;

/// <summary>
/// One tool call of the LLM agent as the transcript keeps it (the text of a <c>Tool</c> message, as JSON): the tool, the
/// arguments the model gave (the verification token is added by the host after this, so it is never in them) and what
/// the tool answered, or its error.
/// </summary>
public sealed record ToolCallRecord(string Tool, string Arguments, string Result, bool IsError)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The record in a Tool message's text; an unreadable text (edited by hand) is shown as its raw text.</summary>
    public static ToolCallRecord Parse(string text)
    {
        try
        {
            return JsonSerializer.Deserialize<ToolCallRecord>(text, Json) ?? new ToolCallRecord("?", "", text, false);
        }
        catch (JsonException)
        {
            return new ToolCallRecord("?", "", text, false);
        }
    }
}
