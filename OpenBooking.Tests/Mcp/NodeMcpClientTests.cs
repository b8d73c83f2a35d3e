using System.Diagnostics;
using System.Text.Json;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Mcp;

namespace OpenBooking.Tests.Mcp;

/// <summary>
/// Third-party MCP clients against the real server: the TypeScript SDK client (Mcp/Node/ts-sdk-client.mjs) and the
/// MCP Inspector CLI, over Streamable HTTP at /mcp (a real Kestrel port) and over stdio (the built tool host as a
/// child process). Both are npm packages pinned in Mcp/Node/package-lock.json and installed on first use.
/// </summary>
public sealed class NodeMcpClientTests(McpWebHost host) : IClassFixture<McpWebHost>, IDisposable
{
    private static readonly string[] AllTools =
        ["cancel_booking", "check_availability", "create_booking", "find_free_slots", "get_business_info", "list_bookings", "list_services", "list_zaps", "reschedule_booking", "send_email_otp", "trigger_zap", "verify_email_otp"];

    private readonly string _stdioData = Directory.CreateTempSubdirectory("openbooking-node-stdio-").FullName;

    private static string Monday => McpWebHost.UpcomingMonday(weeksLater: 2).ToString("uuuu-MM-dd", null);

    [Fact]
    public async Task TypeScriptSdk_OverHttp_ListsAndCallsEveryToolWithTypedErrors()
    {
        var run = await NodeClients.RunAsync("ts-sdk-client.mjs", "http", host.McpEndpoint.ToString(), McpWebHost.ApiKey, Monday);

        AssertEveryToolCalled(run);
        Assert.NotNull(run.Step("connected").GetProperty("sessionId").GetString());
    }

    [Fact]
    public async Task TypeScriptSdk_OverStdio_ListsAndCallsEveryToolWithTypedErrors()
    {
        var run = await NodeClients.RunAsync("ts-sdk-client.mjs", ["stdio", Monday, StdioHost.Command, .. StdioHost.Arguments], StdioHost.Environment(_stdioData));

        AssertEveryToolCalled(run);
    }

    [Fact]
    public async Task Inspector_OverHttp_ListsToolsAndShowsARefusalsCode()
    {
        var header = $"Authorization: Bearer {McpWebHost.ApiKey}";

        var listed = await NodeClients.InspectorAsync([host.McpEndpoint.ToString(), "--transport", "http", "--header", header, "--method", "tools/list"]);
        var refused = await NodeClients.InspectorAsync([host.McpEndpoint.ToString(), "--transport", "http", "--header", header,
            "--method", "tools/call", "--tool-name", "find_free_slots", "--tool-arg", "fromDate=someday"]);

        Assert.Equal(AllTools, ToolNames(listed));
        Assert.True(refused.GetProperty("isError").GetBoolean());
        Assert.Equal(ToolErrorCodes.InvalidArgument, refused.GetProperty("_meta").GetProperty("errorCode").GetString());
    }

    [Fact]
    public async Task Inspector_OverStdio_ListsAndCallsTools()
    {
        var environment = StdioHost.Environment(_stdioData);
        string[] server = [StdioHost.Command, .. StdioHost.Arguments];

        var listed = await NodeClients.InspectorAsync([.. server, "--method", "tools/list"], environment);
        var services = await NodeClients.InspectorAsync([.. server, "--method", "tools/call", "--tool-name", "list_services"], environment);

        Assert.Equal(AllTools, ToolNames(listed));
        Assert.NotEmpty(services.GetProperty("structuredContent").GetProperty("services").EnumerateArray());
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_stdioData, recursive: true);
    }

    private static void AssertEveryToolCalled(NodeRun run)
    {
        Assert.Equal(AllTools, run.Step("tools").GetProperty("names").EnumerateArray().Select(n => n.GetString()));
        foreach (var tool in new[] { "get_business_info", "list_services", "find_free_slots", "check_availability", "list_bookings", "reschedule_booking", "cancel_booking", "send_email_otp", "verify_email_otp", "list_zaps" })
        {
            var step = run.Step(tool);
            Assert.False(step.GetProperty("isError").GetBoolean(), $"{tool}: {step.GetProperty("text").GetString()}");
            Assert.True(step.GetProperty("hasStructured").GetBoolean(), tool);
        }
        var booked = run.Steps("create_booking").First();
        Assert.False(booked.GetProperty("isError").GetBoolean(), booked.GetProperty("text").GetString());
        var zap = run.Step("trigger_zap");
        Assert.Equal(ToolErrorCodes.NotFound, zap.GetProperty("errorCode").GetString());
        Assert.False(zap.GetProperty("hasStructured").GetBoolean());
        var refused = run.Steps("create_booking").Last();
        Assert.Equal(ToolErrorCodes.OutsideOpeningHours, refused.GetProperty("errorCode").GetString());
        Assert.False(refused.GetProperty("hasStructured").GetBoolean());
        Assert.True(run.Step("unknown_tool").GetProperty("threw").GetBoolean());
    }

    private static IEnumerable<string?> ToolNames(JsonElement listed) =>
        listed.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()).Order(StringComparer.Ordinal);

    /// <summary>The built tool host (<c>OpenBooking.Tools --stdio</c>), as a local client such as Claude Desktop starts it.</summary>
    private static class StdioHost
    {
        public static string Command => Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "OpenBooking.Tools.exe" : "OpenBooking.Tools");

        public static string[] Arguments => ["--stdio"];

        public static Dictionary<string, string> Environment(string dataDirectory) => new()
        {
            ["Storage__DataDirectory"] = dataDirectory,
            ["DOTNET_ENVIRONMENT"] = "Development",
        };
    }
}

/// <summary>One run of a Node client: the JSON lines it printed, by step.</summary>
public sealed record NodeRun(IReadOnlyList<JsonElement> Lines)
{
    public IEnumerable<JsonElement> Steps(string name) => Lines.Where(l => l.GetProperty("step").GetString() == name);

    public JsonElement Step(string name) => Steps(name).Single();
}

/// <summary>Installs the pinned npm packages once and runs Node clients with a deadline: a client that hangs fails the test.</summary>
internal static class NodeClients
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);
    private static readonly Lazy<Task> Installed = new(InstallAsync);

    private static string Folder => Path.Combine(SolutionFolder.Find(AppContext.BaseDirectory)!, "OpenBooking.Tests", "Mcp", "Node");

    public static Task<NodeRun> RunAsync(string script, params string[] arguments) => RunAsync(script, arguments, null);

    public static async Task<NodeRun> RunAsync(string script, string[] arguments, IReadOnlyDictionary<string, string>? environment)
    {
        var (exitCode, output, error) = await ExecAsync("node", [script, .. arguments], environment);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone())
            .ToList();
        Assert.True(exitCode == 0, $"{script} exited with {exitCode}.\n{output}\n{error}");
        return new NodeRun(lines);
    }

    /// <summary>The MCP Inspector CLI's JSON answer. A stdio server it starts inherits <paramref name="environment"/>.</summary>
    public static async Task<JsonElement> InspectorAsync(string[] arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var cli = Path.Combine("node_modules", "@modelcontextprotocol", "inspector", "cli", "build", "index.js");
        var (exitCode, output, error) = await ExecAsync("node", [cli, .. arguments], environment);
        Assert.True(exitCode == 0, $"The inspector exited with {exitCode}.\n{output}\n{error}");
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    private static async Task InstallAsync()
    {
        if (File.Exists(Path.Combine(Folder, "node_modules", "@modelcontextprotocol", "sdk", "package.json"))
            && File.Exists(Path.Combine(Folder, "node_modules", "@modelcontextprotocol", "inspector", "package.json")))
        {
            return;
        }
        var (exitCode, output, error) = await ExecAsync("npm", ["ci", "--no-audit", "--no-fund"], null, install: false);
        Assert.True(exitCode == 0, $"npm ci failed in {Folder}:\n{output}\n{error}");
    }

    private static async Task<(int ExitCode, string Output, string Error)> ExecAsync(
        string command, string[] arguments, IReadOnlyDictionary<string, string>? environment, bool install = true)
    {
        if (install)
        {
            await Installed.Value;
        }
        var info = new ProcessStartInfo(command)
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(Deadline);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{command} {string.Join(' ', arguments)} did not finish within {Deadline.TotalSeconds:0} s (a client left hanging).");
        }
        return (process.ExitCode, await output, await error);
    }
}
