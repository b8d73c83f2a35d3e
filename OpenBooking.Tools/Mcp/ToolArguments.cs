using OpenBooking.Tools.Email;

namespace OpenBooking.Tools.Mcp;

/// <summary>Argument checks shared by the tools: a bad argument is an <c>invalid_argument</c> tool error naming it.</summary>
internal static class ToolArguments
{
    /// <summary>The normalised email, or an <c>invalid_argument</c> refusal.</summary>
    public static string RequireEmail(string? email) =>
        EmailAddress.IsValid(email?.Trim())
            ? EmailAddress.Normalize(email!)
            : throw ToolException.InvalidArgument("email is not a valid email address.");
}
