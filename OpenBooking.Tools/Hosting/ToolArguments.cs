using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using OpenBooking.Tools.Email;

namespace OpenBooking.Tools.Hosting;

/// <summary>Argument checks shared by the tools: a bad argument is a protocol error naming the argument.</summary>
internal static class ToolArguments
{
    /// <summary>The normalised email, or an InvalidParams error.</summary>
    public static string RequireEmail(string? email) =>
        EmailAddress.IsValid(email?.Trim())
            ? EmailAddress.Normalize(email!)
            : throw new McpProtocolException("email is not a valid email address.", McpErrorCode.InvalidParams);
}
