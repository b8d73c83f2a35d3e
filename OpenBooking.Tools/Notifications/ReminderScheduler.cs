using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Events;

namespace OpenBooking.Tools.Notifications;

/// <summary>
/// Queues reminder emails: every minute (and at start) each confirmed booking that starts within
/// <see cref="NotificationsOptions.ReminderLeadHours"/> and has no <see cref="Booking.ReminderSentAt"/> is claimed
/// with one UPDATE (<c>SET ReminderSentAt = now WHERE Id = @id AND ReminderSentAt IS NULL</c>; the process whose
/// UPDATE changed the row wins) and gets a <c>booking.reminder_due</c> outbox message in the same transaction.
/// All state is in the database, so reminders survive restarts and never go twice, however many processes run this.
/// </summary>
/// <remarks>
/// A booking whose customer was last told about its time (booked, or moved) less than the lead time before its
/// start gets no reminder: the confirmation just went out. Moving a booking clears
/// <see cref="Booking.ReminderSentAt"/> (the booking service does it), so the new time gets its own reminder.
/// </remarks>
public sealed class ReminderScheduler(
    IDbContextFactory<OpenBookingDbContext> dbFactory,
    IOutboxSignal signal,
    SqliteWriteGate writes,
    IClock clock,
    IOptionsMonitor<NotificationsOptions> options,
    ILogger<ReminderScheduler> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    /// <summary>Queues every reminder that is due now and returns how many this call queued.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetCurrentInstant();
        var lead = Duration.FromHours(options.CurrentValue.ReminderLeadHours);
        var horizon = now + lead;

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var candidates = await db.Bookings.AsNoTracking()
            .Where(b => b.Status == BookingStatus.Confirmed && b.ReminderSentAt == null && b.Start > now && b.Start <= horizon)
            .OrderBy(b => b.Start)
            .Select(b => new { b.Id, b.Sequence, b.Start, b.CreatedAt })
            .ToListAsync(cancellationToken);
        if (candidates.Count == 0)
        {
            return 0;
        }

        var ids = candidates.ConvertAll(c => c.Id);
        var confirmations = await db.OutboxMessages.AsNoTracking()
            .Where(m => ids.Contains(m.BookingId) && (m.Type == BookingEventTypes.Created || m.Type == BookingEventTypes.Rescheduled))
            .Select(m => new { m.BookingId, m.OccurredAt })
            .ToListAsync(cancellationToken);
        var lastToldAt = confirmations
            .GroupBy(m => m.BookingId)
            .ToDictionary(g => g.Key, g => g.Max(m => m.OccurredAt));

        var queued = 0;
        foreach (var booking in candidates)
        {
            var told = lastToldAt.TryGetValue(booking.Id, out var at) && at > booking.CreatedAt ? at : booking.CreatedAt;
            if (told >= booking.Start - lead)
            {
                continue;
            }
            using var turn = await writes.EnterAsync(cancellationToken);
            if (await TryQueueAsync(db, booking.Id, booking.Sequence, now, cancellationToken))
            {
                queued++;
            }
        }
        if (queued > 0)
        {
            logger.LogInformation("Queued {Count} booking reminder(s)", queued);
            signal.Notify();
        }
        return queued;
    }

    private static async Task<bool> TryQueueAsync(OpenBookingDbContext db, Guid bookingId, int sequence, Instant now, CancellationToken cancellationToken)
    {
        // The UPDATE is the transaction's first statement, so it takes the write lock at once; the sequence check
        // makes sure the booking is still the one that was found due (not moved or cancelled since).
        var queued = await db.InTransactionAsync(async transaction =>
        {
            var claimed = await db.Bookings
                .Where(b => b.Id == bookingId && b.ReminderSentAt == null && b.Status == BookingStatus.Confirmed && b.Sequence == sequence)
                .ExecuteUpdateAsync(s => s.SetProperty(b => b.ReminderSentAt, now), cancellationToken);
            if (claimed != 1)
            {
                return false;
            }
            db.OutboxMessages.Add(new OutboxMessage
            {
                Type = BookingEventTypes.ReminderDue,
                BookingId = bookingId,
                Sequence = sequence,
                OccurredAt = now,
                NextAttemptAt = now,
            });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }, cancellationToken);
        db.ChangeTracker.Clear();
        return queued;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.CurrentValue.RunInBackground)
        {
            return;
        }
        await Task.Yield();
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Reminder scan failed; trying again in a minute");
            }
        }
        while (await WaitForNextTickAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitForNextTickAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
