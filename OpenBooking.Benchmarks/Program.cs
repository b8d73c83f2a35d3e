using BenchmarkDotNet.Running;

namespace OpenBooking.Benchmarks;

/// <summary>Runs the benchmarks: <c>dotnet run -c Release --project OpenBooking.Benchmarks -- --filter '*'</c>.</summary>
internal static class BenchmarksProgram
{
    public static void Main(string[] args) =>
        BenchmarkSwitcher.FromAssembly(typeof(BenchmarksProgram).Assembly).Run(args);
}
