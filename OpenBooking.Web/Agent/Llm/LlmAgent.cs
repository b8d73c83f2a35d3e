using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using NodaTime;
using OpenAI.Chat;
using OpenBooking.Tools.Business;
using OpenBooking.Tools.Calendar;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Email;
using OpenBooking.Web.Chat;
using ChatMessage = OpenAI.Chat.ChatMessage;

namespace OpenBooking.Web.Agent.Llm;

/// <summary>
/// The agent on an OpenAI-compatible chat model. Each customer message runs a loop: the model sees the system prompt, the
/// history and the MCP tools; tool calls (several at once when the model asks for several) run through the MCP clients
/// and their results go back to the model, until it answers in words, which stream into the chat. At most
/// <see cref="OpenAIAgentOptions.MaxSteps"/> model calls per message. When the model cannot be reached, fails or times out,
/// the customer is told and the built-in engine answers instead, for <see cref="OpenAIAgentOptions.FallbackMinutes"/>.
/// The verified customer is shared with the built-in engine, so nobody verifies twice when engines change.
/// </summary>
public sealed partial class LlmAgent(
    ChatModelClients models,
    AgentToolset toolset,
    AgentTools tools,
    BuiltInAgent builtIn,
    IOptionsMonitor<AgentOptions> options,
    IOptionsMonitor<BusinessOptions> business,
    IClock clock,
    ILogger<LlmAgent> logger) : IConversationAgent
{
    public const string FallbackNotice =
        "Sorry, our AI assistant isn't answering right now, so the standard booking assistant is taking over.";

    public const string StepLimitMessage =
        "Sorry, I couldn't finish that. Could you tell me once more, in a few words, what you would like to do?";

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public string Greeting => builtIn.Greeting;

    public async Task<AgentReply> RespondAsync(string customerMessage, IAgentTurn turn, CancellationToken cancellationToken)
    {
        var (builtInState, stored) = LlmMemory.Split(turn.State);
        var memory = stored ?? new LlmMemory();
        var settings = options.CurrentValue.OpenAI;
        var now = clock.GetCurrentInstant();
        var run = new Run(turn.Stream);
        if (memory.FallbackUntil > now)
        {
            memory.AddUser(HideCodes(customerMessage));
            return await BuiltInAnswerAsync(customerMessage, turn, builtInState, memory, run, cancellationToken);
        }
        memory.FallbackUntil = null;

        var identity = BuiltInAgentState.Load(builtInState);
        var modelText = await CheckCodeAsync(customerMessage, identity, turn.ClientAddress, run, cancellationToken);
        memory.AddUser(modelText);
        try
        {
            await LoopAsync(identity, memory, settings, turn, run, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "The chat model at {Endpoint} failed; the built-in engine answers for {Minutes} minutes", settings.EndpointUri.Host, settings.FallbackMinutes);
            memory.FallbackUntil = now + Duration.FromMinutes(Math.Max(0, settings.FallbackMinutes));
            return await FallBackAsync(customerMessage, modelText != customerMessage, turn, identity, memory, run, cancellationToken);
        }
        // The model leads now: the built-in engine's half-finished flow (if it answered before) no longer applies.
        var awaitingCode = identity.Stage == AgentStage.AwaitingCode;
        identity.ResetFlow();
        identity.Stage = awaitingCode ? AgentStage.AwaitingCode : AgentStage.Idle;
        return run.Reply(LlmMemory.Merge(identity.Save(), memory));
    }

    /// <summary>
    /// The built-in engine answers (the admin chose it, or the model is down). When the model spoke in this conversation
    /// before, the exchange joins its history, so it knows what happened when it takes over again.
    /// </summary>
    internal async Task<AgentReply> BuiltInAnswerAsync(string customerMessage, IAgentTurn turn, CancellationToken cancellationToken)
    {
        var (builtInState, memory) = LlmMemory.Split(turn.State);
        memory?.AddUser(HideCodes(customerMessage));
        return await BuiltInAnswerAsync(customerMessage, turn, builtInState, memory, new Run(stream: null), cancellationToken);
    }

    private async Task<AgentReply> BuiltInAnswerAsync(
        string customerMessage, IAgentTurn turn, string builtInState, LlmMemory? memory, Run run, CancellationToken cancellationToken)
    {
        var reply = await builtIn.RespondAsync(customerMessage, new BuiltInTurn(builtInState, turn), cancellationToken);
        foreach (var message in reply.Messages)
        {
            run.Say(message);
        }
        memory?.AddAssistant(string.Join("\n\n", reply.Messages));
        return run.Reply(LlmMemory.Merge(reply.State, memory));
    }

    private async Task LoopAsync(
        BuiltInAgentState identity, LlmMemory memory, OpenAIAgentOptions settings, IAgentTurn turn, Run run, CancellationToken cancellationToken)
    {
        var client = models.Get(settings);
        var menu = await toolset.GetMenuAsync(cancellationToken);
        var prompt = await PromptAsync(turn.CustomerTimeZone, cancellationToken);
        var completionOptions = new ChatCompletionOptions();
        foreach (var function in menu.Functions)
        {
            completionOptions.Tools.Add(function);
        }

        for (var step = 0; step < Math.Max(1, settings.MaxSteps); step++)
        {
            List<ChatMessage> messages = [new SystemChatMessage(prompt), .. memory.ToMessages()];
            var (text, calls) = await CompleteAsync(client, messages, completionOptions, settings, run, cancellationToken);
            if (text.Length > 0)
            {
                run.Say(text);
            }
            if (calls.Count == 0)
            {
                memory.AddAssistant(text);
                return;
            }
            memory.AddAssistant(text.Length > 0 ? text : null, calls);
            var customer = identity.IsVerified ? new VerifiedCustomer(identity.VerifiedEmail!, identity.VerificationToken!) : null;
            // The calls of one answer run together; their results go back in the order the model asked.
            var outcomes = await Task.WhenAll(calls.Select(call =>
                toolset.CallAsync(menu, call.Name, call.Arguments, customer, turn.ClientAddress, cancellationToken)));
            for (var i = 0; i < calls.Count; i++)
            {
                var (call, outcome) = (calls[i], outcomes[i]);
                if (call.Name == AgentToolset.SendCodeTool && !outcome.IsError)
                {
                    CodeSent(identity, outcome.Text);
                }
                memory.AddToolResult(call.Id, outcome.IsError ? $"Error: {outcome.Text}" : outcome.Text);
                run.Record(new ToolCallRecord(call.Name, call.Arguments, outcome.Text, outcome.IsError));
            }
        }
        logger.LogWarning("The chat model asked for tools {Steps} times for one message; stopped", settings.MaxSteps);
        memory.AddAssistant(StepLimitMessage);
        run.Say(StepLimitMessage);
    }

    /// <summary>One streamed model call: its text (shown as it comes) and its tool calls (assembled from their fragments).</summary>
    private static async Task<(string Text, List<LlmToolCall> Calls)> CompleteAsync(
        ChatClient client, List<ChatMessage> messages, ChatCompletionOptions completionOptions, OpenAIAgentOptions settings, Run run,
        CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(Math.Max(1, settings.TimeoutSeconds)));
        var text = new StringBuilder();
        var calls = new SortedDictionary<int, PartialCall>();
        await foreach (var update in client.CompleteChatStreamingAsync(messages, completionOptions, timeout.Token))
        {
            foreach (var part in update.ContentUpdate)
            {
                if (part.Text is { Length: > 0 } delta)
                {
                    text.Append(delta);
                    run.Stream?.Write(delta);
                }
            }
            foreach (var fragment in update.ToolCallUpdates)
            {
                if (!calls.TryGetValue(fragment.Index, out var call))
                {
                    calls[fragment.Index] = call = new PartialCall();
                }
                call.Id ??= fragment.ToolCallId;
                call.Name ??= fragment.FunctionName;
                if (fragment.FunctionArgumentsUpdate is { } arguments)
                {
                    call.Arguments.Write(arguments.ToMemory().Span);
                }
            }
        }
        return (text.ToString().Trim(), [.. calls.Select(c => new LlmToolCall(
            c.Value.Id ?? $"call_{c.Key}",
            c.Value.Name ?? "",
            Encoding.UTF8.GetString(c.Value.Arguments.ToArray())))]);
    }

    private async Task<string> PromptAsync(string? customerTimeZone, CancellationToken cancellationToken)
    {
        var services = await tools.ListServicesAsync(cancellationToken);
        var settings = business.CurrentValue;
        var now = clock.GetCurrentInstant().InZone(settings.Zone);
        return SystemPrompt.Build(settings, services.Value?.Services ?? [], now, BuiltInAgent.CustomerZone(customerTimeZone, settings.Zone));
    }

    /// <summary>
    /// A code typed while one is awaited is checked here, before the model runs, so the model never sees it: the model
    /// gets the message with the code hidden and a note of the outcome.
    /// </summary>
    private async Task<string> CheckCodeAsync(string text, BuiltInAgentState identity, string? clientAddress, Run run, CancellationToken cancellationToken)
    {
        if (identity is not { Stage: AgentStage.AwaitingCode, Email: { } email } || Code().Match(text) is not { Success: true } match)
        {
            return text;
        }
        var code = match.Groups[1].Value + match.Groups[2].Value;
        var checkedCode = await tools.VerifyEmailOtpAsync(email, code, clientAddress, cancellationToken);
        string note;
        if (!checkedCode.Ok)
        {
            note = $"It could not be checked: {checkedCode.Error}";
        }
        else if (checkedCode.Value!.Verified)
        {
            identity.VerifiedEmail = email;
            identity.VerificationToken = checkedCode.Value.VerificationToken;
            identity.Stage = AgentStage.Idle;
            note = $"It was verified: {email} is now the verified customer, and the booking tools act for this email.";
        }
        else
        {
            if (checkedCode.Value.AttemptsLeft == 0)
            {
                identity.Stage = AgentStage.Idle;
            }
            note = $"It was not accepted: {checkedCode.Value.Message}";
        }
        run.Record(new ToolCallRecord(
            AgentToolset.VerifyTool,
            JsonSerializer.Serialize(new { email, code = "(hidden)" }, Web),
            checkedCode.Ok ? $"{{\"verified\":{(checkedCode.Value!.Verified ? "true" : "false")},\"attemptsLeft\":{checkedCode.Value.AttemptsLeft}}}" : checkedCode.Error!,
            !checkedCode.Ok));
        return HideCodes(text) + $"\n\n[The customer typed the one-time code sent to {email}; it is hidden from you. {note}]";
    }

    private static void CodeSent(BuiltInAgentState identity, string result)
    {
        var sent = JsonSerializer.Deserialize<OtpSentResult>(result, Web);
        if (sent is { Sent: true })
        {
            identity.Email = sent.Email;
            identity.Stage = AgentStage.AwaitingCode;
        }
    }

    private async Task<AgentReply> FallBackAsync(
        string customerMessage, bool codeChecked, IAgentTurn turn, BuiltInAgentState identity, LlmMemory memory, Run run, CancellationToken cancellationToken)
    {
        run.Say(FallbackNotice);
        if (codeChecked)
        {
            // The code was used up before the model failed: say how that went rather than hand the engine a spent code.
            var answer = identity.IsVerified && identity.Stage != AgentStage.AwaitingCode
                ? $"Thanks, {identity.VerifiedEmail} is verified. {BuiltInAgent.HelpText}"
                : "That code wasn't accepted. Please check it and type it again, or ask me to send a new one.";
            run.Say(answer);
            memory.AddAssistant(answer);
            return run.Reply(LlmMemory.Merge(identity.Save(), memory));
        }
        return await BuiltInAnswerAsync(customerMessage, turn, identity.Save(), memory, run, cancellationToken);
    }

    private static string HideCodes(string text) => Code().Replace(text, "[code]");

    private sealed record BuiltInTurn(string State, IAgentTurn Turn) : IAgentTurn
    {
        public string? CustomerTimeZone => Turn.CustomerTimeZone;
        public string? ClientAddress => Turn.ClientAddress;
        public IReplyStream? Stream => null;
    }

    /// <summary>The messages and transcript of one customer message, collected as the loop runs.</summary>
    private sealed class Run(IReplyStream? stream)
    {
        private readonly List<string> _messages = [];
        private readonly List<(MessageAuthor, string)> _transcript = [];

        public IReplyStream? Stream { get; } = stream;

        public void Say(string text)
        {
            _messages.Add(text);
            _transcript.Add((MessageAuthor.Agent, text));
            Stream?.EndMessage();
        }

        public void Record(ToolCallRecord call) => _transcript.Add((MessageAuthor.Tool, call.ToJson()));

        public AgentReply Reply(string state) => new(_messages, state) { Transcript = _transcript };
    }

    private sealed class PartialCall
    {
        public string? Id { get; set; }
        public string? Name { get; set; }
        public MemoryStream Arguments { get; } = new();
    }

    /// <summary>A 6-digit code, also written "739 201".</summary>
    [GeneratedRegex(@"(?<!\d)(\d{3})\s?(\d{3})(?!\d)")]
    private static partial Regex Code();
}
