using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using OpenAI.Chat;
using OpenBooking.Tools.ExternalMcp;
using OpenBooking.Tools.Hosting;
using OpenBooking.Tools.Mcp;

namespace OpenBooking.Web.Agent.Llm;

/// <summary>The customer the host has verified in this conversation, which identity tools act for.</summary>
public sealed record VerifiedCustomer(string Email, string VerificationToken);

/// <summary>The outcome of one tool call, as the model and the transcript see it.</summary>
public sealed record ToolOutcome(string Text, bool IsError);

/// <summary>
/// The MCP tools of every connected server (the co-hosted ones and the admin's external ones) as functions for the
/// model, and their execution through the MCP clients. Identity is the host's job, not the model's:
/// <list type="bullet">
/// <item><c>verify_email_otp</c> is not offered; the host verifies a code the customer types before the model sees the
/// message, so the model never sees a code.</item>
/// <item>Tools that take a <c>verificationToken</c> (booking, listing, cancelling, moving) are offered without it and
/// without <c>email</c>: the host adds both for the customer verified in this conversation, so the model can neither
/// read a token nor act for another email.</item>
/// </list>
/// </summary>
public sealed partial class AgentToolset(InMemoryToolClients coHosted, ExternalMcpClients external, ILogger<AgentToolset> logger)
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

    /// <summary>The functions on offer now, and how to reach each.</summary>
    public async Task<ToolMenu> GetMenuAsync(CancellationToken cancellationToken)
    {
        var routes = new Dictionary<string, ToolRoute>(StringComparer.Ordinal);
        var functions = new List<ChatTool>();
        foreach (var (name, route) in await coHosted.GetToolsAsync(cancellationToken))
        {
            if (name == VerifyTool)
            {
                continue;
            }
            var (schema, needsIdentity) = ForModel(route.Tool.InputSchema);
            Add(name, new ToolRoute(name, External: false, needsIdentity, IsReadOnly(route.Tool)), route.Tool.Description, schema);
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
            var name = FunctionName(tool.Name);
            if (routes.ContainsKey(name))
            {
                logger.LogWarning("The external tool {Tool} of {Server} is left out: its name clashes with another once made a valid function name", tool.Name, tool.ServerName);
                continue;
            }
            Add(name, new ToolRoute(tool.Name, External: true, NeedsIdentity: false, IsReadOnly(tool.Tool)), tool.Tool.Description, JsonSerializer.SerializeToNode(tool.Tool.InputSchema)!.AsObject());
        }
        return new ToolMenu(functions, routes);

        void Add(string name, ToolRoute route, string? description, JsonObject schema)
        {
            routes[name] = route;
            functions.Add(ChatTool.CreateFunctionTool(name, description ?? "", BinaryData.FromString(schema.ToJsonString())));
        }
    }

    /// <summary>
    /// Runs one call the model asked for. Whatever goes wrong (an unknown tool, arguments that are not JSON, a tool's
    /// own error, a server that is down) comes back as an error outcome for the model to recover from.
    /// </summary>
    public async Task<ToolOutcome> CallAsync(
        ToolMenu menu, string function, string argumentsJson, VerifiedCustomer? customer, string? clientAddress, CancellationToken cancellationToken)
    {
        if (!menu.Routes.TryGetValue(function, out var route))
        {
            return new($"There is no tool named '{function}'. The tools are: {string.Join(", ", menu.Routes.Keys)}.", true);
        }
        Dictionary<string, object?> arguments;
        try
        {
            arguments = string.IsNullOrWhiteSpace(argumentsJson)
                ? []
                : JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(argumentsJson, Web)!
                    .Where(a => a.Value.ValueKind != JsonValueKind.Null)
                    .ToDictionary(a => a.Key, a => (object?)a.Value);
        }
        catch (JsonException ex)
        {
            return new($"The arguments are not a JSON object: {ex.Message}", true);
        }
        // Tools that change something (book, trigger an automation, an external server's actions) act only for a
        // customer who proved their email here: an anonymous visitor cannot talk the model into firing them.
        if ((route.NeedsIdentity || (!route.ReadOnly && route.ToolName != SendCodeTool)) && customer is null)
        {
            return new(
                "The customer's email is not verified in this conversation. Ask for their email address and call send_email_otp; "
                + "they then type the code into the chat and you are told when it is verified. This tool then acts for them.",
                true);
        }
        if (route.NeedsIdentity)
        {
            arguments[EmailParameter] = customer!.Email;
            arguments[TokenParameter] = customer.VerificationToken;
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CallTimeout);
        try
        {
            var result = route.External
                ? await external.CallAsync(route.ToolName, arguments, timeout.Token)
                : await coHosted.CallAsync(route.ToolName, arguments, clientAddress, timeout.Token);
            return result.IsError == true
                ? new(result.ErrorCode() is { } code ? $"{result.ErrorText()} (error code: {code})" : result.ErrorText(), true)
                : new(Cut(ResultText(result)), false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new(route.ReadOnly
                ? $"The tool did not answer within {CallTimeout.TotalSeconds:0} s."
                : $"The tool did not answer within {CallTimeout.TotalSeconds:0} s; it may or may not have done it. Check (for a booking, with list_bookings) before trying again.",
                true);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Whatever a tool throws goes back to the model as that call's result: a call never lacks its result.
            logger.LogWarning("The tool {Tool} failed: {Error}", function, ex.Message);
            return new(ex is McpException or TimeoutException or KeyNotFoundException ? ex.Message : $"The tool failed ({ex.GetType().Name}).", true);
        }
    }

    /// <summary>A tool's input schema as the model sees it, and whether the host supplies the customer's identity.</summary>
    internal static (JsonObject Schema, bool NeedsIdentity) ForModel(JsonElement inputSchema)
    {
        var schema = JsonSerializer.SerializeToNode(inputSchema)!.AsObject();
        if (schema["properties"] is not JsonObject properties || !properties.ContainsKey(TokenParameter))
        {
            return (schema, false);
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
        return (schema, true);
    }

    /// <summary>A tool that says it changes nothing (MCP's readOnlyHint); without the hint, it may change something.</summary>
    private static bool IsReadOnly(Tool tool) => tool.Annotations?.ReadOnlyHint == true;

    /// <summary>A valid function name (letters, digits, _ and -, at most 64) for an external tool's name.</summary>
    internal static string FunctionName(string toolName)
    {
        var name = InvalidNameCharacters().Replace(toolName, "_");
        return name.Length > 64 ? name[..64] : name;
    }

    // Plain characters (+, <, ') rather than \u escapes: the model reads these, and they are shown as text, never as HTML.
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string ResultText(CallToolResult result) =>
        result.StructuredContent is { } structured
            ? JsonSerializer.Serialize(structured, Readable)
            : string.Join("\n", result.Content.OfType<TextContentBlock>().Select(c => c.Text));

    private static string Cut(string text) =>
        text.Length <= MaxResultLength ? text : text[..MaxResultLength] + " …(cut: the result was longer)";

    [GeneratedRegex("[^a-zA-Z0-9_-]")]
    private static partial Regex InvalidNameCharacters();
}

/// <summary>How a function the model may call maps to an MCP tool.</summary>
public sealed record ToolRoute(string ToolName, bool External, bool NeedsIdentity, bool ReadOnly);

/// <summary>The functions offered to the model for one customer message.</summary>
public sealed record ToolMenu(IReadOnlyList<ChatTool> Functions, IReadOnlyDictionary<string, ToolRoute> Routes);
