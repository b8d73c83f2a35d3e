using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using OpenBooking.Tools.Data;

namespace OpenBooking.Web.Agent.Llm;

public enum AgentMode
{
    /// <summary>The built-in conversation engine: understands scheduling language, works offline.</summary>
    BuiltIn,

    /// <summary>Any OpenAI-compatible chat model (OpenAI, Azure OpenAI v1, Ollama, vLLM, LM Studio) with the MCP tools.</summary>
    OpenAI,
}

/// <summary>Which agent answers the chat (<c>Agent</c> section).</summary>
public sealed class AgentOptions
{
    public const string Section = "Agent";

    public AgentMode Mode { get; set; } = AgentMode.BuiltIn;

    [ValidateObjectMembers]
    public OpenAIAgentOptions OpenAI { get; set; } = new();
}

/// <summary>The OpenAI-compatible model (<c>Agent:OpenAI</c>).</summary>
public sealed class OpenAIAgentOptions
{
    public const string DefaultEndpoint = "https://api.openai.com/v1";

    public const string ApiKeySetting = "Agent:OpenAI:ApiKey";

    /// <summary>The API's base address, ending in <c>/v1</c> (e.g. <c>http://localhost:11434/v1</c> for Ollama).</summary>
    public string? Endpoint { get; set; }

    /// <summary>The API key; stored encrypted when set in the dashboard. Local servers often need none.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The model or deployment name, e.g. <c>gpt-4.1-mini</c> or <c>llama3.1</c>.</summary>
    public string? Model { get; set; }

    /// <summary>How long one model call may take (until its last token) before the built-in engine takes over.</summary>
    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>The longest one customer message may take, all model calls and tools together.</summary>
    [Range(1, 3600)]
    public int TurnTimeoutSeconds { get; set; } = 120;

    /// <summary>The most model calls one customer message may cause (each tool round is one); stops runaway loops.</summary>
    [Range(1, 50)]
    public int MaxSteps { get; set; } = 8;

    /// <summary>How long a conversation stays on the built-in engine after the model failed, before the model is tried again.</summary>
    [Range(0, 24 * 60)]
    public int FallbackMinutes { get; set; } = 5;

    public Uri EndpointUri => new((string.IsNullOrWhiteSpace(Endpoint) ? DefaultEndpoint : Endpoint.Trim()).TrimEnd('/'));
}

/// <summary>Turns the API key the dashboard stored protected back into its plain value when options bind.</summary>
internal sealed class AgentSecretsPostConfigure(SecretSettings secrets) : IPostConfigureOptions<AgentOptions>
{
    public void PostConfigure(string? name, AgentOptions options) =>
        options.OpenAI.ApiKey = secrets.Unprotect(OpenAIAgentOptions.ApiKeySetting, options.OpenAI.ApiKey);
}
