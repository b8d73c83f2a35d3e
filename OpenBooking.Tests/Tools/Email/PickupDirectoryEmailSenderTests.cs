using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Email;

namespace OpenBooking.Tests.Tools.Email;

public sealed class PickupDirectoryEmailSenderTests
{
    private const string Calendar = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:x@openbooking\r\nSUMMARY:Café\\, 15:00\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

    [Fact]
    public async Task Send_WithCalendarAndFileAttachments_ReadsBackNamesAndCalendarText()
    {
        await using var host = await ToolsTestHost.StartAsync();
        var message = new EmailMessage("john@example.com", "Confirmed", "Plain body", "<p>HTML body</p>",
        [
            EmailAttachment.FromText("appointment.ics", "text/calendar; method=REQUEST; charset=utf-8", Calendar),
            new EmailAttachment("notes.txt", "text/plain", "not the body"u8.ToArray()),
        ]);

        await host.Get<IEmailSender>().SendAsync(message);

        var received = Assert.Single(host.Get<PickupMailbox>().ReadNewest());
        Assert.Equal("Plain body", received.TextBody);
        Assert.Equal("<p>HTML body</p>", received.HtmlBody);
        Assert.Equal(["appointment.ics", "notes.txt"], received.AttachmentNames);
        Assert.Equal(Calendar, received.CalendarText);
        var eml = File.ReadAllText(Directory.GetFiles(host.Get<PickupDirectoryEmailSender>().Directory, "*.eml").Single());
        Assert.Contains("method=REQUEST", eml);
    }

    [Fact]
    public async Task Send_PlainMessage_HasNoAttachments()
    {
        await using var host = await ToolsTestHost.StartAsync();

        await host.Get<IEmailSender>().SendAsync(new EmailMessage("john@example.com", "Hello", "Just text"));

        var received = Assert.Single(host.Get<PickupMailbox>().ReadNewest());
        Assert.Equal("Just text", received.TextBody);
        Assert.Empty(received.AttachmentNames);
        Assert.Null(received.CalendarText);
        Assert.Null(received.HtmlBody);
    }
}
