using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using ModelContextProtocol.AspNetCore;
using OpenBooking.Tools.Hosting;
using OpenBooking.Tools.Mcp;

namespace OpenBooking.Web.Mcp;

/// <summary>
/// Every co-hosted MCP tool at <c>/mcp</c> over Streamable HTTP, hosted by the MCP SDK (<c>MapMcp</c>), for MCP
/// clients such as Claude Desktop, VS Code or the MCP Inspector. Clients that initialize (2025-11-25 and earlier)
/// get a session; 2026-07-28 clients name their version per request. Callers send
/// <c>Authorization: Bearer &lt;key&gt;</c> with a key from <c>Mcp:ApiKeys</c> and act as staff; with no keys
/// configured the endpoint refuses everyone (401).
/// </summary>
public static class McpEndpoints
{
    public const string Path = "/mcp";

    public const string PolicyName = "McpStaff";

    /// <summary>The co-hosted tool servers over Streamable HTTP, the key check and its policy.</summary>
    public static IHostApplicationBuilder AddMcpEndpoint(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<McpOptions>()
            .BindConfiguration(McpOptions.Section)
            // "Mcp:ApiKeys" may also be one comma-separated string (a single environment variable).
            .Configure<IConfiguration>((options, configuration) =>
            {
                if (configuration.GetSection($"{McpOptions.Section}:{nameof(McpOptions.ApiKeys)}").Value is { Length: > 0 } keys)
                {
                    options.ApiKeys.Add(keys);
                }
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.AddOpenBookingTools().WithHttpTransport(transport =>
        {
            transport.SessionMode = HttpServerSessionMode.StatefulForInitializeClients;
        });
        // Many clients never send DELETE: an idle session is closed after Mcp:SessionIdleTimeoutMinutes. The SDK marks
        // session settings as back-compat only; sessions are exactly what 2025-11-25 clients need (see DESIGN).
#pragma warning disable MCP9006
        services.AddOptions<HttpServerTransportOptions>()
            .Configure<IOptions<McpOptions>>((transport, mcp) => transport.IdleTimeout = mcp.Value.SessionIdleTimeout);
#pragma warning restore MCP9006

        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, McpApiKeyAuthenticationHandler>(McpApiKeyAuthenticationHandler.SchemeName, configureOptions: null);
        services.AddAuthorizationBuilder().AddPolicy(PolicyName, policy => policy
            .AddAuthenticationSchemes(McpApiKeyAuthenticationHandler.SchemeName)
            .RequireClaim(ToolCaller.RoleClaim, ToolCaller.StaffRole));
        return builder;
    }

    /// <summary>Maps <c>/mcp</c> (POST, GET and DELETE). Call <see cref="AddMcpEndpoint"/> first.</summary>
    public static IEndpointRouteBuilder MapMcpEndpoints(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<IOptions<McpOptions>>().Value;
        if (options.GetApiKeys().Count == 0)
        {
            app.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(McpEndpoints).FullName!).LogWarning(
                "No MCP API keys are configured (Mcp:ApiKeys), so {Path} answers 401 to every request.", Path);
        }
        app.MapMcp(Path)
            .RequireAuthorization(PolicyName)
            // A 401 stays the scheme's JSON answer instead of being re-executed into the not-found page.
            .WithMetadata(new SkipStatusCodePagesAttribute())
            .WithTags("MCP")
            .ExcludeFromDescription();
        return app;
    }
}
