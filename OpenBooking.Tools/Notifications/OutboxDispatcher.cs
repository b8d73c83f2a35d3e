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
/// Several processes may share the database (the web app, the stdio tool host, other instances): a batch of messages is
/// claimed with one UPDATE that moves each one's <see cref="OutboxMessage.NextAttemptAt"/> a lease ahead only while it
/// is still due, and only the process whose UPDATE changed a row delivers it. Each database write (the claim, then one
/// per message when it is done or failed) is a statement of its own: no transaction stays open while handlers send. A
/// process that dies mid-delivery leaves the lease to run out, and the message is tried again. A failure schedules the next try with exponential backoff and keeps
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
    SqliteWriteGate writes,
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
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var claimed = await ClaimAsync(db, now, settings, cancellationToken);
            if (claimed.Count > 0)
            {
                var ids = claimed.ConvertAll(m => m.BookingId);
                var bookings = await db.Bookings.AsNoTracking().Include(b => b.Service)
                    .Where(b => ids.Contains(b.Id))
                    .ToDictionaryAsync(b => b.Id, cancellationToken);
                for (var i = 0; i < claimed.Count; i++)
                {
                    try
                    {
                        if (await DeliverAsync(db, claimed[i], bookings.GetValueOrDefault(claimed[i].BookingId), settings.MaxAttempts, cancellationToken))
                        {
                            delivered++;
                        }
                        else
                        {
                            failed++;
                        }
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        await ReleaseAsync(claimed[i..].ConvertAll(m => m.Id), now);
                        throw;
                    }
                }
            }
            // Claimed, delivered and failed messages are no longer due, so a full batch means there may be more.
            if (claimed.Count < settings.BatchSize)
            {
                return new DispatchResult(delivered, failed);
            }
        }
    }

    /// <summary>
    /// Claims up to a batch of due messages with one UPDATE that moves each one's <see cref="OutboxMessage.NextAttemptAt"/> a
    /// lease ahead and counts the attempt, and returns them as they are now. The claim is one short statement of its own:
    /// no write lock or transaction is held while the handlers work. A message another dispatcher claimed first is no
    /// longer due when this UPDATE reaches it (PostgreSQL re-checks the condition on a row it had to wait for), so it is
    /// left out.
    /// </summary>
    private async Task<List<OutboxMessage>> ClaimAsync(OpenBookingDbContext db, Instant now, NotificationsOptions settings, CancellationToken cancellationToken)
    {
        var due = now.ToUnixTimeTicks();
        var leaseUntil = (now + Lease).ToUnixTimeTicks();
        // The claim counts as an attempt, so a message that crashes the process is not retried forever.
        using var turn = await writes.EnterAsync(cancellationToken);
        var claimed = await db.OutboxMessages.FromSql($"""
            UPDATE "OutboxMessages" SET "NextAttemptAt" = {leaseUntil}, "Attempts" = "Attempts" + 1
            WHERE "Id" IN (
                SELECT "Id" FROM "OutboxMessages"
                WHERE "ProcessedAt" IS NULL AND "NextAttemptAt" <= {due} AND "Attempts" < {settings.MaxAttempts}
                ORDER BY "Id" LIMIT {settings.BatchSize})
              AND "ProcessedAt" IS NULL AND "NextAttemptAt" <= {due} AND "Attempts" < {settings.MaxAttempts}
            RETURNING *
            """).AsNoTracking().ToListAsync(cancellationToken);
        claimed.Sort((a, b) => a.Id.CompareTo(b.Id));
        return claimed;
    }

    /// <returns>True when delivered (or nothing is left to deliver), false when it failed.</returns>
    private async Task<bool> DeliverAsync(OpenBookingDbContext db, OutboxMessage message, Booking? booking, int maxAttempts, CancellationToken cancellationToken)
    {
        var id = message.Id;
        if (booking is null)
        {
            logger.LogWarning("Outbox message {MessageId} ({Type}) is for booking {BookingId}, which no longer exists", id, message.Type, message.BookingId);
            await CompleteAsync(db, id, "The booking no longer exists.");
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
                throw;
            }
            catch (Exception ex)
            {
                var retryAt = clock.GetCurrentInstant() + BackoffAfter(message.Attempts);
                var gaveUp = message.Attempts >= maxAttempts;
                logger.LogWarning(ex, "Outbox message {MessageId} ({Type}) failed in handler {Handler} on attempt {Attempt}; {Next}",
                    id, message.Type, handler.Name, message.Attempts, gaveUp ? "giving up" : $"retrying at {retryAt}");
                var error = Truncate($"{handler.Name}: {ex.GetType().Name}: {Redact(ex.Message)}", 2000);
                using (await writes.EnterAsync(CancellationToken.None))
                {
                    await db.OutboxMessages.Where(m => m.Id == id).ExecuteUpdateAsync(s => s
                        .SetProperty(m => m.LastError, error)
                        .SetProperty(m => m.NextAttemptAt, retryAt), CancellationToken.None);
                }
                if (gaveUp)
                {
                    _succeeded.TryRemove(id, out _);
                }
                return false;
            }
        }
        await CompleteAsync(db, id, null);
        _succeeded.TryRemove(id, out _);
        return true;
    }

    private async Task CompleteAsync(OpenBookingDbContext db, long id, string? note)
    {
        var processedAt = clock.GetCurrentInstant();
        // The handlers ran: record it even when the host is stopping, or they would run again.
        using (await writes.EnterAsync(CancellationToken.None))
        {
            await db.OutboxMessages.Where(m => m.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.ProcessedAt, processedAt)
                .SetProperty(m => m.LastError, note), CancellationToken.None);
        }
    }

    /// <summary>Stopping mid-batch is not the messages' fault: make them due again and give the attempts back.</summary>
    private async Task ReleaseAsync(List<long> ids, Instant now)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            using var turn = await writes.EnterAsync();
            await db.OutboxMessages
                .Where(m => ids.Contains(m.Id) && m.ProcessedAt == null)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.NextAttemptAt, now)
                    .SetProperty(m => m.Attempts, m => m.Attempts - 1));
        }
        catch (Exception ex)
        {
            logger.LogInformation(ex, "Outbox messages {MessageIds} could not be released at shutdown; they are retried when their lease ends", ids);
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
