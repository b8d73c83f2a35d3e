using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace OpenBooking.Tests.TestSupport;

/// <summary>
/// A real, throwaway PostgreSQL server for the tests: one cluster per test run (initdb in a temporary folder, a free
/// port, trust authentication, no fsync), started on first use and stopped when the test process exits; each test gets
/// a database of its own. <c>.ci/run</c> installs PostgreSQL with apt-get; the binaries are found in
/// <c>/usr/lib/postgresql/&lt;version&gt;/bin</c> or on the PATH.
/// </summary>
public sealed class PostgreSqlServer
{
    private static readonly Lazy<Task<PostgreSqlServer>> Shared = new(StartAsync);
    private static int databases;

    private readonly string directory;
    private readonly string bin;

    private PostgreSqlServer(string directory, string bin, int port)
    {
        this.directory = directory;
        this.bin = bin;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The run's server, started on first use.</summary>
    public static Task<PostgreSqlServer> GetAsync() => Shared.Value;

    /// <summary>A new empty database; returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var server = await GetAsync();
        var name = $"openbooking_{Environment.ProcessId}_{Interlocked.Increment(ref databases)}";
        await using (var connection = new NpgsqlConnection(server.ConnectionString("postgres")))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        return server.ConnectionString(name);
    }

    /// <summary>Settings that put a test host on a new PostgreSQL database.</summary>
    public static async Task<Dictionary<string, string?>> SettingsAsync() => new()
    {
        ["Database:Provider"] = "PostgreSql",
        ["ConnectionStrings:OpenBooking"] = await CreateDatabaseAsync(),
    };

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database, Pooling = true }.ToString();

    private static async Task<PostgreSqlServer> StartAsync()
    {
        var bin = FindBinaries();
        var directory = Path.Combine(Path.GetTempPath(), $"openbooking-pg-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            // PostgreSQL refuses to run as root: the cluster belongs to the postgres user the package creates.
            await RunAsync("chown", ["postgres", directory]);
        }
        var port = FreePort();
        await RunAsync(asRoot, Path.Combine(bin, "initdb"), ["-D", directory, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]);
        await RunAsync(asRoot, Path.Combine(bin, "pg_ctl"),
        [
            "-D", directory, "-l", Path.Combine(directory, "log"), "-w", "start",
            "-o", $"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
        ]);
        var server = new PostgreSqlServer(directory, bin, port);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop(asRoot);
        return server;
    }

    private void Stop(bool asRoot)
    {
        try
        {
            RunAsync(asRoot, Path.Combine(bin, "pg_ctl"), ["-D", directory, "-m", "immediate", "stop"]).Wait(TimeSpan.FromSeconds(20));
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception)
        {
            // The run is over; a leftover folder in /tmp is all that can remain.
        }
    }

    private static string FindBinaries()
    {
        var versions = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0).ToList()
            : [];
        if (versions.Count > 0)
        {
            return versions[0];
        }
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")));
        return onPath ?? throw new InvalidOperationException(
            "PostgreSQL is not installed: the PostgreSQL tests need initdb and pg_ctl (apt-get install postgresql; .ci/run does it).");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Task RunAsync(bool asRoot, string file, IReadOnlyList<string> arguments) =>
        asRoot ? RunAsync("runuser", ["-u", "postgres", "--", file, .. arguments]) : RunAsync(file, arguments);

    private static async Task RunAsync(string file, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/tmp" };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await output}{await error}");
        }
    }
}
