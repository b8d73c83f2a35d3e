using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Events;

namespace OpenBooking.Tools.Notifications;

/// <summary>What one <see cref="OutboxDispatcher.DispatchDueAsync"/> pass did.</summary>
public sealed record DispatchResult(int Delivered, int Failed);

/// <summary>
/// Delivers the transactional outbox: every due message (unprocessed, <see cref="OutboxMessage.NextAttemptAt"/>
/// reached, fewer than <see cref="NotificationsOptions.MaxAttempts"/> tries) goes to every
/// <see cref="IBookingEventHandler"/>, oldest first.
/// </summary>
/// <remarks>
/// Several processes may share the database (the web app, the stdio tool host): each message is claimed with one
/// UPDATE that moves its <see cref="OutboxMessage.NextAttemptAt"/> a lease ahead only while it is still due, and
/// only the process whose UPDATE changed the row delivers it. A process that dies mid-delivery leaves the lease to
/// run out, and the message is tried again. A failure schedules the next try with exponential backoff and keeps
/// the error (without URLs, which may hold secrets) in <see cref="OutboxMessage.LastError"/>. After the last try
/// the message stays unprocessed and visible; setting its Attempts back to 0 tries again.
/// <para>
/// Handlers that succeeded for a message are remembered while the message is retried in this process, so a
/// failing webhook does not send the confirmation email again; after a restart or when another process takes the
/// retry they may run again (at least once).
/// </para>
/// </remarks>
public sealed partial class OutboxDispatcher(
    IDbContextFactory<OpenBookingDbContext> dbFactory,
    IEnumerable<IBookingEventHandler> handlers,
    OutboxSignal signal,
    IClock clock,
    IOptionsMonitor<NotificationsOptions> options,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    /// <summary>How long a claimed message is left to its dispatcher before another may take it.</summary>
    public static readonly Duration Lease = Duration.FromMinutes(5);

    /// <summary>Waits after the 1st, 2nd, ... failure; the last one repeats.</summary>
    public static readonly IReadOnlyList<Duration> Backoff =
    [
        Duration.FromSeconds(30),
        Duration.FromMinutes(2),
        Duration.FromMinutes(10),
        Duration.FromMinutes(30),
        Duration.FromHours(1),
        Duration.FromHours(2),
        Duration.FromHours(4),
        Duration.FromHours(8),
    ];

    private readonly IReadOnlyList<IBookingEventHandler> _handlers = [.. handlers];
    private readonly ConcurrentDictionary<long, HashSet<string>> _succeeded = new();

    public static Duration BackoffAfter(int failedAttempts) => Backoff[Math.Clamp(failedAttempts, 1, Backoff.Count) - 1];

    /// <summary>Delivers every message that is due now, in batches, and returns what happened.</summary>
    public async Task<DispatchResult> DispatchDueAsync(CancellationToken cancellationToken = default)
    {
        var delivered = 0;
        var failed = 0;
        while (true)
        {
            var settings = options.CurrentValue;
            var now = clock.GetCurrentInstant();
            List<long> due;
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                due = await db.OutboxMessages.AsNoTracking()
                    .Where(m => m.ProcessedAt == null && m.NextAttemptAt <= now && m.Attempts < settings.MaxAttempts)
                    .OrderBy(m => m.Id)
                    .Select(m => m.Id)
                    .Take(settings.BatchSize)
                    .ToListAsync(cancellationToken);
            }
            foreach (var id in due)
            {
                switch (await TryDeliverAsync(id, now, settings.MaxAttempts, cancellationToken))
                {
                    case true:
                        delivered++;
                        break;
                    case false:
                        failed++;
                        break;
                }
            }
            // Claimed, delivered and failed messages are no longer due, so a full batch means there may be more.
            if (due.Count < settings.BatchSize)
            {
                return new DispatchResult(delivered, failed);
            }
        }
    }

    /// <returns>True when delivered, false when it failed, null when another dispatcher had it.</returns>
    private async Task<bool?> TryDeliverAsync(long id, Instant now, int maxAttempts, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var leaseUntil = now + Lease;
        // The claim counts as an attempt, so a message that crashes the process is not retried forever.
        var claimed = await db.OutboxMessages
            .Where(m => m.Id == id && m.ProcessedAt == null && m.NextAttemptAt <= now && m.Attempts < maxAttempts)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.NextAttemptAt, leaseUntil)
                .SetProperty(m => m.Attempts, m => m.Attempts + 1), cancellationToken);
        if (claimed != 1)
        {
            return null;
        }

        var message = await db.OutboxMessages.SingleAsync(m => m.Id == id, cancellationToken);
        var booking = await db.Bookings.AsNoTracking().Include(b => b.Service)
            .FirstOrDefaultAsync(b => b.Id == message.BookingId, cancellationToken);
        if (booking is null)
        {
            logger.LogWarning("Outbox message {MessageId} ({Type}) is for booking {BookingId}, which no longer exists", id, message.Type, message.BookingId);
            await CompleteAsync(db, message, "The booking no longer exists.", cancellationToken);
            return true;
        }

        var bookingEvent = new BookingEvent(message.Id, message.Type, message.Sequence, message.OccurredAt, booking)
        {
            Previous = message is { PreviousStart: { } from, PreviousEnd: { } to } ? new Interval(from, to) : null,
        };
        var succeeded = _succeeded.GetOrAdd(id, _ => []);
        foreach (var handler in _handlers)
        {
            if (succeeded.Contains(handler.Name))
            {
                continue;
            }
            try
            {
                await handler.HandleAsync(bookingEvent, cancellationToken);
                succeeded.Add(handler.Name);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await ReleaseAsync(id, now);
                throw;
            }
            catch (Exception ex)
            {
                var retryAt = clock.GetCurrentInstant() + BackoffAfter(message.Attempts);
                var gaveUp = message.Attempts >= maxAttempts;
                logger.LogWarning(ex, "Outbox message {MessageId} ({Type}) failed in handler {Handler} on attempt {Attempt}; {Next}",
                    id, message.Type, handler.Name, message.Attempts, gaveUp ? "giving up" : $"retrying at {retryAt}");
                message.LastError = Truncate($"{handler.Name}: {ex.GetType().Name}: {Redact(ex.Message)}", 2000);
                message.NextAttemptAt = retryAt;
                await db.SaveChangesAsync(CancellationToken.None);
                if (gaveUp)
                {
                    _succeeded.TryRemove(id, out _);
                }
                return false;
            }
        }
        await CompleteAsync(db, message, null, cancellationToken);
        _succeeded.TryRemove(id, out _);
        return true;
    }

    private async Task CompleteAsync(OpenBookingDbContext db, OutboxMessage message, string? note, CancellationToken cancellationToken)
    {
        message.ProcessedAt = clock.GetCurrentInstant();
        message.LastError = note;
        // The handlers ran: record it even when the host is stopping, or they would run again.
        await db.SaveChangesAsync(cancellationToken.IsCancellationRequested ? CancellationToken.None : cancellationToken);
    }

    /// <summary>Stopping mid-delivery is not the message's fault: make it due again and give the attempt back.</summary>
    private async Task ReleaseAsync(long id, Instant now)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            await db.OutboxMessages
                .Where(m => m.Id == id && m.ProcessedAt == null)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.NextAttemptAt, now)
                    .SetProperty(m => m.Attempts, m => m.Attempts - 1));
        }
        catch (Exception ex)
        {
            logger.LogInformation(ex, "Outbox message {MessageId} could not be released at shutdown; it is retried when its lease ends", id);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.CurrentValue.RunInBackground)
        {
            return;
        }
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DispatchDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database may be busy, being migrated or going away at shutdown: try again at the next poll.
                logger.LogWarning(ex, "Outbox dispatch pass failed; trying again in {Seconds} s", options.CurrentValue.PollSeconds);
            }
            try
            {
                await signal.WaitAsync(TimeSpan.FromSeconds(options.CurrentValue.PollSeconds), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Error texts may quote a webhook or API URL, whose path or query is often the secret: keep only the host.</summary>
    internal static string Redact(string text) => UrlRegex().Replace(text, m => $"{m.Groups[1].Value}/…");

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    [GeneratedRegex(@"\b(https?://[^/\s""'<>]+)[^\s""'<>]*", RegexOptions.IgnoreCase)]
    private static partial Regex UrlRegex();
}
