using System.Diagnostics;
using System.Text.RegularExpressions;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using OpenBooking.Tests.Mcp;
using OpenBooking.Tools.Calendar;
using OpenBooking.Tools.Mcp;

namespace OpenBooking.Tests.Calendar;

/// <summary>
/// No double booking, ever: many simultaneous create_booking calls for one slot, through the real MCP endpoint,
/// and through two app processes sharing one database file. Exactly one wins.
/// </summary>
public sealed partial class DoubleBookingTests(McpWebHost app) : IClassFixture<McpWebHost>
{
    private static string SlotStart(int weeksLater) =>
        McpWebHost.UpcomingMonday(weeksLater).At(new NodaTime.LocalTime(14, 0)).ToString("uuuu-MM-ddTHH:mm", null);

    private static Task<CallToolResult> BookAsync(McpClient client, string email, string start) =>
        client.CallToolAsync("create_booking", new Dictionary<string, object?> { ["email"] = email, ["start"] = start }).AsTask();

    [Fact]
    public async Task CreateBooking_TwentyParallelClientsOverMcp_ExactlyOneWins()
    {
        var start = SlotStart(weeksLater: 2);
        var clients = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => app.ConnectAsync()));
        try
        {
            var results = await Task.WhenAll(clients.Select((client, i) => Task.Run(() => BookAsync(client, $"racer{i}@example.com", start))));

            Assert.Single(results, r => r.IsError != true);
            Assert.All(results.Where(r => r.IsError == true), r => Assert.True(r.ErrorCode() == ToolErrorCodes.SlotTaken, r.ErrorText()));
            var bookings = (await BookAsync(clients[0], "late@example.com", start)).ErrorText();
            Assert.Contains("already booked", bookings);
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task CreateBooking_TwoAppProcessesOnOneDatabase_ExactlyOneWins()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("openbooking-two-processes-").FullName;
        var start = SlotStart(weeksLater: 3);
        AppProcess? first = null, second = null;
        try
        {
            first = await AppProcess.StartAsync(dataDirectory);
            second = await AppProcess.StartAsync(dataDirectory);
            var clients = new List<McpClient>();
            foreach (var process in new[] { first, second })
            {
                for (var i = 0; i < 6; i++)
                {
                    clients.Add(await process.ConnectAsync());
                }
            }

            var results = await Task.WhenAll(clients.Select((client, i) => Task.Run(() => BookAsync(client, $"process-racer{i}@example.com", start))));

            Assert.Single(results, r => r.IsError != true);
            Assert.All(results.Where(r => r.IsError == true), r => Assert.True(r.ErrorCode() == ToolErrorCodes.SlotTaken, r.ErrorText()));
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
        finally
        {
            first?.Dispose();
            second?.Dispose();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    /// <summary>The built web app as a separate OS process on its own port.</summary>
    private sealed partial class AppProcess : IDisposable
    {
        private const string Key = "two-process-key";
        private readonly Process _process;

        private AppProcess(Process process, Uri address)
        {
            _process = process;
            Address = address;
        }

        public Uri Address { get; }

        public static async Task<AppProcess> StartAsync(string dataDirectory)
        {
            var info = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "OpenBooking.Web.exe" : "OpenBooking.Web"))
            {
                ArgumentList = { "--urls", "http://127.0.0.1:0" },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = dataDirectory,
            };
            info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            info.Environment["Storage__DataDirectory"] = dataDirectory;
            info.Environment["Mcp__ApiKeys__0"] = Key;
            info.Environment["Logging__LogLevel__Default"] = "Information";
            var process = Process.Start(info)!;
            process.ErrorDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (ListeningRegex().Match(line) is { Success: true } match)
                {
                    // Keep draining stdout so the app never blocks on a full pipe.
                    _ = Task.Run(async () =>
                    {
                        while (await process.StandardOutput.ReadLineAsync() is not null)
                        {
                        }
                    });
                    return new AppProcess(process, new Uri(match.Groups[1].Value));
                }
            }
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException("The app process ended before it listened.");
        }

        public Task<McpClient> ConnectAsync() => McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(Address, "/mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {Key}" },
        }));

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }
            _process.Dispose();
        }

        [GeneratedRegex(@"Now listening on: (http://\S+)")]
        private static partial Regex ListeningRegex();
    }
}
