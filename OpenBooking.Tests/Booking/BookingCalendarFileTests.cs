using NodaTime;
using OpenBooking.Tools.Data;
using OpenBooking.Web.Booking;

namespace OpenBooking.Tests.Booking;

public sealed class BookingCalendarFileTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 3, 27, 9, 0);

    private static OpenBooking.Tools.Data.Booking NewBooking(BookingStatus status = BookingStatus.Confirmed, int sequence = 0) => new()
    {
        Id = Guid.Parse("0b6f3c1e-2f6a-4f7e-9a55-5c1d2e3f4a5b"),
        Email = "john@example.com",
        Start = Instant.FromUtc(2026, 3, 28, 14, 0),
        End = Instant.FromUtc(2026, 3, 28, 15, 0),
        TimeZone = "Europe/Brussels",
        ManageToken = "tok",
        Status = status,
        Sequence = sequence,
    };

    [Fact]
    public void Create_ConfirmedBooking_WritesPublishedEventInUtc()
    {
        var ics = BookingCalendarFile.Create(NewBooking(sequence: 2), "Appointment at Studio; Ghent, BE", "https://book.example.com/booking/tok", Now);

        var lines = ics.Split("\r\n");
        Assert.Equal("BEGIN:VCALENDAR", lines[0]);
        Assert.Contains("METHOD:PUBLISH", lines);
        Assert.Contains("UID:0b6f3c1e-2f6a-4f7e-9a55-5c1d2e3f4a5b@openbooking", lines);
        Assert.Contains("SEQUENCE:2", lines);
        Assert.Contains("DTSTAMP:20260327T090000Z", lines);
        Assert.Contains("DTSTART:20260328T140000Z", lines);
        Assert.Contains("DTEND:20260328T150000Z", lines);
        Assert.Contains(@"SUMMARY:Appointment at Studio\; Ghent\, BE", lines);
        Assert.Contains("STATUS:CONFIRMED", lines);
        Assert.Equal(["END:VEVENT", "END:VCALENDAR", ""], lines[^3..]);
    }

    [Fact]
    public void Create_Always_UsesCrlfAndFoldsAt75Octets()
    {
        var ics = BookingCalendarFile.Create(NewBooking(), "Appointment", "https://book.example.com/booking/" + new string('x', 120), Now);

        Assert.DoesNotContain("\n", ics.Replace("\r\n", "", StringComparison.Ordinal));
        Assert.All(ics.Split("\r\n"), line => Assert.True(System.Text.Encoding.UTF8.GetByteCount(line) <= 75, line));
        var unfolded = ics.Replace("\r\n ", "", StringComparison.Ordinal);
        Assert.Contains("URL:https://book.example.com/booking/" + new string('x', 120) + "\r\n", unfolded);
    }

    [Fact]
    public void Create_CancelledBooking_MarksEventCancelled()
    {
        var ics = BookingCalendarFile.Create(NewBooking(BookingStatus.Cancelled, 1), "Appointment", "/booking/tok", Now);

        Assert.Contains("\r\nSTATUS:CANCELLED\r\n", ics);
        Assert.Contains("\r\nSEQUENCE:1\r\n", ics);
    }
}
