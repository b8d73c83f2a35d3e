using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace OpenBooking.Benchmarks;

/// <summary>
/// Latency of a chat turn with P50 and P99 columns over the measured iterations (each iteration is the mean of many
/// turns in a row: one turn per iteration measured the timer and the scheduler of a shared machine more than the turn).
/// </summary>
public sealed class TurnLatencyConfig : ManualConfig
{
    public TurnLatencyConfig()
    {
        AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithWarmupCount(3)
            .WithIterationCount(40)
            .WithId("InProcess"));
        AddColumn(new PercentileColumn(50), new PercentileColumn(99));
    }

    private sealed class PercentileColumn(int percentile) : IColumn
    {
        public string Id => $"P{percentile}";
        public string ColumnName => $"P{percentile}";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Statistics;
        public int PriorityInCategory => percentile;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Time;
        public string Legend => $"{percentile}th percentile of iteration means";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
            summary[benchmarkCase]?.ResultStatistics is { } statistics
                ? (statistics.Percentiles.Percentile(percentile) / 1_000_000).ToString("0.00 'ms'", CultureInfo.InvariantCulture)
                : "NA";

        public bool IsAvailable(Summary summary) => true;
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }
}
