using Microsoft.Extensions.DependencyInjection;

namespace OpenBooking.Tools.ExternalMcp;

public static class ExternalMcpExtensions
{
    /// <summary>External MCP servers the admin registers: their store (secrets encrypted) and the clients that reach them.</summary>
    public static IServiceCollection AddExternalMcpServers(this IServiceCollection services)
    {
        // Streamable HTTP keeps response streams open; calls have their own timeouts (see ExternalMcpClients).
        services.AddHttpClient(ExternalMcpClients.HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton<McpServerRegistrations>();
        services.AddSingleton<ExternalMcpClients>();
        return services;
    }
}
