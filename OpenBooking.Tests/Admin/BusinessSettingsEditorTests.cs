using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Business;
using OpenBooking.Tools.Calendar;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Data.WebApp;
using OpenBooking.Tools.Mcp;
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
    public async Task SaveBusiness_AddressPhoneCurrency_ReachTheBusinessInfoToolAndAreAudited()
    {
        var draft = editor.LoadBusiness();
        draft.Address = " Rue Haute 1, 1000 Brussels ";
        draft.Phone = "+32 2 123 45 67";
        draft.Currency = "chf";

        Assert.Empty(await editor.SaveBusinessAsync("owner@example.com", draft));

        var info = (await host.Get<OpenBooking.Tools.Hosting.InMemoryToolClients>().CallAsync("get_business_info", new Dictionary<string, object?>()))
            .Structured<BusinessInfo>();
        Assert.Equal(("Rue Haute 1, 1000 Brussels", "+32 2 123 45 67", "CHF"), (info.Address, info.Phone, info.Currency));
        Assert.Equal(
            "Address: none → 'Rue Haute 1, 1000 Brussels'; Phone: none → '+32 2 123 45 67'; Currency: 'EUR' → 'CHF'.",
            Assert.Single(await AuditAsync()).Summary);
    }

    [Theory]
    [InlineData("Currency", "euro", "Currency: 'euro' is not a three-letter ISO 4217 code")]
    [InlineData("Phone", "+32 2 123 45 67 +32 2 123 45 67 +32 2 123 45 67", "Phone: use at most 40 characters.")]
    public void BusinessDraft_BadContactField_NamesTheField(string field, string value, string message)
    {
        var draft = editor.LoadBusiness();
        typeof(BusinessDraft).GetProperty(field)!.SetValue(draft, value);

        var error = Assert.Single(draft.Validate());

        Assert.Equal(field, error.Field);
        Assert.StartsWith(message, error.Message);
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
    public async Task SaveService_Price_IsSavedListedAndAudited()
    {
        var draft = ServiceDraft.From(Assert.Single(await editor.ListServicesAsync()));
        draft.Price = 35m;

        Assert.Empty(await editor.SaveServiceAsync("owner@example.com", draft));

        Assert.Equal(35m, Assert.Single(await editor.ListServicesAsync()).Price);
        Assert.Equal("Changed service 'Appointment': price none → '35.00'.", Assert.Single(await AuditAsync()).Summary);
    }

    [Theory]
    [InlineData(-1, "Price: enter an amount from 0 to 1,000,000")]
    [InlineData(12.345, "Price: use at most two decimals.")]
    public async Task ServiceDraft_BadPrice_NamesTheField(double price, string message)
    {
        var draft = ServiceDraft.From(Assert.Single(await editor.ListServicesAsync()));
        draft.Price = (decimal)price;

        var error = Assert.Single(draft.Validate());

        Assert.Equal("Price", error.Field);
        Assert.StartsWith(message, error.Message);
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
