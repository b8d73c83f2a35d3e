using NodaTime;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Calendar;

namespace OpenBooking.Tests.Tools.Calendar;

public sealed class BookingServiceTests
{
    // Friday 27 March 2026, 10:00 in Brussels; Monday 30 March is a normal open day.
    private static readonly LocalDateTime MondayAt15 = new(2026, 3, 30, 15, 0);

    [Fact]
    public async Task Create_FreeSlot_StoresConfirmedBooking()
    {
        await using var host = await ToolsTestHost.StartAsync();
        var bookings = host.Get<BookingService>();

        var created = await bookings.CreateAsync("John@Example.com", MondayAt15);

        Assert.Equal("john@example.com", created.Email);
        Assert.Equal(Duration.FromHours(1), created.End - created.Start);
        var listed = await bookings.ListUpcomingAsync("john@example.com");
        Assert.Equal(created.Id, Assert.Single(listed).Id);
    }

    [Fact]
    public async Task Create_TakenSlot_ThrowsWithNearestAlternatives()
    {
        await using var host = await ToolsTestHost.StartAsync();
        var bookings = host.Get<BookingService>();
        await bookings.CreateAsync("first@example.com", MondayAt15);

        var ex = await Assert.ThrowsAsync<BookingException>(() => bookings.CreateAsync("second@example.com", MondayAt15));

        Assert.Equal(SlotProblem.Taken, ex.Problem);
        Assert.NotEmpty(ex.Alternatives);
        Assert.All(ex.Alternatives, a => Assert.False(a.Contains(MondayAt15.InZoneStrictly(bookings.Zone).ToInstant())));
    }

    [Theory]
    [InlineData(2026, 3, 28, 15, 0, SlotProblem.OutsideOpeningHours)] // Saturday
    [InlineData(2026, 3, 30, 16, 30, SlotProblem.OutsideOpeningHours)] // ends after 17:00
    [InlineData(2026, 3, 27, 9, 0, SlotProblem.InThePast)]
    [InlineData(2026, 3, 29, 2, 30, SlotProblem.DoesNotExist)] // skipped by the spring change
    public async Task Check_BadTimes_NamesTheProblem(int y, int m, int d, int h, int min, SlotProblem expected)
    {
        await using var host = await ToolsTestHost.StartAsync();

        var check = await host.Get<BookingService>().CheckAsync(new LocalDateTime(y, m, d, h, min));

        Assert.Equal(expected, check.Problem);
        Assert.NotEmpty(check.Alternatives);
    }

    [Fact]
    public async Task Create_ParallelRequestsForOneSlot_ExactlyOneWins()
    {
        await using var host = await ToolsTestHost.StartAsync();
        var bookings = host.Get<BookingService>();

        var attempts = Enumerable.Range(0, 12).Select(i => Task.Run(async () =>
        {
            try
            {
                await bookings.CreateAsync($"racer{i}@example.com", MondayAt15);
                return true;
            }
            catch (BookingException ex) when (ex.Problem == SlotProblem.Taken)
            {
                return false;
            }
        }));
        var results = await Task.WhenAll(attempts);

        Assert.Single(results, won => won);
    }

    [Fact]
    public async Task Cancel_OtherCustomersBooking_IsRefusedLikeUnknown()
    {
        await using var host = await ToolsTestHost.StartAsync();
        var bookings = host.Get<BookingService>();
        var created = await bookings.CreateAsync("owner@example.com", MondayAt15);

        var ex = await Assert.ThrowsAsync<BookingException>(() => bookings.CancelAsync(created.Id, "intruder@example.com"));

        Assert.Equal("No booking with that id was found for this email.", ex.Message);
        Assert.Single(await bookings.ListUpcomingAsync("owner@example.com"));
    }

    [Fact]
    public async Task Cancel_OwnBooking_FreesTheSlot()
    {
        await using var host = await ToolsTestHost.StartAsync();
        var bookings = host.Get<BookingService>();
        var created = await bookings.CreateAsync("owner@example.com", MondayAt15);

        var cancelled = await bookings.CancelAsync(created.Id, "owner@example.com");

        Assert.Equal(1, cancelled.Sequence);
        Assert.True((await bookings.CheckAsync(MondayAt15)).IsFree);
    }

    [Fact]
    public async Task Reschedule_FreeTime_MovesTheSameBookingAndRaisesSequence()
    {
        await using var host = await ToolsTestHost.StartAsync();
        var bookings = host.Get<BookingService>();
        var created = await bookings.CreateAsync("owner@example.com", MondayAt15);

        // Half an hour later overlaps the booking's own hour, which must not count as busy.
        var moved = await bookings.RescheduleAsync(created.Id, "owner@example.com", MondayAt15.PlusMinutes(30));

        Assert.Equal(created.Id, moved.Id);
        Assert.Equal(created.ManageToken, moved.ManageToken);
        Assert.Equal(1, moved.Sequence);
        var stored = Assert.Single(await bookings.ListUpcomingAsync("owner@example.com"));
        Assert.Equal(MondayAt15.PlusMinutes(30).InZoneStrictly(bookings.Zone).ToInstant(), stored.Start);
        Assert.Equal(Duration.FromHours(1), stored.End - stored.Start);
    }

    [Fact]
    public async Task Reschedule_OntoAnotherBooking_IsRefusedAndNothingChanges()
    {
        await using var host = await ToolsTestHost.StartAsync();
        var bookings = host.Get<BookingService>();
        var mine = await bookings.CreateAsync("owner@example.com", MondayAt15);
        await bookings.CreateAsync("other@example.com", MondayAt15.PlusHours(-2));

        var ex = await Assert.ThrowsAsync<BookingException>(() => bookings.RescheduleAsync(mine.Id, "owner@example.com", MondayAt15.PlusHours(-2)));

        Assert.Equal(SlotProblem.Taken, ex.Problem);
        Assert.Equal(mine.Start, Assert.Single(await bookings.ListUpcomingAsync("owner@example.com")).Start);
    }
}
