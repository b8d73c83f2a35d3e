using NodaTime;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Calendar;
using OpenBooking.Tools.Data;
using BookingEntity = OpenBooking.Tools.Data.Booking;

namespace OpenBooking.Tests.Tools.Calendar;

public sealed class CalendarFileTests
{
    private static readonly Instant Stamp = Instant.FromUtc(2026, 3, 27, 9, 0);
    private static readonly Guid BookingId = Guid.Parse("0b6f3c1e-2f6a-4f7e-9a55-5c1d2e3f4a5b");

    private static BookingEntity NewBooking(string zone, LocalDateTime start, int minutes = 60, BookingStatus status = BookingStatus.Confirmed, int sequence = 0)
    {
        var begin = start.InZoneStrictly(DateTimeZoneProviders.Tzdb[zone]).ToInstant();
        return new BookingEntity
        {
            Id = BookingId,
            Email = "john@example.com",
            Start = begin,
            End = begin + Duration.FromMinutes(minutes),
            TimeZone = zone,
            ManageToken = "tok",
            Status = status,
            Sequence = sequence,
            Service = new Service { Name = "Haircut" },
        };
    }

    private static IcsComponent Write(BookingEntity booking, CalendarMethod method = CalendarMethod.Request, string business = "Studio Anna", string? manageUrl = "https://book.example.com/booking/tok") =>
        IcsDocument.Parse(CalendarFile.Write(CalendarEvent.ForBooking(booking, business, "bookings@studio.example", manageUrl), method, Stamp));

    [Fact]
    public void Write_BrusselsBooking_WritesEveryFieldInTheBookingsZone()
    {
        var booking = NewBooking("Europe/Brussels", new LocalDateTime(2026, 4, 2, 15, 0), sequence: 2);

        var calendar = Write(booking);

        Assert.Equal("VCALENDAR", calendar.Name);
        Assert.Equal("-//OpenBooking//OpenBooking//EN", calendar.Value("PRODID"));
        Assert.Equal("2.0", calendar.Value("VERSION"));
        Assert.Equal("REQUEST", calendar.Value("METHOD"));

        var timeZone = calendar.Component("VTIMEZONE");
        Assert.Equal("Europe/Brussels", timeZone.Value("TZID"));
        var spring2026 = Assert.Single(timeZone.Components, c => c.Value("DTSTART") == "20260329T020000");
        Assert.Equal("DAYLIGHT", spring2026.Name);
        Assert.Equal("+0100", spring2026.Value("TZOFFSETFROM"));
        Assert.Equal("+0200", spring2026.Value("TZOFFSETTO"));
        Assert.Equal("CEST", spring2026.Value("TZNAME"));
        var autumn2026 = Assert.Single(timeZone.Components, c => c.Value("DTSTART") == "20261025T030000");
        Assert.Equal("STANDARD", autumn2026.Name);
        Assert.Equal("+0200", autumn2026.Value("TZOFFSETFROM"));
        Assert.Equal("+0100", autumn2026.Value("TZOFFSETTO"));
        Assert.Equal("CET", autumn2026.Value("TZNAME"));

        var vevent = calendar.Component("VEVENT");
        Assert.Equal($"{BookingId:D}@openbooking", vevent.Value("UID"));
        Assert.Equal("2", vevent.Value("SEQUENCE"));
        Assert.Equal("20260327T090000Z", vevent.Value("DTSTAMP"));
        Assert.Equal("Europe/Brussels", vevent.Property("DTSTART").Parameters["TZID"]);
        Assert.Equal("20260402T150000", vevent.Value("DTSTART"));
        Assert.Equal("Europe/Brussels", vevent.Property("DTEND").Parameters["TZID"]);
        Assert.Equal("20260402T160000", vevent.Value("DTEND"));
        Assert.Equal("Haircut at Studio Anna", vevent.Property("SUMMARY").Text);
        Assert.Contains("https://book.example.com/booking/tok", vevent.Property("DESCRIPTION").Text);
        Assert.Equal("https://book.example.com/booking/tok", vevent.Value("URL"));
        Assert.Equal("mailto:bookings@studio.example", vevent.Value("ORGANIZER"));
        Assert.Equal("Studio Anna", vevent.Property("ORGANIZER").Parameters["CN"]);
        Assert.Equal("mailto:john@example.com", vevent.Value("ATTENDEE"));
        Assert.Equal("CONFIRMED", vevent.Value("STATUS"));
    }

    [Fact]
    public void Write_NewYorkBooking_WritesEasternRulesAndLocalTimes()
    {
        var booking = NewBooking("America/New_York", new LocalDateTime(2026, 11, 3, 9, 30), minutes: 45);

        var calendar = Write(booking);

        var timeZone = calendar.Component("VTIMEZONE");
        Assert.Equal("America/New_York", timeZone.Value("TZID"));
        var spring = Assert.Single(timeZone.Components, c => c.Value("DTSTART") == "20260308T020000");
        Assert.Equal(("DAYLIGHT", "-0500", "-0400", "EDT"), (spring.Name, spring.Value("TZOFFSETFROM"), spring.Value("TZOFFSETTO"), spring.Value("TZNAME")));
        var autumn = Assert.Single(timeZone.Components, c => c.Value("DTSTART") == "20261101T020000");
        Assert.Equal(("STANDARD", "-0400", "-0500", "EST"), (autumn.Name, autumn.Value("TZOFFSETFROM"), autumn.Value("TZOFFSETTO"), autumn.Value("TZNAME")));

        var vevent = calendar.Component("VEVENT");
        Assert.Equal("America/New_York", vevent.Property("DTSTART").Parameters["TZID"]);
        Assert.Equal("20261103T093000", vevent.Value("DTSTART"));
        Assert.Equal("20261103T101500", vevent.Value("DTEND"));
        Assert.Equal($"{BookingId:D}@openbooking", vevent.Value("UID"));
        Assert.Equal("0", vevent.Value("SEQUENCE"));
        Assert.Equal("20260327T090000Z", vevent.Value("DTSTAMP"));
        Assert.Equal("Haircut at Studio Anna", vevent.Property("SUMMARY").Text);
        Assert.Contains("https://book.example.com/booking/tok", vevent.Property("DESCRIPTION").Text);
        Assert.Equal("mailto:bookings@studio.example", vevent.Value("ORGANIZER"));
        Assert.Equal("mailto:john@example.com", vevent.Value("ATTENDEE"));
        Assert.Equal("CONFIRMED", vevent.Value("STATUS"));
    }

    [Fact]
    public void Write_TimeZone_CoversTheYearBeforeAndAfterTheEvent()
    {
        var calendar = Write(NewBooking("Europe/Brussels", new LocalDateTime(2026, 4, 2, 15, 0)));

        var onsets = calendar.Component("VTIMEZONE").Components.Select(c => c.Value("DTSTART")).ToList();

        Assert.Contains("20250330T020000", onsets);
        Assert.Contains("20271031T030000", onsets);
        Assert.Equal(onsets.Order(StringComparer.Ordinal), onsets);
    }

    [Fact]
    public void Write_ZoneWithoutDaylightSaving_WritesStandardOnly()
    {
        var calendar = Write(NewBooking("Asia/Tokyo", new LocalDateTime(2026, 4, 2, 15, 0)));

        var block = Assert.Single(calendar.Component("VTIMEZONE").Components);
        Assert.Equal("STANDARD", block.Name);
        Assert.Equal("+0900", block.Value("TZOFFSETTO"));
        Assert.Equal("20260402T150000", calendar.Component("VEVENT").Value("DTSTART"));
    }

    [Fact]
    public void Write_SecondPassOfAutumnOverlap_WritesUtcSoTheHourIsNotMisread()
    {
        var zone = DateTimeZoneProviders.Tzdb["Europe/Brussels"];
        var booking = NewBooking("Europe/Brussels", new LocalDateTime(2026, 10, 20, 10, 0));
        booking.Start = new LocalDateTime(2026, 10, 25, 2, 30).InZone(zone, mappings => mappings.Last()).ToInstant();
        booking.End = booking.Start + Duration.FromHours(1);

        var vevent = Write(booking).Component("VEVENT");

        Assert.Equal("20261025T013000Z", vevent.Value("DTSTART"));
        Assert.False(vevent.Property("DTSTART").Parameters.ContainsKey("TZID"));
        Assert.Equal("20261025T033000", vevent.Value("DTEND"));
    }

    [Fact]
    public void Write_TextWithSpecialCharacters_EscapesAndFolds()
    {
        var longUrl = "https://book.example.com/booking/" + new string('x', 120);
        var text = CalendarFile.Write(
            CalendarEvent.ForBooking(NewBooking("Europe/Brussels", new LocalDateTime(2026, 4, 2, 15, 0)), "Studio; Ghent, BE", "bookings@studio.example", longUrl),
            CalendarMethod.Publish, Stamp);

        var vevent = IcsDocument.Parse(text).Component("VEVENT");

        Assert.Contains("\r\nSUMMARY:Haircut at Studio\\; Ghent\\, BE\r\n", text);
        Assert.Equal("Haircut at Studio; Ghent, BE", vevent.Property("SUMMARY").Text);
        Assert.Equal(longUrl, vevent.Value("URL"));
        Assert.Equal("Studio; Ghent, BE", vevent.Property("ORGANIZER").Parameters["CN"]);
    }

    [Fact]
    public void Write_CancelMethod_MarksEventCancelledWithSameUid()
    {
        var booking = NewBooking("Europe/Brussels", new LocalDateTime(2026, 4, 2, 15, 0), status: BookingStatus.Cancelled, sequence: 1);

        var calendar = Write(booking, CalendarMethod.Cancel);

        Assert.Equal("CANCEL", calendar.Value("METHOD"));
        var vevent = calendar.Component("VEVENT");
        Assert.Equal($"{BookingId:D}@openbooking", vevent.Value("UID"));
        Assert.Equal("1", vevent.Value("SEQUENCE"));
        Assert.Equal("CANCELLED", vevent.Value("STATUS"));
    }

    [Fact]
    public void Write_NoManageUrl_PointsToTheChatAndOmitsUrl()
    {
        var calendar = Write(NewBooking("Europe/Brussels", new LocalDateTime(2026, 4, 2, 15, 0)), manageUrl: null);

        var vevent = calendar.Component("VEVENT");
        Assert.Contains("chat", vevent.Property("DESCRIPTION").Text);
        Assert.DoesNotContain(vevent.Properties, p => p.Name == "URL");
    }

    [Theory]
    [InlineData(CalendarMethod.Publish, "text/calendar; method=PUBLISH; charset=utf-8")]
    [InlineData(CalendarMethod.Request, "text/calendar; method=REQUEST; charset=utf-8")]
    [InlineData(CalendarMethod.Cancel, "text/calendar; method=CANCEL; charset=utf-8")]
    public void ContentType_EachMethod_CarriesTheMethodParameter(CalendarMethod method, string expected) =>
        Assert.Equal(expected, CalendarFile.ContentType(method));
}
