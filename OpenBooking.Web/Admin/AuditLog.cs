using Microsoft.EntityFrameworkCore;
using NodaTime;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Data.WebApp;

namespace OpenBooking.Web.Admin;

/// <summary>Who changed what in the dashboard, and when. Callers write plain values only, never secrets.</summary>
public sealed class AuditLog(IDbContextFactory<OpenBookingDbContext> dbFactory, IClock clock)
{
    /// <summary>A new entry to add to the same context as the change it describes (one transaction).</summary>
    public AuditEntry Entry(string actor, string action, string summary) => new()
    {
        At = clock.GetCurrentInstant(),
        Actor = actor,
        Action = action,
        Summary = summary.Length > 4000 ? summary[..3999] + "…" : summary,
    };

    /// <summary>Records a change that was saved elsewhere (for example settings written by the settings store).</summary>
    public async Task WriteAsync(string actor, string action, string summary, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.AuditEntries.Add(Entry(actor, action, summary));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The newest entries first; <paramref name="search"/> matches who, the action or the summary.</summary>
    public async Task<List<AuditEntry>> ListAsync(string? search = null, int max = 500, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim();
            query = query.Where(e => EF.Functions.Like(e.Actor, $"%{term}%") || EF.Functions.Like(e.Action, $"%{term}%") || EF.Functions.Like(e.Summary, $"%{term}%"));
        }
        return await query.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(max).ToListAsync(cancellationToken);
    }
}

/// <summary>Stable action names in the audit log.</summary>
public static class AuditActions
{
    public const string AdminCreated = "admin.created";
    public const string AdminRemoved = "admin.removed";
    public const string BusinessUpdated = "business.updated";
    public const string EmailUpdated = "email.updated";
    public const string AgentUpdated = "agent.updated";
    public const string GoogleClientSaved = "google.client-saved";
    public const string GoogleCalendarChosen = "google.calendar-chosen";
    public const string GoogleDisconnected = "google.disconnected";
    public const string ClosureAdded = "closure.added";
    public const string ClosureRemoved = "closure.removed";
    public const string ServiceAdded = "service.added";
    public const string ServiceUpdated = "service.updated";
    public const string BookingCancelled = "booking.cancelled";
    public const string BookingRescheduled = "booking.rescheduled";
    public const string ZapierUpdated = "zapier.updated";
    public const string McpServerAdded = "mcp-server.added";
    public const string McpServerUpdated = "mcp-server.updated";
    public const string McpServerRemoved = "mcp-server.removed";
}
