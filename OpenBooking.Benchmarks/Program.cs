using BenchmarkDotNet.Running;

namespace OpenBooking.Benchmarks;

/// <summary>
/// Runs the benchmarks: <c>dotnet run -c Release --project OpenBooking.Benchmarks -- --filter '*'</c>, or the
/// memory per chat customer and the chat's time to interactive: <c>... -- circuits 40 [OpenBooking.Web.dll of another build]</c>, the parser's CPU-time throughput: <c>... -- parser-cpu 200</c>, chat turns' latency and CPU time: <c>... -- turn-cpu 400</c>, or tools/call over HTTP: <c>... -- mcp-http &lt;url&gt; &lt;key&gt;</c>
/// (see <see cref="McpHttpLoad"/>), or booking writes under load: <c>... -- booking-load sqlite 8 1</c> (see <see cref="BookingWriteLoad"/>).
/// </summary>
internal static class BenchmarksProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args is ["circuits", var count, .. var other])
        {
            return await CircuitMemoryLoad.RunAsync(int.Parse(count, System.Globalization.CultureInfo.InvariantCulture), other.FirstOrDefault());
        }
        if (args is ["parser-cpu", var rounds])
        {
            return ParserCpuLoad.Run(int.Parse(rounds, System.Globalization.CultureInfo.InvariantCulture));
        }
        if (args is ["turn-cpu", var turns])
        {
            return await TurnCpuLoad.RunAsync(int.Parse(turns, System.Globalization.CultureInfo.InvariantCulture));
        }
        if (args is ["booking-load", .. var load])
        {
            return await BookingWriteLoad.RunAsync(load);
        }
        if (args is ["mcp-http", .. var rest])
        {
            return await McpHttpLoad.RunAsync(rest);
        }
        BenchmarkSwitcher.FromAssembly(typeof(BenchmarksProgram).Assembly).Run(args);
        return 0;
    }
}
