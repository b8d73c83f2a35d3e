using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Email;
using OpenBooking.Tools.Hosting;
using OpenBooking.Tools.Mcp;

namespace OpenBooking.Tests.Tools.Email;

/// <summary>The SMTP provider against a real SMTP server on loopback (<see cref="LoopbackSmtpServer"/>), over TCP.</summary>
public sealed class SmtpEmailSenderTests
{
    private const string Calendar = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:x@openbooking\r\nSUMMARY:Haircut\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

    [Fact]
    public async Task SendEmailOtp_OverSmtp_CodeArrivesAndVerifies()
    {
        await using var smtp = LoopbackSmtpServer.Start();
        await using var host = await ToolsTestHost.StartAsync(settings: smtp.Settings().WithoutBackgroundWork());
        var clients = host.Get<InMemoryToolClients>();

        var sent = await clients.CallAsync("send_email_otp", new Dictionary<string, object?> { ["email"] = "john@example.com" });

        Assert.NotEqual(true, sent.IsError);
        var delivery = Assert.Single(smtp.Received);
        Assert.Equal(["john@example.com"], delivery.To);
        Assert.Equal("bookings@openbooking.local", delivery.From);
        var email = EmlReader.Read(delivery.Data, DateTime.UtcNow);
        var code = OtpCodes.In(email.TextBody);
        Assert.Matches(@"^\d{6}$", code);
        Assert.Contains(code, email.Subject);
        Assert.Contains($"{code[..3]} {code[3..]}", email.HtmlBody);
        var verified = (await clients.CallAsync("verify_email_otp", new Dictionary<string, object?> { ["email"] = "john@example.com", ["code"] = code }))
            .Structured<OtpVerifyResult>();
        Assert.True(verified.Verified);
    }

    [Fact]
    public async Task Send_WithAttachments_AttachmentsAndBothBodiesSurvive()
    {
        await using var smtp = LoopbackSmtpServer.Start();
        await using var host = await ToolsTestHost.StartAsync(settings: smtp.Settings().WithoutBackgroundWork());
        var message = new EmailMessage("john@example.com", "Confirmed: Café", "Plain body", "<p>HTML body</p>",
        [
            EmailAttachment.FromText("appointment.ics", "text/calendar; method=REQUEST; charset=utf-8", Calendar),
            new EmailAttachment("notes.txt", "text/plain", "not the body"u8.ToArray()),
        ]);

        var receipt = await host.Get<IEmailSender>().SendAsync(message);

        Assert.Equal(EmailProvider.Smtp, receipt.Provider);
        Assert.Contains($"127.0.0.1:{smtp.Port}", receipt.Answer);
        var email = EmlReader.Read(Assert.Single(smtp.Received).Data, DateTime.UtcNow);
        Assert.Equal("Confirmed: Café", email.Subject);
        Assert.Equal("Plain body", email.TextBody);
        Assert.Equal("<p>HTML body</p>", email.HtmlBody);
        Assert.Equal(["appointment.ics", "notes.txt"], email.AttachmentNames);
        Assert.Equal(Calendar, email.CalendarText);
    }

    [Fact]
    public async Task Send_WithCredentials_AuthenticatesWithThem()
    {
        await using var smtp = LoopbackSmtpServer.Start(userName: "mailer", password: "s3cret-Pa55");
        await using var host = await ToolsTestHost.StartAsync(settings: smtp.Settings().WithoutBackgroundWork());

        await host.Get<IEmailSender>().SendAsync(new EmailMessage("john@example.com", "Hello", "Text"));

        Assert.Equal("mailer", Assert.Single(smtp.Received).AuthenticatedUser);
        Assert.Contains(smtp.Commands, c => c.StartsWith("AUTH ", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Send_WrongPassword_ThrowsNamingTheServerWithoutThePassword()
    {
        await using var smtp = LoopbackSmtpServer.Start(userName: "mailer", password: "the-right-one");
        var settings = smtp.Settings();
        settings["Email:Smtp:Password"] = "Wr0ng-Pa55word";
        await using var host = await ToolsTestHost.StartAsync(settings: new TestSettings().WithoutBackgroundWork().With(settings));

        var error = await Assert.ThrowsAsync<EmailDeliveryException>(() => host.Get<IEmailSender>().SendAsync(new EmailMessage("john@example.com", "Hello", "Text")));

        Assert.StartsWith($"The SMTP server 127.0.0.1:{smtp.Port} did not accept the sign-in (530)", error.Message);
        Assert.Contains("Check Email:Smtp:UserName and Email:Smtp:Password.", error.Message);
        Assert.DoesNotContain("Wr0ng-Pa55word", error.ToString());
        Assert.Empty(smtp.Received);
        Assert.DoesNotContain(host.Logs.Lines, l => l.Contains("Wr0ng-Pa55word"));
    }

    [Fact]
    public async Task Send_ServerRefusesRecipient_ThrowsWithTheServersAnswer()
    {
        await using var smtp = LoopbackSmtpServer.Start();
        smtp.RecipientRefusal = "550 5.1.1 No such user here";
        await using var host = await ToolsTestHost.StartAsync(settings: smtp.Settings().WithoutBackgroundWork());

        var error = await Assert.ThrowsAsync<EmailDeliveryException>(() => host.Get<IEmailSender>().SendAsync(new EmailMessage("nobody@example.com", "Hello", "Text")));

        Assert.True(error.RecipientRejected);
        Assert.Contains("refused the recipient (550)", error.Message);
        Assert.Contains("No such user here", error.Message);
        Assert.Contains(host.Logs.Lines, l => l.StartsWith("Warning") && l.Contains("No such user here"));
    }

    [Fact]
    public async Task Send_ServerRefusesMessage_ThrowsWithTheServersAnswer()
    {
        await using var smtp = LoopbackSmtpServer.Start();
        smtp.MessageRefusal = "554 5.7.1 Message rejected as spam";
        await using var host = await ToolsTestHost.StartAsync(settings: smtp.Settings().WithoutBackgroundWork());

        var error = await Assert.ThrowsAsync<EmailDeliveryException>(() => host.Get<IEmailSender>().SendAsync(new EmailMessage("john@example.com", "Hello", "Text")));

        Assert.False(error.RecipientRejected);
        Assert.Contains($"The SMTP server 127.0.0.1:{smtp.Port} did not accept the email (554)", error.Message);
        Assert.Contains("Message rejected as spam", error.Message);
        Assert.True((await host.Get<EmailDiagnostics>().GetStatusAsync()).Single(s => s.Provider == EmailProvider.Smtp).IsFailing);
    }

    [Fact]
    public async Task Send_NoServerListening_ThrowsCouldNotConnect()
    {
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        await using var host = await ToolsTestHost.StartAsync(settings: new TestSettings().WithoutBackgroundWork().With(new Dictionary<string, string?>
        {
            ["Email:Provider"] = "Smtp",
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:Smtp:EnableSsl"] = "false",
        }));

        var error = await Assert.ThrowsAsync<EmailDeliveryException>(() => host.Get<IEmailSender>().SendAsync(new EmailMessage("john@example.com", "Hello", "Text")));

        Assert.StartsWith($"Could not connect to the SMTP server 127.0.0.1:{port}", error.Message);
    }

    [Fact]
    public async Task Send_ServerNeverAnswers_ThrowsAfterTheTimeout()
    {
        var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        try
        {
            await using var host = await ToolsTestHost.StartAsync(settings: new TestSettings().WithoutBackgroundWork().With(new Dictionary<string, string?>
            {
                ["Email:Provider"] = "Smtp",
                ["Email:Smtp:Host"] = "127.0.0.1",
                ["Email:Smtp:Port"] = ((IPEndPoint)silent.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Email:Smtp:Timeout"] = "00:00:01",
            }));

            var error = await Assert.ThrowsAsync<EmailDeliveryException>(() => host.Get<IEmailSender>().SendAsync(new EmailMessage("john@example.com", "Hello", "Text")));

            Assert.EndsWith("did not finish within 1 s.", error.Message);
        }
        finally
        {
            silent.Stop();
        }
    }

    [Fact]
    public async Task Send_WithEnableSslToAServerWithoutStartTls_SaysSo()
    {
        await using var smtp = LoopbackSmtpServer.Start();
        await using var host = await ToolsTestHost.StartAsync(settings: smtp.Settings(enableSsl: true).WithoutBackgroundWork());

        var error = await Assert.ThrowsAsync<EmailDeliveryException>(() => host.Get<IEmailSender>().SendAsync(new EmailMessage("john@example.com", "Hello", "Text")));

        Assert.StartsWith($"The SMTP server 127.0.0.1:{smtp.Port} does not offer STARTTLS", error.Message);
    }

    [Fact]
    public async Task Send_WithEnableSsl_UpgradesWithStartTlsBeforeAuthenticating()
    {
        await using var smtp = LoopbackSmtpServer.Start(userName: "mailer", password: "s3cret-Pa55", offerTls: true);
        await using var host = await ToolsTestHost.StartAsync(settings: smtp.Settings(enableSsl: true).WithoutBackgroundWork());

        using (TrustCertificate(smtp.Certificate!))
        {
            await host.Get<IEmailSender>().SendAsync(new EmailMessage("john@example.com", "Over TLS", "Text"));
        }

        var delivery = Assert.Single(smtp.Received);
        Assert.True(delivery.Tls);
        Assert.Equal("mailer", delivery.AuthenticatedUser);
        var commands = smtp.Commands.ToList();
        Assert.True(commands.FindIndex(c => c == "STARTTLS") < commands.FindIndex(c => c.StartsWith("AUTH ", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task Send_WithEnableSslAndAnUntrustedCertificate_ThrowsTlsFailure()
    {
        await using var smtp = LoopbackSmtpServer.Start(offerTls: true);
        await using var host = await ToolsTestHost.StartAsync(settings: smtp.Settings(enableSsl: true).WithoutBackgroundWork());

        var error = await Assert.ThrowsAsync<EmailDeliveryException>(() => host.Get<IEmailSender>().SendAsync(new EmailMessage("john@example.com", "Over TLS", "Text")));

        Assert.Contains("TLS", error.Message);
        Assert.Empty(smtp.Received);
    }

    /// <summary>
    /// System.Net.Mail checks the server certificate through the process-wide callback; this trusts exactly the test's
    /// self-signed certificate (anything else still needs a clean chain) until disposed.
    /// </summary>
    private static IDisposable TrustCertificate(System.Security.Cryptography.X509Certificates.X509Certificate2 trusted)
    {
#pragma warning disable SYSLIB0014 // ServicePointManager is how SmtpClient validates certificates.
        var previous = ServicePointManager.ServerCertificateValidationCallback;
        ServicePointManager.ServerCertificateValidationCallback = (_, certificate, _, errors) =>
            errors == SslPolicyErrors.None || certificate?.GetCertHashString() == trusted.GetCertHashString();
        return new Restore(() => ServicePointManager.ServerCertificateValidationCallback = previous);
#pragma warning restore SYSLIB0014
    }

    private sealed class Restore(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }
}
