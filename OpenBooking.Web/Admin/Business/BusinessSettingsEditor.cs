using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;
using OpenBooking.Tools.Business;
using OpenBooking.Tools.Data;

namespace OpenBooking.Web.Admin;

public sealed record ClosureRow(Guid Id, LocalDate From, LocalDate To, string? Reason);

/// <summary>
/// Loads and saves the Business &amp; services page: business settings go to the settings store (the database wins
/// over the files and every options monitor sees the change at once); closures and services are rows. Every save
/// writes an audit entry naming what changed.
/// </summary>
public sealed class BusinessSettingsEditor(
    IDbContextFactory<OpenBookingDbContext> dbFactory,
    IOptionsMonitor<BusinessOptions> business,
    SettingsStore settings,
    AuditLog audit)
{
    public BusinessDraft LoadBusiness() => BusinessDraft.From(business.CurrentValue);

    /// <summary>Saves a valid draft; returns the problems (and saves nothing) otherwise.</summary>
    public async Task<IReadOnlyList<FieldError>> SaveBusinessAsync(string actor, BusinessDraft draft, CancellationToken cancellationToken = default)
    {
        var errors = draft.Validate();
        if (errors.Count > 0)
        {
            return errors;
        }
        var current = LoadBusiness();
        var values = new Dictionary<string, string?>();
        var changes = new List<string>();
        Compare("Business:Name", "Name", current.Name, draft.Name.Trim(), "none");
        Compare("Business:TimeZone", "Time zone", current.TimeZone, draft.TimeZone.Trim(), "none");
        Compare("Business:Address", "Address", current.Address, draft.Address.Trim(), "none");
        Compare("Business:Phone", "Phone", current.Phone, draft.Phone.Trim(), "none");
        Compare("Business:Currency", "Currency", current.Currency, draft.Currency.Trim().ToUpperInvariant(), "none");
        foreach (var day in BusinessDraft.Week)
        {
            // An empty value (not a missing one) closes a day that the files open.
            Compare($"Business:OpeningHours:{day}", $"{day} hours", current.HoursText(day), draft.HoursText(day), "closed");
        }
        if (values.Count == 0)
        {
            return [];
        }
        await settings.SetAsync(values, cancellationToken);
        await audit.WriteAsync(actor, AuditActions.BusinessUpdated, string.Join("; ", changes) + ".", cancellationToken);
        return [];

        void Compare(string key, string label, string before, string after, string empty)
        {
            if (!string.Equals(before, after, StringComparison.Ordinal))
            {
                values[key] = after;
                changes.Add($"{label}: {Show(before, empty)} → {Show(after, empty)}");
            }
        }
    }

    public async Task<List<ClosureRow>> ListClosuresAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Closures.AsNoTracking().OrderBy(c => c.From).ToListAsync(cancellationToken);
        return rows.ConvertAll(c => new ClosureRow(c.Id, c.From, c.To, c.Reason));
    }

    public async Task<IReadOnlyList<FieldError>> AddClosureAsync(string actor, ClosureDraft draft, CancellationToken cancellationToken = default)
    {
        var errors = draft.Validate();
        if (errors.Count > 0)
        {
            return errors;
        }
        var closure = new Closure
        {
            From = LocalDate.FromDateTime(draft.From!.Value),
            To = LocalDate.FromDateTime(draft.To!.Value),
            Reason = string.IsNullOrWhiteSpace(draft.Reason) ? null : draft.Reason.Trim(),
        };
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.Closures.Add(closure);
        db.AuditEntries.Add(audit.Entry(actor, AuditActions.ClosureAdded, $"Closed {Describe(closure.From, closure.To)}{(closure.Reason is null ? "" : $" ({closure.Reason})")}."));
        await db.SaveChangesAsync(cancellationToken);
        return [];
    }

    public async Task RemoveClosureAsync(string actor, Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var closure = await db.Closures.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (closure is null)
        {
            return;
        }
        db.Closures.Remove(closure);
        db.AuditEntries.Add(audit.Entry(actor, AuditActions.ClosureRemoved, $"Reopened {Describe(closure.From, closure.To)}{(closure.Reason is null ? "" : $" ({closure.Reason})")}."));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Every service, active ones first, in display order.</summary>
    public async Task<List<Service>> ListServicesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Services.AsNoTracking()
            .OrderByDescending(s => s.IsActive).ThenBy(s => s.SortOrder).ThenBy(s => s.Name)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Adds or updates a service; refuses a duplicate name and deactivating the last active service.</summary>
    public async Task<IReadOnlyList<FieldError>> SaveServiceAsync(string actor, ServiceDraft draft, CancellationToken cancellationToken = default)
    {
        var errors = draft.Validate().ToList();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var name = draft.Name.Trim();
        var others = await db.Services.Where(s => s.Id != draft.Id).Select(s => new { s.Name, s.IsActive }).ToListAsync(cancellationToken);
        if (others.Any(o => o.Name.Equals(name, StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add(new(nameof(ServiceDraft.Name), $"Service name: another service is already called '{name}'."));
        }
        if (!draft.IsActive && !others.Any(o => o.IsActive))
        {
            errors.Add(new(nameof(ServiceDraft.IsActive), "Active: at least one service must stay active, or customers cannot book."));
        }
        if (errors.Count > 0)
        {
            return errors;
        }

        if (draft.IsNew)
        {
            var service = new Service { Name = name, SortOrder = others.Count };
            draft.ApplyTo(service);
            db.Services.Add(service);
            db.AuditEntries.Add(audit.Entry(actor, AuditActions.ServiceAdded, $"Added service '{service.Name}': {Describe(draft)}."));
            await db.SaveChangesAsync(cancellationToken);
            draft.Id = service.Id;
            return [];
        }

        var existing = await db.Services.FirstOrDefaultAsync(s => s.Id == draft.Id, cancellationToken);
        if (existing is null)
        {
            return [new(nameof(ServiceDraft.Name), "Service: it was deleted meanwhile; reload the page.")];
        }
        var before = ServiceDraft.From(existing);
        draft.ApplyTo(existing);
        var changes = Differences(before, draft);
        if (changes.Count == 0)
        {
            return [];
        }
        db.AuditEntries.Add(audit.Entry(actor, AuditActions.ServiceUpdated, $"Changed service '{existing.Name}': {string.Join("; ", changes)}."));
        await db.SaveChangesAsync(cancellationToken);
        return [];
    }

    private static List<string> Differences(ServiceDraft before, ServiceDraft after)
    {
        var changes = new List<string>();
        Add("name", before.Name, after.Name.Trim());
        Add("description", before.Description ?? "", after.Description?.Trim() ?? "");
        Add("duration", Minutes(before.DurationMinutes), Minutes(after.DurationMinutes));
        Add("buffer before", Minutes(before.BufferBeforeMinutes), Minutes(after.BufferBeforeMinutes));
        Add("buffer after", Minutes(before.BufferAfterMinutes), Minutes(after.BufferAfterMinutes));
        Add("minimum notice", Minutes(before.MinimumNoticeMinutes), Minutes(after.MinimumNoticeMinutes));
        Add("notice to cancel or move", Minutes(before.ChangeNoticeMinutes), Minutes(after.ChangeNoticeMinutes));
        Add("horizon", $"{before.HorizonDays} days", $"{after.HorizonDays} days");
        Add("slot interval", Minutes(before.SlotIntervalMinutes), Minutes(after.SlotIntervalMinutes));
        Add("capacity", before.Capacity.ToString(), after.Capacity.ToString());
        Add("price", Price(before.Price), Price(after.Price));
        Add("active", before.IsActive ? "yes" : "no", after.IsActive ? "yes" : "no");
        return changes;

        void Add(string label, string from, string to)
        {
            if (!string.Equals(from, to, StringComparison.Ordinal))
            {
                changes.Add($"{label} {Show(from, "none")} → {Show(to, "none")}");
            }
        }
    }

    private static string Describe(ServiceDraft s) =>
        $"{Minutes(s.DurationMinutes)}, buffers {s.BufferBeforeMinutes}/{s.BufferAfterMinutes} min, notice {Minutes(s.MinimumNoticeMinutes)}, "
        + $"change notice {Minutes(s.ChangeNoticeMinutes)}, horizon {s.HorizonDays} days, every {s.SlotIntervalMinutes} min, capacity {s.Capacity}"
        + (s.Price is { } price ? $", price {Price(price)}" : "")
        + (s.IsActive ? "" : ", inactive");

    private static string Price(decimal? price) =>
        price?.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) ?? "";

    private static string Describe(LocalDate from, LocalDate to) =>
        from == to ? AdminFormat.Day(from) : $"{AdminFormat.Day(from)} to {AdminFormat.Day(to)}";

    private static string Minutes(int minutes) => AdminFormat.Minutes(minutes);

    private static string Show(string value, string empty) => value.Length == 0 ? empty : $"'{value}'";
}
