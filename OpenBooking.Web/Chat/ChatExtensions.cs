using OpenBooking.Web.Agent;

namespace OpenBooking.Web.Chat;

public static class ChatExtensions
{
    /// <summary>
    /// The conversation service and what it needs: both agents, the conversations in the database and the turn lock
    /// (one turn at a time per conversation, across instances on PostgreSQL), and the wait for running turns when the app
    /// stops. The app, the tests and the benchmarks register the chat through this one method.
    /// </summary>
    public static IServiceCollection AddChat(this IServiceCollection services)
    {
        services.AddAgents();
        services.AddSingleton<ConversationStore>();
        services.AddSingleton<ConversationTurnLock>();
        services.AddSingleton<ChatService>();
        services.AddHostedService<ChatTurnsDrain>();
        return services;
    }
}
