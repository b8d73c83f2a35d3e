using Microsoft.Extensions.Options;
using OpenBooking.Web.Agent.Llm;
using OpenBooking.Web.Agent.Understanding;

namespace OpenBooking.Web.Agent;

public static class AgentExtensions
{
    /// <summary>
    /// The agents, siblings behind <see cref="IConversationAgent"/>: the built-in engine and the Semantic Kernel agent on an
    /// OpenAI-compatible model. The chat service picks one per message (<c>Agent:Mode</c>) and falls back to the built-in one.
    /// </summary>
    public static IServiceCollection AddAgents(this IServiceCollection services)
    {
        // A mode that is neither BuiltIn nor OpenAI, or a number out of range, stops the app at start naming the key.
        services.AddOptions<AgentOptions>().BindConfiguration(AgentOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<AgentOptions>, AgentSecretsPostConfigure>();
        // One chat client lives as long as its settings, so its connections are recycled instead of its handler.
        services.AddHttpClient(ChatModelClients.HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        services.AddSingleton<ChatModelClients>();
        services.AddSingleton<ModelHealth>();

        services.AddSingleton<IUtteranceParser, SchedulingParser>();
        services.AddSingleton<AgentTools>();
        services.AddSingleton<BuiltInAgent>();
        services.AddSingleton<McpPlugins>();
        services.AddSingleton<KernelAgent>();
        services.AddSingleton<ModelFallback>();
        return services;
    }
}
