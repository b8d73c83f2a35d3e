using Microsoft.Extensions.Options;
using OpenBooking.Web.Agent.Llm;
using OpenBooking.Web.Agent.Understanding;

namespace OpenBooking.Web.Agent;

public static class AgentExtensions
{
    /// <summary>
    /// The agents: the built-in engine and the OpenAI-compatible model, with the one <c>Agent:Mode</c> selects answering
    /// each message (a change in the dashboard applies to the next message).
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
        services.AddSingleton<AgentToolset>();
        services.AddSingleton<LlmAgent>();
        services.AddSingleton<IConversationAgent, AgentRouter>();
        return services;
    }
}
