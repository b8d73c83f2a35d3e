using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenBooking.Tools.Hosting;

namespace OpenBooking.Web.Mcp;

/// <summary>
/// Every co-hosted MCP tool at <c>/mcp</c> over Streamable HTTP, for MCP clients such as Claude Desktop, VS Code or
/// the MCP Inspector. Callers send <c>Authorization: Bearer &lt;key&gt;</c> with a key from <c>Mcp:ApiKeys</c> and act
/// as staff; with no keys configured the endpoint refuses everyone.
/// </summary>
public static class McpEndpoints
{
    public const string Path = "/mcp";

    /// <summary>Registers the endpoint's options, authenticator, sessions and idle-session pruner.</summary>
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
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<McpApiKeyAuthenticator>();
        services.AddSingleton<McpSessionStore>();
        services.AddSingleton<McpStreamableHttpHandler>();
        services.AddHostedService<McpIdleSessionPruner>();
        return builder;
    }

    /// <summary>Maps POST, GET and DELETE <c>/mcp</c>. Call <see cref="AddMcpEndpoint"/> first.</summary>
    public static IEndpointRouteBuilder MapMcpEndpoints(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<IOptions<McpOptions>>().Value;
        if (options.GetApiKeys().Count == 0)
        {
            app.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(McpEndpoints).FullName!).LogWarning(
                "No MCP API keys are configured (Mcp:ApiKeys), so {Path} answers 401 to every request.", Path);
        }

        var mcp = app.MapGroup(Path)
            .AddEndpointFilter(RequireApiKeyAsync)
            .WithTags("MCP")
            .ExcludeFromDescription();
        mcp.MapPost("", PostAsync);
        mcp.MapGet("", GetAsync);
        mcp.MapDelete("", DeleteAsync);
        return app;
    }

    private static Task PostAsync(HttpContext context, McpStreamableHttpHandler handler) => handler.PostAsync(context);

    private static Task GetAsync(HttpContext context, McpStreamableHttpHandler handler) => handler.GetAsync(context);

    private static Task DeleteAsync(HttpContext context, McpStreamableHttpHandler handler) => handler.DeleteAsync(context);

    /// <summary>Lets a request through only with a valid API key, and makes its caller staff.</summary>
    private static async ValueTask<object?> RequireApiKeyAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var http = invocation.HttpContext;
        if (http.RequestServices.GetRequiredService<McpApiKeyAuthenticator>().Authenticate(http.Request) is not { } staff)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer realm=\"OpenBooking MCP\"";
            return TypedResults.Json(
                new McpAuthError("unauthorized", "Send Authorization: Bearer <key> with a key from the Mcp:ApiKeys setting."),
                statusCode: StatusCodes.Status401Unauthorized);
        }
        http.User = staff;
        return await next(invocation);
    }

    private sealed record McpAuthError(string Error, string Message);
}
