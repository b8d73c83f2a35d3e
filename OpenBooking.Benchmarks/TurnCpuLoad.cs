using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using OpenBooking.Web.Chat;

namespace OpenBooking.Benchmarks;

/// <summary>
/// Chat turns on the built-in engine, one after another, as the chat page sends them (<c>... -- turn-cpu 400</c> for
/// 400 turns per message): per message, the wall-clock p50 and p99 of a turn, and the process's CPU time per turn. On a
/// shared machine the wall clock swings with other people's builds; CPU time per turn swings much less, so it is the
/// figure to compare before and after a change.
/// </summary>
internal static class TurnCpuLoad
{
    private static readonly string[] Messages = ["is 10am free next monday?", "what are your opening hours?", "hello"];

    public static async Task<int> RunAsync(int turns)
    {
        await using var host = await BenchmarkHost.StartAsync(configure: services => services.AddChat());
        var chat = host.Services.GetRequiredService<ChatService>();
        foreach (var message in Messages)
        {
            var conversation = Guid.NewGuid();
            await chat.OpenAsync(conversation);
            for (var warm = 0; warm < 30; warm++)
            {
                await chat.SendAsync(conversation, message);
            }

            var times = new double[turns];
            var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            var clock = new Stopwatch();
            for (var i = 0; i < turns; i++)
            {
                clock.Restart();
                await chat.SendAsync(conversation, message);
                times[i] = clock.Elapsed.TotalMilliseconds;
            }
            process.Refresh();
            var cpu = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds / turns;
            Array.Sort(times);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"\"{message}\": {turns} turns, p50 {Percentile(times, 50):F2} ms, p99 {Percentile(times, 99):F2} ms, {cpu:F2} ms CPU per turn"));
        }
        return 0;
    }

    private static double Percentile(double[] sorted, int percentile) =>
        sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1)];
}
