using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace OpenBooking.Tools.Mcp;

/// <summary>
/// The call-tool filter that gives every refusal its wire form (<see cref="ToolResults.Error"/>): a
/// <see cref="ToolException"/> from a tool, and arguments the SDK could not bind (missing, or of the wrong JSON
/// type), which are the caller's to fix and so a tool error with <c>invalid_argument</c>, not a protocol error.
/// Refusals are expected: they are logged as information, without a stack trace.
/// </summary>
public static class ToolErrorFilter
{
    public static McpRequestHandler<CallToolRequestParams, CallToolResult> Apply(McpRequestHandler<CallToolRequestParams, CallToolResult> next) =>
        async (request, cancellationToken) =>
        {
            try
            {
                return await next(request, cancellationToken);
            }
            catch (ToolException ex)
            {
                return Refused(request, ex.ErrorCode, ex.Message);
            }
            catch (Exception ex) when (ex is ArgumentException or JsonException && !cancellationToken.IsCancellationRequested)
            {
                return Refused(request, ToolErrorCodes.InvalidArgument, $"An argument is missing or has the wrong type. {ex.Message}");
            }
        };

    private static CallToolResult Refused(RequestContext<CallToolRequestParams> request, string code, string message)
    {
        request.Services?.GetService<ILoggerFactory>()?.CreateLogger(typeof(ToolErrorFilter).FullName!)
            .LogInformation("Tool {Tool} refused the call: {ErrorCode}.", request.Params?.Name, code);
        return ToolResults.Error(code, message);
    }
}
