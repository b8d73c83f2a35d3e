using OpenBooking.Tools.Hosting;

// The MCP tool servers as a stand-alone process. `--stdio` serves every tool over stdin/stdout
// (for Claude Desktop, VS Code, the MCP Inspector); logs go to stderr only.
if (args.Contains("--stdio"))
{
    return await StdioToolHost.RunAsync(args);
}

Console.Error.WriteLine("OpenBooking.Tools: the MCP tool servers (calendar, email-otp).");
Console.Error.WriteLine("Usage: dotnet run --project OpenBooking.Tools -- --stdio");
return 2;
