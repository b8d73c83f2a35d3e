using NodaTime;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Notifications;
using BookingEntity = OpenBooking.Tools.Data.Booking;

namespace OpenBooking.Tests.Tools.Notifications;

public sealed class BookingEmailsTests
{
    private static readonly DateTimeZone Brussels = DateTimeZoneProviders.Tzdb["Europe/Brussels"];
    private static readonly Instant Now = Instant.FromUtc(2026, 3, 27, 9, 0);

    private static BookingEntity NewBooking(BookingStatus status = BookingStatus.Confirmed, int sequence = 0)
    {
        var start = new LocalDateTime(2026, 3, 30, 15, 0).InZoneStrictly(Brussels).ToInstant();
        return new BookingEntity
        {
            Id = Guid.Parse("0b6f3c1e-2f6a-4f7e-9a55-5c1d2e3f4a5b"),
            Email = "john@example.com",
            Start = start,
            End = start + Duration.FromMinutes(45),
            TimeZone = "Europe/Brussels",
            ManageToken = "tok",
            Status = status,
            Sequence = sequence,
            Service = new Service { Name = "Haircut" },
        };
    }

    private static BookingEmailContext Context(BookingEntity booking, string? baseUrl = "https://book.example.com/", string business = "Studio Anna") =>
        new(booking, business, Brussels, baseUrl, "bookings@studio.example", Now);

    [Fact]
    public void Confirmation_WithPublicBaseUrl_HasTimeInZoneLinksAndRequestInvite()
    {
        var email = BookingEmails.Confirmation(Context(NewBooking()));

        Assert.Equal("john@example.com", email.To);
        Assert.Equal("Confirmed: Haircut at Studio Anna on Monday 30 March at 15:00", email.Subject);
        foreach (var body in new[] { email.TextBody, email.HtmlBody! })
        {
            Assert.Contains("Studio Anna", body);
            Assert.Contains("Haircut", body);
            Assert.Contains("Monday 30 March 2026", body);
            Assert.Contains("15:00 – 15:45 (Europe/Brussels)", body);
            Assert.Contains("https://book.example.com/booking/tok", body);
            Assert.Contains("https://calendar.google.com/calendar/render?action=TEMPLATE", body);
        }
        var attachment = Assert.Single(email.Attachments!);
        Assert.Equal("appointment.ics", attachment.FileName);
        Assert.Equal("text/calendar; method=REQUEST; charset=utf-8", attachment.ContentType);
        var calendar = IcsDocument.Parse(System.Text.Encoding.UTF8.GetString(attachment.Content));
        Assert.Equal("REQUEST", calendar.Value("METHOD"));
        Assert.Equal("https://book.example.com/booking/tok", calendar.Component("VEVENT").Value("URL"));
    }

    [Fact]
    public void Confirmation_Html_ReadsOnAPhoneWithoutRemoteContent()
    {
        var html = BookingEmails.Confirmation(Context(NewBooking())).HtmlBody!;

        Assert.Contains("name=\"viewport\"", html);
        Assert.Contains("max-width:560px", html);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Confirmation_NoPublicBaseUrl_TellsToOpenTheLinkInTheChat()
    {
        var email = BookingEmails.Confirmation(Context(NewBooking(), baseUrl: null));

        Assert.Contains("open the link in your chat", email.TextBody);
        Assert.Contains("open the link in your chat", email.HtmlBody);
        Assert.DoesNotContain("/booking/tok", email.TextBody);
        Assert.DoesNotContain("/booking/tok", email.HtmlBody);
        Assert.Contains("calendar.google.com", email.TextBody);
    }

    [Fact]
    public void Confirmation_BusinessNameWithMarkup_IsEncodedInHtml()
    {
        var email = BookingEmails.Confirmation(Context(NewBooking(), business: "<Anna & Co>"));

        Assert.Contains("&lt;Anna &amp; Co&gt;", email.HtmlBody);
        Assert.DoesNotContain("<Anna", email.HtmlBody);
    }

    [Fact]
    public void Rescheduled_WithPreviousTime_ShowsOldAndNewTime()
    {
        var booking = NewBooking(sequence: 1);
        var previous = new Interval(booking.Start - Duration.FromDays(1), booking.End - Duration.FromDays(1));

        var email = BookingEmails.Rescheduled(Context(booking), previous);

        Assert.Equal("Moved: Haircut at Studio Anna to Monday 30 March at 15:00", email.Subject);
        Assert.Contains("Date: Monday 30 March 2026", email.TextBody);
        Assert.Contains("Was: Sunday 29 March 2026, 15:00 – 15:45 (Europe/Brussels)", email.TextBody);
        Assert.Contains("Sunday 29 March 2026", email.HtmlBody);
        Assert.Equal("1", IcsDocument.Parse(System.Text.Encoding.UTF8.GetString(email.Attachments![0].Content)).Component("VEVENT").Value("SEQUENCE"));
    }

    [Fact]
    public void Cancellation_CancelledBooking_AttachesCancelWithoutCalendarOrManageLinks()
    {
        var email = BookingEmails.Cancellation(Context(NewBooking(BookingStatus.Cancelled, 2)));

        Assert.Equal("Cancelled: Haircut at Studio Anna on Monday 30 March at 15:00", email.Subject);
        Assert.Contains("Monday 30 March 2026", email.TextBody);
        Assert.DoesNotContain("calendar.google.com", email.HtmlBody);
        Assert.DoesNotContain("/booking/tok", email.TextBody);
        var attachment = Assert.Single(email.Attachments!);
        Assert.Equal("text/calendar; method=CANCEL; charset=utf-8", attachment.ContentType);
        var vevent = IcsDocument.Parse(System.Text.Encoding.UTF8.GetString(attachment.Content)).Component("VEVENT");
        Assert.Equal(("2", "CANCELLED"), (vevent.Value("SEQUENCE"), vevent.Value("STATUS")));
    }

    [Fact]
    public void Reminder_ConfirmedBooking_HasManageAndCalendarLinks()
    {
        var email = BookingEmails.Reminder(Context(NewBooking()));

        Assert.Equal("Reminder: Haircut at Studio Anna on Monday 30 March at 15:00", email.Subject);
        Assert.Contains("https://book.example.com/booking/tok", email.TextBody);
        Assert.Contains("calendar.google.com", email.TextBody);
        Assert.Equal("text/calendar; method=REQUEST; charset=utf-8", Assert.Single(email.Attachments!).ContentType);
    }

    [Fact]
    public void Confirmation_BookingCancelledSince_SaysSoAndAttachesCancel()
    {
        var context = Context(NewBooking(BookingStatus.Cancelled, 1)) with { ChangedSince = true };

        var email = BookingEmails.Confirmation(context);

        Assert.Contains("has been cancelled since", email.TextBody);
        Assert.Equal("text/calendar; method=CANCEL; charset=utf-8", Assert.Single(email.Attachments!).ContentType);
    }
}
