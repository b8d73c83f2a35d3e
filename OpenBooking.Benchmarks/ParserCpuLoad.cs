using System.Diagnostics;
using System.Globalization;
using NodaTime;
using OpenBooking.Web.Agent.Understanding;

namespace OpenBooking.Benchmarks;

/// <summary>
/// Parses the test corpus round after round on one thread and reports sentences per second of this process's CPU time
/// (<c>... -- parser-cpu 200</c> for 200 rounds). On a shared machine wall-clock benchmarks swing with other people's
/// builds; CPU time of the process swings much less, so before/after comparisons of the parser use this as well.
/// </summary>
internal static class ParserCpuLoad
{
    public static int Run(int rounds)
    {
        var parser = new SchedulingParser();
        var corpus = ParserBenchmarks.Corpus;
        for (var warm = 0; warm < 20; warm++)
        {
            ParseAll(parser, corpus);
        }

        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var bytesBefore = GC.GetAllocatedBytesForCurrentThread();
        for (var round = 0; round < rounds; round++)
        {
            ParseAll(parser, corpus);
        }
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        var bytes = GC.GetAllocatedBytesForCurrentThread() - bytesBefore;
        var sentences = (double)rounds * corpus.Length;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{sentences:F0} sentences in {cpu.TotalMilliseconds:F0} ms CPU: {sentences / cpu.TotalSeconds:F0} sentences per CPU second, {bytes / sentences:F0} bytes allocated per sentence"));
        return 0;
    }

    private static void ParseAll(SchedulingParser parser, (string Text, ZonedDateTime Now)[] corpus)
    {
        foreach (var (text, now) in corpus)
        {
            parser.Parse(text, now);
        }
    }
}
