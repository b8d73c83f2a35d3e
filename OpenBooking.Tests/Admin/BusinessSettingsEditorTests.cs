using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Business;
using OpenBooking.Tools.Calendar;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Data.WebApp;
using OpenBooking.Web.Admin;

namespace OpenBooking.Tests.Admin;

/// <summary>Saving the Business &amp; services page: settings win at once, rows are checked, and every change is audited.</summary>
public sealed class BusinessSettingsEditorTests : IAsyncLifetime
{
    private ToolsTestHost host = null!;
    private BusinessSettingsEditor editor = null!;

    public async Task InitializeAsync()
    {
        host = await ToolsTestHost.StartAsync();
        var dbFactory = host.Get<IDbContextFactory<OpenBookingDbContext>>();
        editor = new BusinessSettingsEditor(dbFactory, host.Get<IOptionsMonitor<BusinessOptions>>(), host.Get<SettingsStore>(), new AuditLog(dbFactory, host.Clock));
    }

    public Task DisposeAsync() => host.DisposeAsync().AsTask();

    private Task<List<AuditEntry>> AuditAsync() => host.WithDbAsync(db => db.AuditEntries.OrderBy(e => e.Id).ToListAsync());

    [Fact]
    public async Task SaveBusiness_CloseMondayOpenSaturday_CustomersSeeItAtOnceAndItIsAudited()
    {
        var draft = editor.LoadBusiness();
        draft.Hours[IsoDayOfWeek.Monday].Clear();
        draft.Hours[IsoDayOfWeek.Saturday].Add(new OpeningRangeDraft { From = "10:00", To = "12:00" });

        var errors = await editor.SaveBusinessAsync("owner@example.com", draft);

        Assert.Empty(errors);
        var bookings = host.Get<BookingService>();
        Assert.Empty(await bookings.FindFreeSlotsAsync(new LocalDate(2026, 3, 30), new LocalDate(2026, 3, 30)));
        var saturday = await bookings.FindFreeSlotsAsync(new LocalDate(2026, 3, 28), new LocalDate(2026, 3, 28));
        Assert.Equal(new LocalTime(10, 0), saturday[0].Start.InZone(bookings.Zone).TimeOfDay);
        var entry = Assert.Single(await AuditAsync());
        Assert.Equal(("owner@example.com", AuditActions.BusinessUpdated), (entry.Actor, entry.Action));
        Assert.Equal("Monday hours: '09:00-17:00' → closed; Saturday hours: closed → '10:00-12:00'.", entry.Summary);
    }

    [Fact]
    public async Task SaveBusiness_Invalid_SavesNothing()
    {
        var draft = editor.LoadBusiness();
        draft.TimeZone = "Europe/Atlantis";

        var errors = await editor.SaveBusinessAsync("owner@example.com", draft);

        Assert.Equal("TimeZone", Assert.Single(errors).Field);
        Assert.Equal("Europe/Brussels", editor.LoadBusiness().TimeZone);
        Assert.Empty(await AuditAsync());
    }

    [Fact]
    public async Task SaveBusiness_Unchanged_WritesNoAuditEntry()
    {
        Assert.Empty(await editor.SaveBusinessAsync("owner@example.com", editor.LoadBusiness()));

        Assert.Empty(await AuditAsync());
    }

    [Fact]
    public async Task SaveService_NewThenDuplicateName_SecondIsRefused()
    {
        Assert.Empty(await editor.SaveServiceAsync("owner@example.com", new ServiceDraft { Name = "Haircut", DurationMinutes = 30 }));

        var errors = await editor.SaveServiceAsync("owner@example.com", new ServiceDraft { Name = "haircut " });

        Assert.Equal("Service name: another service is already called 'haircut'.", Assert.Single(errors).Message);
        Assert.Equal(2, (await editor.ListServicesAsync()).Count);
        Assert.StartsWith("Added service 'Haircut': 30 min,", Assert.Single(await AuditAsync()).Summary);
    }

    [Fact]
    public async Task SaveService_DeactivateTheOnlyActiveService_IsRefused()
    {
        var draft = ServiceDraft.From(Assert.Single(await editor.ListServicesAsync()));
        draft.IsActive = false;

        var errors = await editor.SaveServiceAsync("owner@example.com", draft);

        Assert.Equal("IsActive", Assert.Single(errors).Field);
        Assert.True(Assert.Single(await editor.ListServicesAsync()).IsActive);
    }

    [Fact]
    public async Task SaveService_Edit_ChangesTheRulesAndAuditsTheDifference()
    {
        var draft = ServiceDraft.From(Assert.Single(await editor.ListServicesAsync()));
        draft.DurationMinutes = 45;
        draft.Capacity = 3;

        Assert.Empty(await editor.SaveServiceAsync("owner@example.com", draft));

        var saved = Assert.Single(await editor.ListServicesAsync());
        Assert.Equal((45, 3), (saved.DurationMinutes, saved.Capacity));
        Assert.Equal("Changed service 'Appointment': duration '1 h' → '45 min'; capacity '1' → '3'.", Assert.Single(await AuditAsync()).Summary);
    }

    [Fact]
    public async Task Closures_AddAndRemove_AreAudited()
    {
        var draft = new ClosureDraft { From = new DateTime(2026, 4, 6), To = new DateTime(2026, 4, 6), Reason = "Easter Monday" };
        Assert.Empty(await editor.AddClosureAsync("owner@example.com", draft));
        var closure = Assert.Single(await editor.ListClosuresAsync());

        await editor.RemoveClosureAsync("owner@example.com", closure.Id);

        Assert.Empty(await editor.ListClosuresAsync());
        Assert.Equal(["Closed Mon 6 Apr 2026 (Easter Monday).", "Reopened Mon 6 Apr 2026 (Easter Monday)."], (await AuditAsync()).Select(e => e.Summary));
    }

    [Fact]
    public async Task AddClosure_UntilBeforeFrom_NamesTheField()
    {
        var errors = await editor.AddClosureAsync("owner@example.com", new ClosureDraft { From = new DateTime(2026, 4, 6), To = new DateTime(2026, 4, 5) });

        Assert.Equal("Closed until: the last closed day is before the first.", Assert.Single(errors).Message);
        Assert.Empty(await editor.ListClosuresAsync());
    }
}
