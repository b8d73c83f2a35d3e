using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Calendar;
using OpenBooking.Tools.Email;
using OpenBooking.Tools.Hosting;

namespace OpenBooking.Benchmarks;

/// <summary>
/// Booking writes under load, as a caller of the MCP tool sees them: <c>create_booking</c> through the co-hosted
/// server (the SDK's request pipeline, the telemetry and error filters, the usage rows), with the outbox dispatcher,
/// the reminder scheduler and the usage writer running beside it as in the app. Prints p50/p95/p99 latency, bookings
/// per second, and the SQL commands per booking (on the request path, and in all including the background work),
/// then the same for the floor: the same rows written by hand-written SQL on a fresh database of the same kind.
/// <code>dotnet run -c Release --project OpenBooking.Benchmarks -- booking-load sqlite|postgresql [clients] [instances] [bookings] [quiet]</code>
/// <c>quiet</c> leaves the dispatcher and reminder scheduler off, to see the request path's own cost; <c>direct</c> also
/// calls <c>BookingService.CreateAsync</c> instead of the tool, to see what the MCP call adds.
/// Instances are separate hosts in this process sharing one database (one SQLite file, or one PostgreSQL database on
/// a throwaway cluster started like the tests'); clients are spread over them round-robin.
/// </summary>
internal static class BookingWriteLoad
{
    private const int WarmUpPerInstance = 50;
    private static readonly DateTimeZone Brussels = DateTimeZoneProviders.Tzdb["Europe/Brussels"];
    private static readonly LocalDate FirstDay = new(2026, 3, 2);

    public static async Task<int> RunAsync(string[] args)
    {
        var postgres = args is ["postgresql", ..];
        var clients = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1;
        var instances = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1;
        var bookings = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 400;
        var background = !args.Contains("quiet") && !args.Contains("direct");
        Direct = args.Contains("direct");
        var label = $"{(postgres ? "postgresql" : "sqlite")}, {instances} instance(s), {clients} client(s)";

        var slots = Slots(bookings + (WarmUpPerInstance * instances));
        using (var counter = new SqlCommandCounter("execute_tool create_booking"))
        {
            var app = await MeasureAppAsync(postgres, clients, instances, slots, counter, background);
            Console.WriteLine($"{label}, {(Direct ? "BookingService.CreateAsync" : "create_booking over MCP")}{(background ? "" : " (no background work)")}: {app.Describe()}; per booking: {counter.Describe(bookings)}");
        }
        var floor = await BookingWriteFloor.MeasureAsync(postgres, clients, slots[(WarmUpPerInstance * instances)..], Brussels);
        Console.WriteLine($"{label}, hand-written SQL floor: {floor.Describe()}");
        return 0;
    }

    private static async Task<LoadResult> MeasureAppAsync(bool postgres, int clients, int instances, LocalDateTime[] slots, SqlCommandCounter counter, bool background)
    {
        var settings = new Dictionary<string, string?>
        {
            // As in the app: the dispatcher delivers the confirmations (to the pickup folder) while bookings are made.
            ["Notifications:RunInBackground"] = background ? "true" : "false",
        };
        if (postgres)
        {
            foreach (var (key, value) in await PostgreSqlServer.SettingsAsync())
            {
                settings[key] = value;
            }
        }
        var now = FirstDay.At(new LocalTime(8, 0)).InZoneStrictly(Brussels).ToInstant();
        var hosts = new List<BenchmarkHost> { await BenchmarkHost.StartAsync(now, settings: settings) };
        try
        {
            for (var i = 1; i < instances; i++)
            {
                hosts.Add(await BenchmarkHost.StartAsync(now, settings: settings, dataDirectory: hosts[0].DataDirectory));
            }
            var next = 0;
            foreach (var host in hosts)
            {
                for (var i = 0; i < WarmUpPerInstance; i++, next++)
                {
                    await BookAsync(host, next, slots[next]);
                }
            }
            counter.Reset();
            var measured = slots[next..];
            // Called directly, the bookings' commands are told apart by their async flow rather than the tool's span.
            using var direct = Direct ? counter.Measure() : null;
            var result = await LoadResult.RunAsync(clients, measured.Length, (client, index) =>
                BookAsync(hosts[client % hosts.Count], next + index, measured[index]));
            counter.Stop();
            return result;
        }
        finally
        {
            for (var i = hosts.Count - 1; i >= 0; i--)
            {
                await hosts[i].DisposeAsync();
            }
        }
    }

    private static bool Direct { get; set; }

    private static async Task BookAsync(BenchmarkHost host, int n, LocalDateTime slot)
    {
        var email = $"customer{n}@example.com";
        if (Direct)
        {
            await host.Services.GetRequiredService<BookingService>().CreateAsync(email, slot);
            return;
        }
        var (token, _) = host.Services.GetRequiredService<VerificationTokenService>().Issue(email);
        var result = await host.Services.GetRequiredService<InMemoryToolClients>().CallAsync("create_booking", new Dictionary<string, object?>
        {
            ["email"] = email,
            ["start"] = slot.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture),
            ["verificationToken"] = token,
        });
        if (result.IsError == true)
        {
            throw new InvalidOperationException($"create_booking failed for {slot}: {string.Join(" ", result.Content)}");
        }
    }

    /// <summary>Distinct one-hour slots on weekdays, 09:00-17:00, from the first Monday on.</summary>
    private static LocalDateTime[] Slots(int count) =>
        [.. Enumerable.Range(0, 2000).Select(FirstDay.PlusDays)
            .Where(d => d.DayOfWeek <= IsoDayOfWeek.Friday)
            .SelectMany(d => Enumerable.Range(9, 8).Select(h => d.At(new LocalTime(h, 0))))
            .Take(count)];
}

/// <summary>
/// Latencies and throughput of one run: <c>clients</c> callers share <c>count</c> operations. <see cref="CpuTime"/> is
/// the whole process's (background work included), steadier than wall time on a shared machine.
/// </summary>
internal sealed record LoadResult(int Count, TimeSpan Elapsed, double[] SortedMilliseconds, TimeSpan CpuTime)
{
    public static async Task<LoadResult> RunAsync(int clients, int count, Func<int, int, Task> operation)
    {
        var samples = new double[count];
        var taken = -1;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref taken)) < count)
            {
                var at = Stopwatch.GetTimestamp();
                await operation(client, index);
                samples[index] = Stopwatch.GetElapsedTime(at).TotalMilliseconds;
            }
        })));
        var elapsed = Stopwatch.GetElapsedTime(started);
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        Array.Sort(samples);
        return new LoadResult(count, elapsed, samples, cpu);
    }

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Count} bookings in {Elapsed.TotalSeconds:F2} s, {Count / Elapsed.TotalSeconds:F0} bookings/s, p50 {At(0.50):F2} ms, p95 {At(0.95):F2} ms, p99 {At(0.99):F2} ms, max {SortedMilliseconds[^1]:F1} ms, CPU {CpuTime.TotalMilliseconds / Count:F2} ms per booking");

    private double At(double quantile) => SortedMilliseconds[Math.Min(SortedMilliseconds.Length - 1, (int)(SortedMilliseconds.Length * quantile))];
}
