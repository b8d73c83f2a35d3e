using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using NodaTime;
using OpenAI.Chat;
using OpenBooking.Tools.Business;
using OpenBooking.Tools.Calendar;
using OpenBooking.Tools.Data.WebApp;
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
    ModelHealth health,
    VerificationTokenService tokens,
    IClock clock,
    ILogger<LlmAgent> logger) : IConversationAgent
{
    public const string FallbackNotice =
        "Sorry, our AI assistant isn't answering right now, so the standard booking assistant is taking over.";

    public const string EmptyAnswerMessage = "Sorry, I lost my thread there. Could you say that again?";

    /// <summary>A message longer than this is a sentence, not a code being typed.</summary>
    private const int MaxCodeMessageLength = 80;

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
        var (modelText, codeChecked) = await CheckCodeAsync(customerMessage, identity, turn.ClientAddress, run, cancellationToken);
        memory.AddUser(modelText);
        // No model call starts after this: the customer is not kept waiting by a loop of slow steps. (A tool call that
        // has started runs to its own timeout, so what it did is never lost.)
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(settings.TurnTimeoutSeconds));
        try
        {
            await LoopAsync(identity, memory, settings, turn, run, deadline.Token, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var error = Describe(ex, settings, deadline.IsCancellationRequested);
            if (IsModelFailure(ex))
            {
                logger.LogWarning("The chat model at {Endpoint} failed ({Error}); the built-in engine answers for {Minutes} minutes",
                    settings.EndpointUri.Host, error, settings.FallbackMinutes);
            }
            else
            {
                logger.LogError(ex, "The LLM agent failed; the built-in engine answers for {Minutes} minutes", settings.FallbackMinutes);
            }
            memory.FallbackUntil = now + Duration.FromMinutes(settings.FallbackMinutes);
            health.Failed(error, now);
            return await FallBackAsync(customerMessage, codeChecked, turn, identity, memory, run, cancellationToken);
        }
        health.Answered();
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
        BuiltInAgentState identity, LlmMemory memory, OpenAIAgentOptions settings, IAgentTurn turn, Run run, CancellationToken cancellationToken,
        CancellationToken toolsToken)
    {
        var client = models.Get(settings);
        var menu = await toolset.GetMenuAsync(cancellationToken);
        var services = (await tools.ListServicesAsync(cancellationToken)).Value?.Services ?? [];
        var customerZone = BuiltInAgent.CustomerZone(turn.CustomerTimeZone, business.CurrentValue.Zone);
        var completionOptions = new ChatCompletionOptions();
        foreach (var function in menu.Functions)
        {
            completionOptions.Tools.Add(function);
        }

        var emptyAnswers = 0;
        for (var step = 0; step < settings.MaxSteps; step++)
        {
            var prompt = SystemPrompt.Build(business.CurrentValue, services, clock.GetCurrentInstant(), customerZone, identity.IsVerified ? identity.VerifiedEmail : null);
            List<ChatMessage> messages = [new SystemChatMessage(prompt), .. memory.ToMessages()];
            if (emptyAnswers > 0)
            {
                messages.Add(new UserChatMessage("[Your last reply was empty. Please answer the customer.]"));
            }
            var (text, calls) = await CompleteAsync(client, messages, completionOptions, settings, run, cancellationToken);
            if (text.Length > 0)
            {
                run.Say(text);
            }
            if (calls.Count == 0)
            {
                if (text.Length == 0 && ++emptyAnswers < 2)
                {
                    continue; // An empty answer (all of it reasoning, say): ask once more rather than say nothing.
                }
                text = text.Length > 0 ? text : EmptyAnswerMessage;
                if (emptyAnswers >= 2)
                {
                    run.Say(text);
                }
                memory.AddAssistant(text);
                return;
            }
            emptyAnswers = 0;
            var customer = Customer(identity);
            // The calls of one answer run together; their results go back in the order the model asked. The call and
            // its results join the history together, so a history never holds a call without its result.
            var outcomes = await Task.WhenAll(calls.Select(call =>
                toolset.CallAsync(menu, call.Name, call.Arguments, customer, turn.ClientAddress, toolsToken)));
            memory.AddAssistant(text.Length > 0 ? text : null, calls);
            for (var i = 0; i < calls.Count; i++)
            {
                var (call, outcome) = (calls[i], outcomes[i]);
                memory.AddToolResult(call.Id, outcome.IsError ? $"Error: {outcome.Text}" : outcome.Text);
                run.Record(new ToolCallRecord(call.Name, call.Arguments, outcome.Text, outcome.IsError));
                if (!outcome.IsError && menu.Routes.TryGetValue(call.Name, out var route) && !route.ReadOnly)
                {
                    run.Acted(call.Name, outcome.Text);
                }
            }
            foreach (var (call, outcome) in calls.Zip(outcomes).Where(c => c.First.Name == AgentToolset.SendCodeTool && !c.Second.IsError))
            {
                CodeSent(identity, outcome.Text);
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
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.TimeoutSeconds));
        var text = new StringBuilder();
        var calls = new List<PartialCall>();
        var byIndex = new Dictionary<int, PartialCall>();
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
                // Some servers leave out the index (read as 0) and tell calls apart by their id only.
                if (!byIndex.TryGetValue(fragment.Index, out var call)
                    || (fragment.ToolCallId is { Length: > 0 } id && call.Id is not null && call.Id != id))
                {
                    byIndex[fragment.Index] = call = new PartialCall();
                    calls.Add(call);
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
            c.Id is { Length: > 0 } id ? id : $"call_{Guid.NewGuid():N}",
            c.Name ?? "",
            c.Arguments.Length == 0 ? "{}" : Encoding.UTF8.GetString(c.Arguments.ToArray())))]);
    }

    /// <summary>
    /// A code typed while one is awaited is checked here, before the model runs, so the model never sees it: the model
    /// gets the message with the code hidden and a note of the outcome.
    /// </summary>
    private async Task<(string ModelText, bool Checked)> CheckCodeAsync(
        string text, BuiltInAgentState identity, string? clientAddress, Run run, CancellationToken cancellationToken)
    {
        if (identity is not { Stage: AgentStage.AwaitingCode, Email: { } email }
            || text.Length > MaxCodeMessageLength
            || Code().Match(text) is not { Success: true } match)
        {
            // A code typed when none is awaited (state lost with a closed page, say) still never reaches the model.
            return (identity.Email is null ? text : HideCodes(text), false);
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
        return (HideCodes(text) + $"\n\n[The customer typed the one-time code sent to {email}; it is hidden from you. {note}]", true);
    }

    private void CodeSent(BuiltInAgentState identity, string result)
    {
        OtpSentResult? sent;
        try
        {
            sent = JsonSerializer.Deserialize<OtpSentResult>(result, Web);
        }
        catch (JsonException ex)
        {
            logger.LogWarning("The result of send_email_otp could not be read: {Error}", ex.Message);
            return;
        }
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
        if (run.Actions.Count > 0)
        {
            // Something was done before the model failed (a code sent, a booking made): say so rather than let the
            // built-in engine act on the same message again.
            var summary = string.Join(" ", run.Actions.Select(a => Summarize(a.Tool, a.Result, identity)));
            run.Say(summary);
            memory.AddAssistant(summary);
            return run.Reply(LlmMemory.Merge(identity.Save(), memory));
        }
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

    /// <summary>What a tool that changed something did, in a sentence for the customer.</summary>
    private string Summarize(string tool, string result, BuiltInAgentState identity)
    {
        try
        {
            switch (tool)
            {
                case AgentToolset.SendCodeTool:
                    return $"I've sent a 6-digit code to {identity.Email}. Please type it here.";
                case "create_booking" or "reschedule_booking" or "cancel_booking":
                    var booking = JsonSerializer.Deserialize<BookingInfo>(result, Web)!;
                    var today = clock.GetCurrentInstant().InZone(business.CurrentValue.Zone).Date;
                    var when = TimePhrases.Slot(TimePhrases.FromWire(booking.Start), TimePhrases.FromWire(booking.End), today);
                    var what = tool switch
                    {
                        "create_booking" => $"Your appointment is booked {when}.",
                        "reschedule_booking" => $"Your appointment is moved: it now runs {when}.",
                        _ => $"Your appointment {when} is cancelled.",
                    };
                    return tool == "cancel_booking" ? what : $"{what} [Manage your booking]({booking.ManageUrl})";
            }
        }
        catch (Exception ex) when (ex is JsonException or NullReferenceException or NodaTime.Text.UnparsableValueException)
        {
            logger.LogWarning("The result of {Tool} could not be summarised: {Error}", tool, ex.Message);
        }
        return $"(Done: {tool}.)";
    }

    /// <summary>The endpoint failed, refused, timed out or could not be reached (not a bug of ours).</summary>
    private static bool IsModelFailure(Exception ex) =>
        ex is System.ClientModel.ClientResultException or HttpRequestException or IOException or OperationCanceledException
            || (ex is InvalidOperationException && ex.Message.StartsWith("Agent:OpenAI:", StringComparison.Ordinal));

    /// <summary>Why the model failed, in words for the dashboard (never a key or a URL's query).</summary>
    private static string Describe(Exception ex, OpenAIAgentOptions settings, bool turnTooLong) => ex switch
    {
        OperationCanceledException when turnTooLong => $"The answer took longer than {settings.TurnTimeoutSeconds} s in all.",
        OperationCanceledException => $"No answer within {settings.TimeoutSeconds} s.",
        System.ClientModel.ClientResultException result => ChatModelClients.Describe(result, settings),
        _ => ChatModelClients.Redact($"{ex.GetType().Name}: {ex.Message}", settings),
    };

    /// <summary>The customer verified in this conversation, while their verification is still valid.</summary>
    private VerifiedCustomer? Customer(BuiltInAgentState identity)
    {
        if (!identity.IsVerified)
        {
            return null;
        }
        if (tokens.Validate(identity.VerificationToken) != identity.VerifiedEmail)
        {
            // Expired: the tools would refuse it, so the model hears the usual "not verified" and asks again.
            identity.VerifiedEmail = null;
            identity.VerificationToken = null;
            return null;
        }
        return new VerifiedCustomer(identity.VerifiedEmail!, identity.VerificationToken!);
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

        /// <summary>Tools that changed something in this message (sent a code, booked), with their results.</summary>
        public List<(string Tool, string Result)> Actions { get; } = [];

        public void Acted(string tool, string result) => Actions.Add((tool, result));

        public AgentReply Reply(string state) => new(_messages, state) { Transcript = _transcript };
    }

    private sealed class PartialCall
    {
        public string? Id { get; set; }
        public string? Name { get; set; }
        public MemoryStream Arguments { get; } = new();
    }

    /// <summary>
    /// A 6-digit code, also written "739 201", "739-201" or "739.201"; not digits inside an email address, a word or a
    /// longer number such as a phone number.
    /// </summary>
    [GeneratedRegex(@"(?<![\w@+.-]|[0-9][ .-])([0-9]{3})[ .-]{0,2}([0-9]{3})(?![\w@]|[ .-]?[0-9])")]
    private static partial Regex Code();
}
