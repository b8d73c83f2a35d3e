using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace OpenBooking.Benchmarks;

/// <summary>
/// Runs benchmarks in-process: the net9 self-contained build needs no second toolchain build, and runs stay short
/// (3 warm-ups, 15 measured iterations).
/// </summary>
public sealed class InProcessConfig : ManualConfig
{
    public InProcessConfig() =>
        AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithWarmupCount(3)
            .WithIterationCount(15)
            .WithId("InProcess"));
}
