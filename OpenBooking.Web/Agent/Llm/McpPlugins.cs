using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using OpenBooking.Tools.ExternalMcp;
using OpenBooking.Tools.Hosting;
using OpenBooking.Tools.Mcp;

namespace OpenBooking.Web.Agent.Llm;

/// <summary>The customer the host has verified in this conversation, which identity tools act for.</summary>
public sealed record VerifiedCustomer(string Email, string VerificationToken);

/// <summary>The outcome of one tool call, as the model and the transcript see it.</summary>
public sealed record ToolOutcome(string Text, bool IsError);

/// <summary>One tool call of a turn, as it happened (for the transcript and for what the host learns from it).</summary>
public sealed record ToolCallDone(string Tool, string Arguments, ToolOutcome Outcome, bool ReadOnly);

/// <summary>
/// What one customer message's tool calls need from the host: who the verified customer is, the browser's address for
/// the code limits, the token that bounds the calls, and where to report each call.
/// </summary>
public sealed record ToolTurn(VerifiedCustomer? Customer, string? ClientAddress, CancellationToken CallsToken, Action<ToolCallDone> Called);

/// <summary>
/// The MCP tools of every connected server (the co-hosted ones and the admin's external ones) as Semantic Kernel plugins:
/// <c>email</c>, <c>calendar</c>, <c>zapier</c> and one per external server, so the model sees <c>calendar-create_booking</c>.
/// Each function is a wrapper over the MCP client call, and the wrapper holds the guardrails, because identity is the
/// host's job, not the model's:
/// <list type="bullet">
/// <item><c>verify_email_otp</c> is not offered; the host verifies a code the customer types before the model sees the
/// message, so the model never sees a code.</item>
/// <item>Tools that take a <c>verificationToken</c> (booking, listing, cancelling, moving) are offered without it and
/// without <c>email</c>: the wrapper adds both for the customer verified in this conversation, whatever the model sent,
/// so the model can neither read a token nor act for another email.</item>
/// <item>Tools that change something act only for a verified customer.</item>
/// </list>
/// </summary>
public sealed partial class McpPlugins(InMemoryToolClients coHosted, ExternalMcpClients external, ILogger<McpPlugins> logger)
{
    /// <summary>The longest tool result given to the model (a result is cut, with a note, beyond it).</summary>
    public const int MaxResultLength = 8000;

    internal const string VerifyTool = "verify_email_otp";
    internal const string SendCodeTool = "send_email_otp";
    private const string TokenParameter = "verificationToken";
    private const string EmailParameter = "email";

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    /// <summary>How long one tool call may take.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The plugins on offer now, their functions bound to this turn's customer.</summary>
    public async Task<IReadOnlyList<KernelPlugin>> GetPluginsAsync(ToolTurn turn, CancellationToken cancellationToken)
    {
        var functions = new Dictionary<string, List<KernelFunction>>(StringComparer.Ordinal);
        var pluginOf = await coHosted.GetPluginNamesAsync(cancellationToken);
        foreach (var (name, route) in await coHosted.GetToolsAsync(cancellationToken))
        {
            if (name == VerifyTool)
            {
                continue;
            }
            var (schema, needsIdentity) = ForModel(route.Tool.InputSchema);
            Add(pluginOf[name], new McpToolFunction(this, new ToolRoute(name, External: false, needsIdentity, IsReadOnly(route.Tool)), route.Tool.Description, schema, turn));
        }
        IReadOnlyList<ExternalTool> externalTools;
        try
        {
            externalTools = await external.GetToolsAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // An external server never breaks the chat: its tools are simply not on offer.
            logger.LogWarning(ex, "The external MCP servers' tools could not be listed");
            externalTools = [];
        }
        foreach (var tool in externalTools)
        {
            var plugin = PluginName(tool.ServerName);
            if (pluginOf.Values.Contains(plugin))
            {
                logger.LogWarning("The external MCP server {Server} is left out: its plugin name {Plugin} is a co-hosted server's", tool.ServerName, plugin);
                continue;
            }
            var schema = JsonSerializer.SerializeToElement(tool.Tool.InputSchema);
            Add(plugin, new McpToolFunction(this, new ToolRoute(tool.Name, External: true, NeedsIdentity: false, IsReadOnly(tool.Tool)), tool.Tool.Description, schema, turn, FunctionName(tool.Tool.Name)));
        }
        return [.. functions.Select(p => KernelPluginFactory.CreateFromFunctions(p.Key, p.Value.DistinctBy(f => f.Name)))];

        void Add(string plugin, McpToolFunction function)
        {
            if (!functions.TryGetValue(plugin, out var list))
            {
                functions[plugin] = list = [];
            }
#pragma warning disable SKEXP0001 // AIFunction as a KernelFunction: the bridge SK offers for MCP tools.
            list.Add(function.AsKernelFunction());
#pragma warning restore SKEXP0001
        }
    }

    /// <summary>
    /// Runs one call the model asked for. Whatever goes wrong (a tool's own error, a server that is down, a customer who
    /// is not verified) comes back as an error outcome for the model to recover from.
    /// </summary>
    private async Task<ToolOutcome> CallAsync(ToolRoute route, IEnumerable<KeyValuePair<string, object?>> given, ToolTurn turn)
    {
        var arguments = given
            .Where(a => a.Value is not null && !(a.Value is JsonElement { ValueKind: JsonValueKind.Null }))
            .ToDictionary(a => a.Key, a => a.Value);
        var customer = turn.Customer;
        // Tools that change something (book, trigger an automation, an external server's actions) act only for a
        // customer who proved their email here: an anonymous visitor cannot talk the model into firing them.
        if ((route.NeedsIdentity || (!route.ReadOnly && route.ToolName != SendCodeTool)) && customer is null)
        {
            return new(
                "The customer's email is not verified in this conversation. Ask for their email address and call email-send_email_otp; "
                + "they then type the code into the chat and you are told when it is verified. This tool then acts for them.",
                true);
        }
        if (route.NeedsIdentity)
        {
            arguments[EmailParameter] = customer!.Email;
            arguments[TokenParameter] = customer.VerificationToken;
        }
        // The turn's token, not the model call's: a tool call that has started runs to its own timeout, so what it did
        // is never lost when the turn's deadline passes meanwhile.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(turn.CallsToken);
        timeout.CancelAfter(CallTimeout);
        try
        {
            var result = route.External
                ? await external.CallAsync(route.ToolName, arguments, timeout.Token)
                : await coHosted.CallAsync(route.ToolName, arguments, turn.ClientAddress, timeout.Token);
            return result.IsError == true
                ? new(result.ErrorCode() is { } code ? $"{result.ErrorText()} (error code: {code})" : result.ErrorText(), true)
                : new(Cut(ResultText(result)), false);
        }
        catch (OperationCanceledException) when (!turn.CallsToken.IsCancellationRequested)
        {
            return new(route.ReadOnly
                ? $"The tool did not answer within {CallTimeout.TotalSeconds:0} s."
                : $"The tool did not answer within {CallTimeout.TotalSeconds:0} s; it may or may not have done it. Check (for a booking, with calendar-list_bookings) before trying again.",
                true);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Whatever a tool throws goes back to the model as that call's result: a call never lacks its result.
            logger.LogWarning("The tool {Tool} failed: {Error}", route.ToolName, ex.Message);
            return new(ex is McpException or TimeoutException or KeyNotFoundException ? ex.Message : $"The tool failed ({ex.GetType().Name}).", true);
        }
    }

    /// <summary>A tool's input schema as the model sees it, and whether the host supplies the customer's identity.</summary>
    internal static (JsonElement Schema, bool NeedsIdentity) ForModel(JsonElement inputSchema)
    {
        var schema = JsonSerializer.SerializeToNode(inputSchema)!.AsObject();
        if (schema["properties"] is not JsonObject properties || !properties.ContainsKey(TokenParameter))
        {
            return (inputSchema, false);
        }
        properties.Remove(TokenParameter);
        properties.Remove(EmailParameter);
        if (schema["required"] is JsonArray required)
        {
            foreach (var item in required.Where(r => r?.GetValue<string>() is TokenParameter or EmailParameter).ToList())
            {
                required.Remove(item);
            }
        }
        return (JsonSerializer.SerializeToElement(schema), true);
    }

    /// <summary>A tool that says it changes nothing (MCP's readOnlyHint); without the hint, it may change something.</summary>
    private static bool IsReadOnly(Tool tool) => tool.Annotations?.ReadOnlyHint == true;

    /// <summary>A valid kernel function name (letters, digits and _, at most 64) for an external tool's name.</summary>
    internal static string FunctionName(string toolName)
    {
        var name = InvalidNameCharacters().Replace(toolName, "_");
        return name.Length > 64 ? name[..64] : name;
    }

    /// <summary>A valid plugin name (letters, digits and _) for an external server's name.</summary>
    internal static string PluginName(string serverName)
    {
        var name = InvalidNameCharacters().Replace(serverName, "_");
        return name.Length == 0 ? "external" : name;
    }

    // Plain characters (+, <, ') rather than \u escapes: the model reads these, and they are shown as text, never as HTML.
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string ResultText(CallToolResult result) =>
        result.StructuredContent is { } structured
            ? JsonSerializer.Serialize(structured, Readable)
            : string.Join("\n", result.Content.OfType<TextContentBlock>().Select(c => c.Text));

    private static string Cut(string text) =>
        text.Length <= MaxResultLength ? text : text[..MaxResultLength] + " …(cut: the result was longer)";

    [GeneratedRegex("[^a-zA-Z0-9_]")]
    private static partial Regex InvalidNameCharacters();

    /// <summary>How a function the model may call maps to an MCP tool.</summary>
    private sealed record ToolRoute(string ToolName, bool External, bool NeedsIdentity, bool ReadOnly);

    /// <summary>
    /// One MCP tool as an <see cref="AIFunction"/> (which SK turns into a kernel function): its schema is the one the model
    /// may see, and invoking it goes through <see cref="CallAsync"/> with this turn's customer.
    /// </summary>
    private sealed class McpToolFunction(McpPlugins owner, ToolRoute route, string? description, JsonElement schema, ToolTurn turn, string? name = null) : AIFunction
    {
        public override string Name { get; } = name ?? route.ToolName;

        public override string Description { get; } = description ?? "";

        public override JsonElement JsonSchema { get; } = schema;

        protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
        {
            var outcome = await owner.CallAsync(route, arguments, turn);
            turn.Called(new ToolCallDone(route.ToolName, JsonSerializer.Serialize(arguments.Where(a => a.Key is not (TokenParameter)).ToDictionary(), Web), outcome, route.ReadOnly));
            return outcome.IsError ? $"Error: {outcome.Text}" : outcome.Text;
        }
    }
}
