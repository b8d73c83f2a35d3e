using System.ComponentModel.DataAnnotations;
using System.Data.Common;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using OpenBooking.Tools.Data;

namespace OpenBooking.Tools.Diagnostics;

public sealed class ToolUsageOptions
{
    public const string Section = "Usage";

    /// <summary>How long tool-call rows are kept for the Usage page (<c>Usage:RetentionDays</c>).</summary>
    [Range(1, 3650, ErrorMessage = "Usage:RetentionDays must be between 1 and 3650 days.")]
    public int RetentionDays { get; set; } = 90;
}

/// <summary>
/// Takes tool-call rows without making the call wait for the database: a bounded queue that
/// <see cref="ToolUsageWriter"/> drains in batches. When the queue is full (the database is far behind), rows are
/// dropped and counted rather than slowing the tools down.
/// </summary>
public sealed class ToolUsageRecorder
{
    public const int Capacity = 10_000;

    private readonly Channel<ToolCallEntry> _queue = Channel.CreateBounded<ToolCallEntry>(new BoundedChannelOptions(Capacity)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    private long _dropped;

    public void Record(ToolCallEntry entry)
    {
        if (!_queue.Writer.TryWrite(entry))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    internal ChannelReader<ToolCallEntry> Reader => _queue.Reader;

    /// <summary>Rows dropped since the last call, because the queue was full or the app was stopping.</summary>
    internal long TakeDroppedCount() => Interlocked.Exchange(ref _dropped, 0);

    /// <summary>No more rows: the writer saves what is queued and stops.</summary>
    internal void Complete() => _queue.Writer.TryComplete();
}

/// <summary>
/// Saves queued tool-call rows in batches, and deletes rows older than <see cref="ToolUsageOptions.RetentionDays"/>
/// at start and then at most once an hour. On shutdown it saves what is still queued.
/// </summary>
internal sealed class ToolUsageWriter(
    ToolUsageRecorder recorder,
    IDbContextFactory<OpenBookingDbContext> dbFactory,
    SqliteWriteGate writes,
    IOptions<ToolUsageOptions> options,
    IClock clock,
    ILogger<ToolUsageWriter> logger) : BackgroundService
{
    private const int BatchSize = 200;
    private static readonly Duration PruneEvery = Duration.FromHours(1);

    private Instant _lastPrune;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await PruneAsync(stoppingToken);
        var batch = new List<ToolCallEntry>(BatchSize);
        // Not cancelled by stoppingToken: StopAsync completes the queue, and the loop ends once it is drained.
        while (await recorder.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < BatchSize && recorder.Reader.TryRead(out var entry))
            {
                batch.Add(entry);
            }
            await SaveAsync(batch);
            batch.Clear();
            if (clock.GetCurrentInstant() - _lastPrune >= PruneEvery && !stoppingToken.IsCancellationRequested)
            {
                await PruneAsync(stoppingToken);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        recorder.Complete();
        await base.StopAsync(cancellationToken);
    }

    private async Task SaveAsync(List<ToolCallEntry> batch)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            db.ToolCalls.AddRange(batch);
            using var turn = await writes.EnterAsync();
            await db.SaveChangesAsync();
        }
        catch (Exception ex) when (ex is DbUpdateException or DbException)
        {
            logger.LogWarning(ex, "Could not save {Count} tool-call rows for the Usage page; they are left out.", batch.Count);
        }
        if (recorder.TakeDroppedCount() is > 0 and var dropped)
        {
            logger.LogWarning("{Count} tool calls were not recorded for the Usage page: the queue of {Capacity} was full.", dropped, ToolUsageRecorder.Capacity);
        }
    }

    private async Task PruneAsync(CancellationToken cancellationToken)
    {
        _lastPrune = clock.GetCurrentInstant();
        var cutoff = _lastPrune - Duration.FromDays(options.Value.RetentionDays);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var deleted = await db.ToolCalls.Where(e => e.At < cutoff).ExecuteDeleteAsync(cancellationToken);
            if (deleted > 0)
            {
                logger.LogInformation("Deleted {Count} tool-call rows older than {Days} days.", deleted, options.Value.RetentionDays);
            }
        }
        catch (DbException ex)
        {
            // The next hour tries again; an old row more or less on the Usage page is no reason to stop the app.
            logger.LogWarning(ex, "Could not delete tool-call rows older than {Days} days.", options.Value.RetentionDays);
        }
    }
}
