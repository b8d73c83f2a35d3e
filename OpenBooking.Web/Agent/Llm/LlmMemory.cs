using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using NodaTime;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

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
    /// The history as Semantic Kernel's chat history. The API wants every call of an assistant message answered by the tool
    /// messages right after it, and no other tool message: a call without its result there, or a stray result (from a
    /// version that saved them apart), is left out, so an old history never gets a conversation stuck on refusals.
    /// A call's name is the function name the model used (<c>calendar-create_booking</c>; older histories hold bare tool
    /// names, which are passed on as they are).
    /// </summary>
    public void AddTo(ChatHistory history)
    {
        for (var i = 0; i < History.Count; i++)
        {
            var entry = History[i];
            switch (entry.Role)
            {
                case "user":
                    history.AddUserMessage(entry.Text ?? "");
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
                            history.AddAssistantMessage(entry.Text);
                        }
                        break;
                    }
                    var message = new ChatMessageContent(AuthorRole.Assistant, entry.Text);
                    foreach (var call in answered)
                    {
                        var (plugin, function) = SplitName(call.Name);
                        message.Items.Add(new FunctionCallContent(function, plugin, call.Id, Arguments(call.Arguments)));
                    }
                    history.Add(message);
                    foreach (var call in answered)
                    {
                        var (plugin, function) = SplitName(call.Name);
                        history.Add(new FunctionResultContent(function, plugin, call.Id, results.First(r => r.CallId == call.Id).Text ?? "").ToChatMessage());
                    }
                    break;
                case "assistant" when !string.IsNullOrEmpty(entry.Text):
                    history.AddAssistantMessage(entry.Text);
                    break;
            }
        }
    }

    /// <summary>
    /// Keeps what the kernel added to the chat history during a turn (the model's calls and their results, in order); the
    /// model's final words are added by the caller, who knows what was shown.
    /// </summary>
    public void AddFrom(IEnumerable<ChatMessageContent> added)
    {
        foreach (var message in added)
        {
            var calls = message.Items.OfType<FunctionCallContent>().ToList();
            if (message.Role == AuthorRole.Assistant && calls.Count > 0)
            {
                AddAssistant(
                    string.IsNullOrWhiteSpace(message.Content) ? null : message.Content,
                    [.. calls.Select(c => new LlmToolCall(c.Id ?? "", FullName(c.PluginName, c.FunctionName), JsonSerializer.Serialize(c.Arguments ?? [])))]);
            }
            foreach (var result in message.Items.OfType<FunctionResultContent>())
            {
                AddToolResult(result.CallId ?? "", result.Result as string ?? JsonSerializer.Serialize(result.Result));
            }
        }
    }

    private static string FullName(string? plugin, string function) => plugin is { Length: > 0 } ? $"{plugin}-{function}" : function;

    private static (string? Plugin, string Function) SplitName(string name) =>
        name.IndexOf('-', StringComparison.Ordinal) is var dash and > 0 ? (name[..dash], name[(dash + 1)..]) : (null, name);

    private static KernelArguments? Arguments(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, object?>>(json) is { } values ? new KernelArguments(values) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
