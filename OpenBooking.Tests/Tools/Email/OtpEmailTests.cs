using OpenBooking.Tools.Email;

namespace OpenBooking.Tests.Tools.Email;

public sealed class OtpEmailTests
{
    [Fact]
    public void Compose_Always_PutsTheCodeInTheSubjectAndBody()
    {
        var email = OtpEmail.Compose("john@example.com", "739201", "Studio Anna", 10);

        Assert.Equal("Your Studio Anna code: 739201", email.Subject);
        Assert.Contains("739201", email.TextBody);
        Assert.Contains("739 201", email.HtmlBody);
        Assert.Null(email.Attachments);
    }
}
