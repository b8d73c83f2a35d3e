using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using NodaTime;
using OpenAI.Chat;

namespace OpenBooking.Web.Agent.Llm;

/// <summary>One entry of the model's side of a conversation: what it was told, what it said, which tools it called.</summary>
public sealed record LlmHistoryEntry
{
    /// <summary>user, assistant or tool.</summary>
    public required string Role { get; init; }

    public string? Text { get; init; }

    /// <summary>The tool calls of an assistant entry.</summary>
    public List<LlmToolCall>? Calls { get; init; }

    /// <summary>The call a tool entry answers.</summary>
    public string? CallId { get; init; }
}

public sealed record LlmToolCall(string Id, string Name, string Arguments);

/// <summary>
/// The LLM agent's memory of a conversation: the model's side of the history (with tool calls and results, the code a
/// customer typed never in it) and whether the conversation is on the built-in engine for now because the model failed.
/// It is kept under <c>"llm"</c> in the conversation's agent state, beside the built-in engine's memory, which holds the
/// verified customer both engines share.
/// </summary>
public sealed class LlmMemory
{
    private const string Key = "llm";

    /// <summary>The most history entries kept; older turns are dropped whole (a tool result never loses its call).</summary>
    public const int MaxEntries = 60;

    /// <summary>The most characters of history kept (about 6,000 tokens), so small local models keep the system prompt.</summary>
    public const int MaxCharacters = 24_000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public List<LlmHistoryEntry> History { get; set; } = [];

    /// <summary>Until when (UTC ticks since the epoch) the built-in engine answers because the model failed.</summary>
    public long? FallbackUntilTicks { get; set; }

    [JsonIgnore]
    public Instant? FallbackUntil
    {
        get => FallbackUntilTicks is { } ticks ? Instant.FromUnixTimeTicks(ticks) : null;
        set => FallbackUntilTicks = value?.ToUnixTimeTicks();
    }

    /// <summary>Splits a conversation's agent state into the built-in engine's memory and this one (null when there is none).</summary>
    public static (string BuiltInState, LlmMemory? Memory) Split(string? state)
    {
        if (string.IsNullOrWhiteSpace(state))
        {
            return ("{}", null);
        }
        try
        {
            if (JsonNode.Parse(state) is not JsonObject root || !root.Remove(Key, out var node) || node is null)
            {
                return (state, null);
            }
            return (root.ToJsonString(), node.Deserialize<LlmMemory>(Json));
        }
        catch (JsonException)
        {
            // Unreadable: the built-in engine starts afresh from it as it always did.
            return (state, null);
        }
    }

    /// <summary>The conversation's agent state: the built-in engine's memory with this one beside it.</summary>
    public static string Merge(string builtInState, LlmMemory? memory)
    {
        if (memory is null)
        {
            return builtInState;
        }
        var root = JsonNode.Parse(builtInState) as JsonObject ?? [];
        root[Key] = JsonSerializer.SerializeToNode(memory, Json);
        return root.ToJsonString();
    }

    public void AddUser(string text) => Add(new LlmHistoryEntry { Role = "user", Text = text });

    public void AddAssistant(string? text, List<LlmToolCall>? calls = null) =>
        Add(new LlmHistoryEntry { Role = "assistant", Text = text, Calls = calls is { Count: > 0 } ? calls : null });

    public void AddToolResult(string callId, string text) => Add(new LlmHistoryEntry { Role = "tool", CallId = callId, Text = text });

    private void Add(LlmHistoryEntry entry)
    {
        History.Add(entry);
        // Drop the oldest turns while there is too much: cut just before a user entry, so the history starts with the
        // customer speaking and no tool result loses its call. The newest turn is always kept whole.
        while (History.Count > MaxEntries || Size() > MaxCharacters)
        {
            var next = History.FindIndex(1, e => e.Role == "user");
            if (next < 0)
            {
                return;
            }
            History.RemoveRange(0, next);
        }
    }

    private int Size() => History.Sum(e => (e.Text?.Length ?? 0) + (e.Calls?.Sum(c => c.Arguments.Length + c.Name.Length) ?? 0));

    /// <summary>
    /// The history as the SDK's messages. The API wants every call of an assistant message answered by the tool messages
    /// right after it, and no other tool message: a call without its result there, or a stray result (from a version
    /// that saved them apart), is left out, so an old history never gets a conversation stuck on refusals.
    /// </summary>
    public IEnumerable<ChatMessage> ToMessages()
    {
        for (var i = 0; i < History.Count; i++)
        {
            var entry = History[i];
            switch (entry.Role)
            {
                case "user":
                    yield return new UserChatMessage(entry.Text ?? "");
                    break;
                case "assistant" when entry.Calls is { Count: > 0 }:
                    var results = new List<LlmHistoryEntry>();
                    while (i + 1 < History.Count && History[i + 1].Role == "tool")
                    {
                        results.Add(History[++i]);
                    }
                    var answered = entry.Calls.Where(c => results.Any(r => r.CallId == c.Id)).DistinctBy(c => c.Id).ToList();
                    if (answered.Count == 0)
                    {
                        if (!string.IsNullOrEmpty(entry.Text))
                        {
                            yield return new AssistantChatMessage(entry.Text);
                        }
                        break;
                    }
                    var message = new AssistantChatMessage(answered.Select(c => ChatToolCall.CreateFunctionToolCall(c.Id, c.Name, BinaryData.FromString(c.Arguments))));
                    if (!string.IsNullOrEmpty(entry.Text))
                    {
                        message.Content.Add(ChatMessageContentPart.CreateTextPart(entry.Text));
                    }
                    yield return message;
                    foreach (var call in answered)
                    {
                        yield return new ToolChatMessage(call.Id, results.First(r => r.CallId == call.Id).Text ?? "");
                    }
                    break;
                case "assistant" when !string.IsNullOrEmpty(entry.Text):
                    yield return new AssistantChatMessage(entry.Text);
                    break;
            }
        }
    }
}
