using System.ComponentModel.DataAnnotations;

namespace OpenBooking.Tools.Notifications;

/// <summary>Booking emails, reminders and outbox delivery. Bound to the <c>Notifications</c> section.</summary>
public sealed class NotificationsOptions
{
    public const string Section = "Notifications";

    /// <summary>How long before an appointment the reminder goes out.</summary>
    [Range(1, 24 * 14)]
    public int ReminderLeadHours { get; set; } = 24;

    /// <summary>
    /// Whether this process runs the outbox dispatcher and the reminder scheduler. Several processes may share a
    /// database and all run them (each message is claimed by one); turn it off where something else calls
    /// <see cref="OutboxDispatcher.DispatchDueAsync"/> and <see cref="ReminderScheduler.RunOnceAsync"/> (tests).
    /// </summary>
    public bool RunInBackground { get; set; } = true;

    /// <summary>How often the dispatcher looks for due messages when nobody signals it (other processes' changes, retries).</summary>
    [Range(1, 300)]
    public int PollSeconds { get; set; } = 5;

    /// <summary>Attempts before a message is given up; it then stays unprocessed with its last error, for an admin to see.</summary>
    [Range(1, 50)]
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Messages read per query; the dispatcher keeps reading batches while they come back full.</summary>
    [Range(1, 500)]
    public int BatchSize { get; set; } = 20;
}
