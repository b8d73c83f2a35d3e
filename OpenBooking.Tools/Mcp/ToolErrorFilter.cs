using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using OpenBooking.Tools.Data;

namespace OpenBooking.Tools.Mcp;

/// <summary>
/// The call-tool filter that gives every refusal its wire form (<see cref="ToolResults.Error"/>): a
/// <see cref="ToolException"/> from a tool, and arguments the SDK could not bind (missing, or of the wrong JSON
/// type), which are the caller's to fix and so a tool error with <c>invalid_argument</c>, not a protocol error.
/// Refusals are expected: they are logged as information, without a stack trace. A database that is away for a moment
/// (<see cref="DatabaseErrors.IsUnavailable"/>) is <c>temporarily_unavailable</c>: the caller reads "try again in a
/// moment", and the log gets a warning with the exception.
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
            catch (Exception ex) when (DatabaseErrors.IsUnavailable(ex) && !cancellationToken.IsCancellationRequested)
            {
                // Not the caller's fault and not a bug: the database is restarting or busy past the app's wait.
                Logger(request)?.LogWarning(ex, "Tool {Tool} could not reach the database; the caller is asked to try again.", request.Params?.Name);
                return ToolResults.Error(ToolErrorCodes.TemporarilyUnavailable, "Our booking system is briefly unavailable, so nothing was done. Please try again in a moment.");
            }
        };

    private static ILogger? Logger(RequestContext<CallToolRequestParams> request) =>
        request.Services?.GetService<ILoggerFactory>()?.CreateLogger(typeof(ToolErrorFilter).FullName!);

    private static CallToolResult Refused(RequestContext<CallToolRequestParams> request, string code, string message)
    {
        Logger(request)?.LogInformation("Tool {Tool} refused the call: {ErrorCode}.", request.Params?.Name, code);
        return ToolResults.Error(code, message);
    }
}
