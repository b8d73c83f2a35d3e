using OpenBooking.Tools.Hosting;

namespace OpenBooking.Tools;

/// <summary>
/// The MCP tool servers as a stand-alone process. <c>--stdio</c> serves every tool over stdin/stdout
/// (for Claude Desktop, VS Code, the MCP Inspector); logs go to stderr only.
/// </summary>
/// <remarks>Not a top-level Program: the web app's <c>Program</c> is the one tests host.</remarks>
internal static class ToolsProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Contains("--stdio"))
        {
            return await StdioToolHost.RunAsync(args);
        }
        await Console.Error.WriteLineAsync("OpenBooking.Tools: the MCP tool servers (calendar, email-otp).");
        await Console.Error.WriteLineAsync("Usage: dotnet run --project OpenBooking.Tools -- --stdio");
        return 2;
    }
}
