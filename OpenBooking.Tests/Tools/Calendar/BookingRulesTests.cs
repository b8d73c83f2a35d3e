using Microsoft.EntityFrameworkCore;
using NodaTime;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Calendar;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Events;

namespace OpenBooking.Tests.Tools.Calendar;

/// <summary>
/// The booking rules of services and the business, against the real service on a real SQLite file.
/// The clock stands at Friday 27 March 2026, 10:00 in Brussels.
/// </summary>
public sealed class BookingRulesTests
{
    private static readonly LocalDateTime MondayAt15 = new(2026, 3, 30, 15, 0);

    [Fact]
    public async Task Start_FreshDatabase_SeedsTheDefaultServiceFromSettings()
    {
        await using var host = await ToolsTestHost.StartAsync(settings: new Dictionary<string, string?> { ["Booking:DefaultDurationMinutes"] = "45" });

        var service = Assert.Single(await host.Get<ServiceCatalog>().ListAsync());

        Assert.Equal(ServiceCatalogDefaults.DefaultServiceId, service.Id);
        Assert.Equal(45, service.DurationMinutes);
    }

    [Fact]
    public async Task Check_InsideMinimumNotice_IsTooSoon()
    {
        await using var host = await ToolsTestHost.StartAsync();

        var check = await host.Get<BookingService>().CheckAsync(new LocalDateTime(2026, 3, 27, 10, 30));

        Assert.Equal(SlotProblem.TooSoon, check.Problem);
        Assert.All(check.Alternatives, a => Assert.True(a.Start >= host.Clock.GetCurrentInstant() + Duration.FromHours(1)));
    }

    [Fact]
    public async Task Check_BeyondHorizon_IsTooFarAhead()
    {
        await using var host = await ToolsTestHost.StartAsync();
        await new ServiceBuilder().Named("Short horizon").BookableDaysAhead(7).SortedAt(-1).SaveAsync(host);

        var check = await host.Get<BookingService>().CheckAsync(new LocalDateTime(2026, 4, 6, 10, 0));

        Assert.Equal(SlotProblem.TooFarAhead, check.Problem);
    }

    [Fact]
    public async Task Check_ClosureDay_IsClosedAndSlotsSkipIt()
    {
        await using var host = await ToolsTestHost.StartAsync();
        await host.WithDbAsync(async db =>
        {
            db.Closures.Add(new Closure { From = new LocalDate(2026, 3, 30), To = new LocalDate(2026, 3, 31), Reason = "Holiday" });
            return await db.SaveChangesAsync();
        });
        var bookings = host.Get<BookingService>();

        var check = await bookings.CheckAsync(MondayAt15);
        var slots = await bookings.FindFreeSlotsAsync(new LocalDate(2026, 3, 30), new LocalDate(2026, 4, 1));

        Assert.Equal(SlotProblem.Closed, check.Problem);
        Assert.All(slots, s => Assert.Equal(new LocalDate(2026, 4, 1), s.Start.InZone(bookings.Zone).Date));
    }

    [Fact]
    public async Task Create_ServiceWithBuffers_KeepsTheGapFree()
    {
        await using var host = await ToolsTestHost.StartAsync();
        var cleaning = await new ServiceBuilder().Named("Colouring").Lasting(60).WithBufferAfter(30).SaveAsync(host);
        var bookings = host.Get<BookingService>();
        await bookings.CreateAsync("first@example.com", MondayAt15.PlusHours(-3), serviceId: cleaning.Id); // 12:00-13:00, +30

        var rightAfter = await bookings.CheckAsync(MondayAt15.PlusHours(-2), serviceId: cleaning.Id); // 13:00
        var afterBuffer = await bookings.CheckAsync(MondayAt15.PlusHours(-2).PlusMinutes(30), serviceId: cleaning.Id); // 13:30

        Assert.Equal(SlotProblem.Taken, rightAfter.Problem);
        Assert.True(afterBuffer.IsFree);
    }

    [Fact]
    public async Task Create_CapacityTwo_TwoFitThenTheThirdIsRefused()
    {
        await using var host = await ToolsTestHost.StartAsync();
        var yoga = await new ServiceBuilder().Named("Yoga class").WithCapacity(2).SaveAsync(host);
        var bookings = host.Get<BookingService>();

        await bookings.CreateAsync("one@example.com", MondayAt15, serviceId: yoga.Id);
        await bookings.CreateAsync("two@example.com", MondayAt15, serviceId: yoga.Id);
        var third = await Assert.ThrowsAsync<BookingException>(() => bookings.CreateAsync("three@example.com", MondayAt15, serviceId: yoga.Id));
        var otherService = await bookings.CheckAsync(MondayAt15);

        Assert.Equal(SlotProblem.Taken, third.Problem);
        Assert.Equal(SlotProblem.Taken, otherService.Problem);
    }

    [Fact]
    public async Task Database_InsertBeyondCapacityBehindTheServicesBack_IsRefused()
    {
        await using var host = await ToolsTestHost.StartAsync();
        var created = await host.Get<BookingService>().CreateAsync("one@example.com", MondayAt15);

        var ex = await Assert.ThrowsAsync<DbUpdateException>(() => host.WithDbAsync(async db =>
        {
            db.Bookings.Add(new OpenBooking.Tools.Data.Booking
            {
                CustomerId = created.CustomerId,
                ServiceId = created.ServiceId,
                Email = "sneaky@example.com",
                Start = created.Start + Duration.FromMinutes(30),
                End = created.End + Duration.FromMinutes(30),
                BlockStart = created.Start + Duration.FromMinutes(30),
                BlockEnd = created.End + Duration.FromMinutes(30),
                TimeZone = "Europe/Brussels",
                ManageToken = "sneaky",
            });
            return await db.SaveChangesAsync();
        }));

        Assert.Contains("booking_overlap", ex.InnerException!.Message);
    }

    [Fact]
    public async Task Cancel_InsideChangeNotice_IsRefusedWithTheReason()
    {
        await using var host = await ToolsTestHost.StartAsync();
        var bookings = host.Get<BookingService>();
        var created = await bookings.CreateAsync("owner@example.com", MondayAt15);
        host.Clock.Reset(MondayAt15.InZoneStrictly(bookings.Zone).ToInstant() - Duration.FromMinutes(90));

        var cancel = await Assert.ThrowsAsync<BookingException>(() => bookings.CancelAsync(created.Id, "owner@example.com"));
        var move = await Assert.ThrowsAsync<BookingException>(() => bookings.RescheduleAsync(created.Id, "owner@example.com", MondayAt15.PlusHours(1)));

        Assert.Equal("Bookings can only be cancelled up to 2 hours before they start. Please contact us directly.", cancel.Message);
        Assert.Equal("Bookings can only be moved up to 2 hours before they start. Please contact us directly.", move.Message);
        Assert.Single(await bookings.ListUpcomingAsync("owner@example.com"));
    }

    [Fact]
    public async Task Lifecycle_CreateMoveCancel_WritesOneOutboxEventEach()
    {
        await using var host = await ToolsTestHost.StartAsync();
        var bookings = host.Get<BookingService>();

        var created = await bookings.CreateAsync("owner@example.com", MondayAt15);
        await bookings.RescheduleAsync(created.Id, "owner@example.com", MondayAt15.PlusHours(1));
        await bookings.CancelAsync(created.Id, "owner@example.com");

        var events = await host.WithDbAsync(db => db.OutboxMessages.Where(m => m.BookingId == created.Id).OrderBy(m => m.Id)
            .Select(m => new { m.Type, m.Sequence }).ToListAsync());
        Assert.Equal(
            [(BookingEventTypes.Created, 0), (BookingEventTypes.Rescheduled, 1), (BookingEventTypes.Cancelled, 2)],
            events.Select(e => (e.Type, e.Sequence)));
    }

    [Fact]
    public async Task Reschedule_AfterReminder_ClearsItSoANewOneGoesOut()
    {
        await using var host = await ToolsTestHost.StartAsync();
        var bookings = host.Get<BookingService>();
        var created = await bookings.CreateAsync("owner@example.com", MondayAt15);
        await host.WithDbAsync(db => db.Bookings.Where(b => b.Id == created.Id).ExecuteUpdateAsync(s => s.SetProperty(b => b.ReminderSentAt, host.Clock.GetCurrentInstant())));

        var moved = await bookings.RescheduleAsync(created.Id, "owner@example.com", MondayAt15.PlusHours(1));

        Assert.Null(moved.ReminderSentAt);
    }
}
