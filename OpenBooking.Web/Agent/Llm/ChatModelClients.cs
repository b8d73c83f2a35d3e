using System.ClientModel;
using System.ClientModel.Primitives;
using System.Diagnostics;
using OpenAI;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using OpenAI.Chat;

namespace OpenBooking.Web.Agent.Llm;

/// <summary>The outcome of "Test connection": whether the model answered, and a sentence an admin can act on.</summary>
public sealed record ModelConnectionResult(bool Ok, string Message);

/// <summary>
/// Chat clients of the official OpenAI SDK (and Semantic Kernel's chat completion service over them) for an OpenAI-compatible endpoint, over the app's HttpClient factory. One
/// client per endpoint, key and model, shared by all conversations (the SDK's clients are thread-safe).
/// </summary>
public sealed partial class ChatModelClients(IHttpClientFactory httpClientFactory)
{
    public const string HttpClientName = "openai";

    // Local servers (Ollama, LM Studio) need no key, but the SDK insists on one; they ignore it.
    private const string NoKey = "no-key";

    // The client for the settings in use (a change of endpoint, key or model replaces it).
    private volatile Entry? _current;

    private sealed record Entry(Uri Endpoint, string Key, string Model, ChatClient Client, OpenAIChatCompletionService Kernel);

    /// <summary>The chat client for these settings; <see cref="OpenAIAgentOptions.Model"/> must be set.</summary>
    public ChatClient Get(OpenAIAgentOptions options) => GetEntry(options).Client;

    /// <summary>
    /// Semantic Kernel's chat completion service for these settings, over the same OpenAI client (so over the app's
    /// HttpClient and with its one retry: SK's own constructors that take an HttpClient turn the SDK's retries off).
    /// </summary>
    public OpenAIChatCompletionService GetChatCompletion(OpenAIAgentOptions options) => GetEntry(options).Kernel;

    private Entry GetEntry(OpenAIAgentOptions options)
    {
        var model = options.Model is { Length: > 0 } m ? m.Trim() : throw new InvalidOperationException("Agent:OpenAI:Model is not set.");
        var key = string.IsNullOrEmpty(options.ApiKey) ? NoKey : options.ApiKey;
        if (_current is { } current && current.Endpoint == options.EndpointUri && current.Key == key && current.Model == model)
        {
            return current;
        }
        var client = Create(options.EndpointUri, key);
        var entry = new Entry(options.EndpointUri, key, model, client.GetChatClient(model), new OpenAIChatCompletionService(model, client));
        _current = entry;
        return entry;
    }

    private OpenAIClient Create(Uri endpoint, string key) => new(
        new ApiKeyCredential(key),
        new OpenAIClientOptions
        {
            Endpoint = endpoint,
            // The factory's handler recycles its connections (see AgentExtensions), so DNS changes are picked up.
            Transport = new HttpClientPipelineTransport(httpClientFactory.CreateClient(HttpClientName)),
            // One retry for a 429 or a 5xx; the agent's own timeout bounds the whole call.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 1),
            NetworkTimeout = Timeout.InfiniteTimeSpan,
            UserAgentApplicationId = "openbooking",
        });

    /// <summary>Sends one short message to the model and reports how it went, without ever showing the key.</summary>
    public async Task<ModelConnectionResult> TestConnectionAsync(OpenAIAgentOptions options, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(options.Model))
        {
            return new(false, "Model: enter the model or deployment name first.");
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(Math.Max(1, options.TimeoutSeconds)));
        var watch = Stopwatch.StartNew();
        try
        {
            var completion = await Get(options).CompleteChatAsync(
                [new UserChatMessage("Reply with the word OK.")],
                new ChatCompletionOptions { MaxOutputTokenCount = 16 },
                timeout.Token);
            return new(true, $"Connected: {completion.Value.Model ?? options.Model} answered in {watch.ElapsedMilliseconds} ms.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new(false, $"No answer from {options.EndpointUri.Host} within {options.TimeoutSeconds} s.");
        }
        catch (ClientResultException ex)
        {
            return new(false, Describe(ex, options));
        }
        catch (HttpRequestException ex)
        {
            return new(false, $"Could not reach {options.EndpointUri.GetLeftPart(UriPartial.Authority)}: {ex.Message}");
        }
    }

    /// <summary>A failed model call in words, with the key removed in case the server echoed it.</summary>
    internal static string Describe(ClientResultException ex, OpenAIAgentOptions options)
    {
        var detail = ex.Status switch
        {
            401 or 403 => "the endpoint refused the API key",
            404 => "the endpoint or the model was not found (the endpoint must end in /v1; check the model name)",
            429 => "the endpoint is rate limiting or out of quota",
            0 => "the connection failed",
            _ => "the endpoint reported an error",
        };
        var message = Redact(ex.Message.ReplaceLineEndings(" "), options);
        if (message.Length > 300)
        {
            message = message[..300] + "…";
        }
        // The SDK's message usually starts with the status already ("HTTP 401 (invalid_request_error: ...)"): say it once.
        var status = $"HTTP {ex.Status}";
        return ex.Status == 0 || message.StartsWith(status, StringComparison.Ordinal)
            ? $"{Capitalize(detail)}: {message}"
            : $"{Capitalize(detail)} ({status}): {message}";
    }

    /// <summary>A message without the key and without any URL's query string (Azure-style <c>?api-key=</c>).</summary>
    internal static string Redact(string message, OpenAIAgentOptions options)
    {
        if (!string.IsNullOrEmpty(options.ApiKey))
        {
            message = message.Replace(options.ApiKey, "***", StringComparison.Ordinal);
        }
        return QueryString().Replace(message, "?***");
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\?[^\s""']+")]
    private static partial System.Text.RegularExpressions.Regex QueryString();

    private static string Capitalize(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
