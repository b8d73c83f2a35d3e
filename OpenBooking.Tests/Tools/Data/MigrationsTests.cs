using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Calendar;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Data.WebApp;

namespace OpenBooking.Tests.Tools.Data;

/// <summary>
/// A database made by an earlier release must migrate forward and keep its data. The fixture was created and
/// migrated by the app at commit 86cc52e (EF Core 9, the last migration OtpAudit), then used: the default
/// service, a booking made with <c>create_booking</c>, a chat opened on <c>/</c> and the first admin created
/// with the setup link (password <c>correct horse battery</c>).
/// </summary>
public sealed class MigrationsTests : IAsyncLifetime
{
    private const string Fixture = "Tools/Data/Fixtures/openbooking-2026-12-04.db";
    private const string ManageToken = "C9aoo325Yga13uVrcwpnJ0i5Prgxyus5";

    private readonly string _dataDirectory = TempFolder.Create();
    private ToolsTestHost _host = null!;

    public async Task InitializeAsync()
    {
        File.Copy(Path.Combine(AppContext.BaseDirectory, Fixture), Path.Combine(_dataDirectory, "openbooking.db"));
        // Starting the tool services migrates their database, as the apps do at start.
        _host = await ToolsTestHost.StartAsync(
            clock: TestClock.At("2026-12-04T18:00"),
            settings: new Dictionary<string, string?> { ["Storage:DataDirectory"] = _dataDirectory });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        TempFolder.Delete(_dataDirectory);
    }

    [Fact]
    public async Task MigrateAsync_DatabaseFrom86cc52e_AppliesEveryMigration()
    {
        var (pending, applied, all) = await _host.WithDbAsync(async db => (
            await db.Database.GetPendingMigrationsAsync(),
            await db.Database.GetAppliedMigrationsAsync(),
            db.Database.GetMigrations()));

        Assert.Empty(pending);
        Assert.Equal(all, applied);
        Assert.Contains("20261121210952_OtpAudit", applied);
    }

    [Fact]
    public async Task MigrateAsync_DatabaseFrom86cc52e_KeepsTheBookingAndItsService()
    {
        var bookings = _host.Get<BookingService>();

        var booking = await bookings.FindByManageTokenAsync(ManageToken);

        Assert.NotNull(booking);
        Assert.Equal("ada@example.com", booking.Email);
        Assert.Equal(BookingStatus.Confirmed, booking.Status);
        Assert.Equal(Instant.FromUtc(2026, 12, 8, 9, 0), booking.Start);
        Assert.Equal(Instant.FromUtc(2026, 12, 8, 10, 0), booking.End);
        Assert.Equal("Europe/Brussels", booking.TimeZone);
        Assert.Equal("Fixture booking made by the 86cc52e app", booking.Notes);
        Assert.Equal("Appointment", booking.Service?.Name);
        var customer = await _host.WithDbAsync(db => db.Customers.SingleAsync(c => c.Id == booking.CustomerId));
        Assert.Equal("ada@example.com", customer.Email);
    }

    [Fact]
    public async Task FindFreeSlots_DayOfABookingFrom86cc52e_LeavesItsTimeOut()
    {
        var bookings = _host.Get<BookingService>();
        var day = new LocalDate(2026, 12, 8);

        var starts = (await bookings.FindFreeSlotsAsync(day, day)).Select(s => s.Start.InZone(bookings.Zone).TimeOfDay).ToList();

        Assert.DoesNotContain(new LocalTime(10, 0), starts);
        Assert.DoesNotContain(new LocalTime(9, 30), starts);
        Assert.Contains(new LocalTime(9, 0), starts);
        Assert.Contains(new LocalTime(11, 0), starts);
    }

    [Fact]
    public async Task MigrateAsync_DatabaseFrom86cc52e_KeepsTheConversation()
    {
        var conversation = await _host.WithDbAsync(db => db.Conversations.Include(c => c.Messages).SingleAsync());

        Assert.Equal("{}", conversation.AgentState);
        var greeting = Assert.Single(conversation.Messages);
        Assert.Equal(MessageAuthor.Agent, greeting.Author);
        Assert.Equal("Hello! What can I do for you today?", greeting.Text);
    }

    [Fact]
    public async Task MigrateAsync_DatabaseFrom86cc52e_KeepsTheAdminAndTheirPassword()
    {
        var (admin, audit) = await _host.WithDbAsync(async db => (
            await db.AdminAccounts.SingleAsync(),
            await db.AuditEntries.SingleAsync()));

        Assert.Equal("OWNER@EXAMPLE.COM", admin.NormalizedEmail);
        Assert.Equal(
            PasswordVerificationResult.Success,
            new PasswordHasher<AdminAccount>().VerifyHashedPassword(admin, admin.PasswordHash!, "correct horse battery"));
        Assert.Equal("owner@example.com", audit.Actor);
        Assert.Equal("admin.created", audit.Action);
    }
}
