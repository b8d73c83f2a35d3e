using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using NodaTime;
using OpenBooking.Tools.Business;
using OpenBooking.Tools.Calendar;
using OpenBooking.Tools.Data.WebApp;
using OpenBooking.Tools.Email;
using OpenBooking.Web.Chat;

namespace OpenBooking.Web.Agent.Llm;

/// <summary>
/// The agent on an OpenAI-compatible chat model: a Semantic Kernel <see cref="Kernel"/> per customer message whose
/// plugins are the MCP tools (<see cref="McpPlugins"/>), with automatic function calling; the answer streams into the
/// chat. At most <see cref="OpenAIAgentOptions.MaxSteps"/> model calls per message. When the model cannot be reached,
/// fails or times out, it throws <see cref="ModelUnavailableException"/>, and the conversation service has the built-in
/// engine answer instead (<see cref="ModelFallback"/>). The verified customer is the built-in engine's
/// (<see cref="BuiltInAgentState"/>), so nobody verifies twice when engines change.
/// </summary>
public sealed partial class KernelAgent(
    ChatModelClients models,
    McpPlugins plugins,
    AgentTools agentTools,
    IOptionsMonitor<AgentOptions> options,
    IOptionsMonitor<BusinessOptions> business,
    ModelHealth health,
    VerificationTokenService tokens,
    IClock clock,
    ILogger<KernelAgent> logger) : IConversationAgent
{
    public const string EmptyAnswerMessage = "Sorry, I lost my thread there. Could you say that again?";

    /// <summary>A message longer than this is a sentence, not a code being typed.</summary>
    private const int MaxCodeMessageLength = 80;

    public const string StepLimitMessage =
        "Sorry, I couldn't finish that. Could you tell me once more, in a few words, what you would like to do?";

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    /// <summary>The chat greets with the built-in engine's greeting (a conversation starts there); this one is for other hosts.</summary>
    public string Greeting => "Hello! How can I help you with an appointment today?";

    public async Task<AgentReply> RespondAsync(string customerMessage, IAgentTurn turn, CancellationToken cancellationToken)
    {
        var (builtInState, stored) = LlmMemory.Split(turn.State);
        var memory = stored ?? new LlmMemory();
        memory.FallbackUntil = null;
        var settings = options.CurrentValue.OpenAI;
        var run = new Run(turn.Stream);
        var identity = BuiltInAgentState.Load(builtInState);
        var (modelText, codeChecked) = await CheckCodeAsync(customerMessage, identity, turn.ClientAddress, run, cancellationToken);
        memory.AddUser(modelText);
        // No model call starts after this: the customer is not kept waiting by a loop of slow steps. (A tool call that
        // has started runs to its own timeout, so what it did is never lost.)
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(settings.TurnTimeoutSeconds));
        try
        {
            await AnswerAsync(identity, memory, settings, turn, run, deadline, cancellationToken);
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
            var now = clock.GetCurrentInstant();
            memory.FallbackUntil = now + Duration.FromMinutes(settings.FallbackMinutes);
            await health.FailedAsync(error);
            throw new ModelUnavailableException(error, run.Reply(LlmMemory.Merge(identity.Save(), memory)), Done(run, identity, codeChecked), ex);
        }
        await health.AnsweredAsync();
        // The model leads now: the built-in engine's half-finished flow (if it answered before) no longer applies.
        var awaitingCode = identity.Stage == AgentStage.AwaitingCode;
        identity.ResetFlow();
        identity.Stage = awaitingCode ? AgentStage.AwaitingCode : AgentStage.Idle;
        return run.Reply(LlmMemory.Merge(identity.Save(), memory));
    }

    private async Task AnswerAsync(
        BuiltInAgentState identity, LlmMemory memory, OpenAIAgentOptions settings, IAgentTurn turn, Run run, CancellationTokenSource deadline,
        CancellationToken toolsToken)
    {
        var chat = models.GetChatCompletion(settings);
        var tools = new ToolTurn(Customer(identity), turn.ClientAddress, toolsToken, call =>
        {
            run.Record(new ToolCallRecord(call.Tool, call.Arguments, call.Outcome.Text, call.Outcome.IsError));
            if (!call.Outcome.IsError && !call.ReadOnly)
            {
                run.Acted(call.Tool, call.Outcome.Text);
            }
            if (call.Tool == McpPlugins.SendCodeTool && !call.Outcome.IsError)
            {
                CodeSent(identity, call.Outcome.Text);
            }
        });
        var builder = Kernel.CreateBuilder();
        builder.Services.AddSingleton<IChatCompletionService>(chat);
        var kernel = builder.Build();
        kernel.Plugins.AddRange(await plugins.GetPluginsAsync(tools, deadline.Token));
        // Each model call gets its own timeout until its last token; the timer stops while tools run.
        using var step = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
        var steps = new StepFilter(settings, step, run);
        kernel.AutoFunctionInvocationFilters.Add(steps);

        var services = (await agentTools.ListServicesAsync(deadline.Token)).Value?.Services ?? [];
        var customerZone = string.IsNullOrWhiteSpace(turn.CustomerTimeZone) || turn.CustomerTimeZone == business.CurrentValue.Zone.Id
            ? null
            : DateTimeZoneProviders.Tzdb.GetZoneOrNull(turn.CustomerTimeZone);
        var prompt = SystemPrompt.Build(business.CurrentValue, services, clock.GetCurrentInstant(), customerZone, tools.Customer?.Email);
        var execution = new OpenAIPromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() };

        for (var attempt = 0; attempt < 2; attempt++)
        {
            var history = new ChatHistory(prompt);
            memory.AddTo(history);
            if (attempt > 0)
            {
                history.AddUserMessage("[Your last reply was empty. Please answer the customer.]");
            }
            var known = history.Count;
            step.CancelAfter(TimeSpan.FromSeconds(settings.TimeoutSeconds));
            try
            {
                await foreach (var update in chat.GetStreamingChatMessageContentsAsync(history, execution, kernel, step.Token))
                {
                    // When the step limit stops the kernel, it hands back the last function result as a tool update: not words.
                    if (update.Role != AuthorRole.Tool && update.Content is { Length: > 0 } delta)
                    {
                        run.Write(delta);
                    }
                }
            }
            finally
            {
                // The calls and results so far join the history together, also when the model fails later in the turn.
                var added = history.Skip(known).Where(m => m.Role != AuthorRole.User).ToList();
                memory.AddFrom(added);
                RecordRefusedCalls(added, steps.Invoked, run);
            }
            var text = run.EndStep();
            if (steps.Stopped)
            {
                logger.LogWarning("The chat model asked for tools {Steps} times for one message; stopped", settings.MaxSteps);
                memory.AddAssistant(StepLimitMessage);
                run.Say(StepLimitMessage);
                return;
            }
            if (text.Length > 0)
            {
                memory.AddAssistant(text);
                return;
            }
            // An empty answer (all of it reasoning, say): ask once more rather than say nothing.
        }
        run.Say(EmptyAnswerMessage);
        memory.AddAssistant(EmptyAnswerMessage);
    }

    /// <summary>
    /// Calls the kernel answered itself without running a function (an unknown function, arguments that are not JSON):
    /// they go into the transcript as failed calls, like any other.
    /// </summary>
    private static void RecordRefusedCalls(List<ChatMessageContent> added, IReadOnlySet<string> invoked, Run run)
    {
        var calls = added.SelectMany(m => m.Items.OfType<FunctionCallContent>()).Where(c => c.Id is not null && !invoked.Contains(c.Id));
        var results = added.SelectMany(m => m.Items.OfType<FunctionResultContent>()).Where(r => r.CallId is not null).ToDictionary(r => r.CallId!);
        foreach (var call in calls)
        {
            var name = call.PluginName is { Length: > 0 } plugin ? $"{plugin}-{call.FunctionName}" : call.FunctionName;
            var result = results.TryGetValue(call.Id!, out var r) ? r.Result as string ?? "" : "";
            run.Record(new ToolCallRecord(name, JsonSerializer.Serialize(call.Arguments ?? [], Web), result, IsError: true));
        }
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
        var checkedCode = await agentTools.VerifyEmailOtpAsync(email, code, clientAddress, cancellationToken);
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
            McpPlugins.VerifyTool,
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

    /// <summary>
    /// What was already done in a turn the model could not finish, in sentences for the customer (null when nothing
    /// was): the built-in engine must not act on the same message again, nor be handed a code already used.
    /// </summary>
    private string? Done(Run run, BuiltInAgentState identity, bool codeChecked)
    {
        if (run.Actions.Count > 0)
        {
            return string.Join(" ", run.Actions.Select(a => Summarize(a.Tool, a.Result, identity)));
        }
        if (codeChecked)
        {
            return identity.IsVerified && identity.Stage != AgentStage.AwaitingCode
                ? $"Thanks, {identity.VerifiedEmail} is verified. {BuiltInAgent.HelpText}"
                : "That code wasn't accepted. Please check it and type it again, or ask me to send a new one.";
        }
        return null;
    }

    /// <summary>What a tool that changed something did, in a sentence for the customer.</summary>
    private string Summarize(string tool, string result, BuiltInAgentState identity)
    {
        try
        {
            switch (tool)
            {
                case McpPlugins.SendCodeTool:
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
        ex is HttpOperationException or System.ClientModel.ClientResultException or HttpRequestException or IOException or OperationCanceledException
            || (ex is InvalidOperationException && ex.Message.StartsWith("Agent:OpenAI:", StringComparison.Ordinal));

    /// <summary>Why the model failed, in words for the dashboard (never a key or a URL's query).</summary>
    private static string Describe(Exception ex, OpenAIAgentOptions settings, bool turnTooLong) => ex switch
    {
        OperationCanceledException when turnTooLong => $"The answer took longer than {settings.TurnTimeoutSeconds} s in all.",
        OperationCanceledException => $"No answer within {settings.TimeoutSeconds} s.",
        // SK wraps the OpenAI SDK's error in its own.
        HttpOperationException { InnerException: System.ClientModel.ClientResultException result } => ChatModelClients.Describe(result, settings),
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

    internal static string HideCodes(string text) => Code().Replace(text, "[code]");

    /// <summary>
    /// A 6-digit code, also written "739 201", "739-201" or "739.201"; not digits inside an email address, a word or a
    /// longer number such as a phone number.
    /// </summary>
    [GeneratedRegex(@"(?<![\w@+.-]|[0-9][ .-])([0-9]{3})[ .-]{0,2}([0-9]{3})(?![\w@]|[ .-]?[0-9])")]
    private static partial Regex Code();
}
