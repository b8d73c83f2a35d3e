using NodaTime;
using OpenBooking.Tools.Data;
using OpenBooking.Web.Booking;

namespace OpenBooking.Tests.Booking;

public sealed class BookingSummaryTests
{
    private static readonly DateTimeZone Brussels = DateTimeZoneProviders.Tzdb["Europe/Brussels"];

    private static OpenBooking.Tools.Data.Booking NewBooking(BookingStatus status = BookingStatus.Confirmed) => new()
    {
        Email = "john@example.com",
        Start = Instant.FromUtc(2026, 3, 28, 14, 0),
        End = Instant.FromUtc(2026, 3, 28, 15, 0),
        TimeZone = "Europe/Brussels",
        ManageToken = "tok",
        Status = status,
    };

    [Fact]
    public void From_UpcomingBooking_ShowsBusinessTimeAndCanCancel()
    {
        var summary = BookingSummary.From(NewBooking(), Brussels, Instant.FromUtc(2026, 3, 27, 9, 0));

        Assert.Equal("Saturday 28 March 2026", summary.Date);
        Assert.Equal("15:00 – 16:00", summary.Time);
        Assert.Equal("Europe/Brussels", summary.TimeZone);
        Assert.True(summary.CanCancel);
    }

    [Fact]
    public void From_StartedBooking_CannotCancel()
    {
        var summary = BookingSummary.From(NewBooking(), Brussels, Instant.FromUtc(2026, 3, 28, 14, 30));

        Assert.False(summary.CanCancel);
    }

    [Fact]
    public void From_CancelledBooking_IsCancelledAndCannotCancel()
    {
        var summary = BookingSummary.From(NewBooking(BookingStatus.Cancelled), Brussels, Instant.FromUtc(2026, 3, 27, 9, 0));

        Assert.True(summary.IsCancelled);
        Assert.False(summary.CanCancel);
    }
}
