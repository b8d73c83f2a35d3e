using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Email;
using OpenBooking.Tools.Hosting;
using OpenBooking.Tools.Mcp;

namespace OpenBooking.Tests.Tools.Email;

/// <summary>The Azure Communication Services provider against a local server that checks signatures as the service does.</summary>
public sealed class AcsEmailSenderTests
{
    private const string Calendar = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n";

    [Fact]
    public async Task Send_SignedRequest_AcceptedThenPolledUntilSucceeded()
    {
        await using var host = await ToolsTestHost.StartAsync(settings: new TestSettings().WithoutBackgroundWork());
        await using var acs = await FakeAcsEmailServer.StartAsync(() => host.Clock.GetCurrentInstant().ToDateTimeOffset());
        await host.Get<SettingsStore>().SetAsync(acs.Settings());
        var message = new EmailMessage("john@example.com", "Confirmed", "Plain body", "<p>HTML body</p>",
            [EmailAttachment.FromText("appointment.ics", "text/calendar; method=REQUEST; charset=utf-8", Calendar)]);

        var receipt = await host.Get<IEmailSender>().SendAsync(message);

        // One signed POST, then Running, Running, Succeeded: each poll signed too, each wait the Retry-After asked for.
        Assert.Equal(["POST", "GET", "GET", "GET"], acs.Requests.Select(r => r.Method));
        Assert.All(acs.Requests, r => Assert.True(r.Authenticated, r.Reason));
        Assert.Equal($"/emails:send?api-version={FakeAcsEmailServer.ApiVersion}", acs.Requests[0].Target);
        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2)], host.Delays.Waits);
        var operationId = acs.Requests[0].OperationId;
        Assert.Equal(EmailProvider.AzureCommunicationServices, receipt.Provider);
        Assert.Equal(operationId, receipt.OperationId);
        Assert.Equal($"Operation {operationId}: Succeeded.", receipt.Answer);

        var sent = Assert.Single(acs.Emails);
        Assert.Equal("DoNotReply@contoso.azurecomm.net", (string?)sent["senderAddress"]);
        Assert.Equal("john@example.com", (string?)sent["recipients"]!["to"]![0]!["address"]);
        Assert.Equal("Confirmed", (string?)sent["content"]!["subject"]);
        Assert.Equal("Plain body", (string?)sent["content"]!["plainText"]);
        Assert.Equal("<p>HTML body</p>", (string?)sent["content"]!["html"]);
        var attachment = Assert.Single(sent["attachments"]!.AsArray())!;
        Assert.Equal("appointment.ics", (string?)attachment["name"]);
        Assert.Equal("text/calendar", (string?)attachment["contentType"]);
        Assert.Equal(Calendar, Encoding.UTF8.GetString(Convert.FromBase64String((string)attachment["contentInBase64"]!)));
        Assert.True((bool?)sent["userEngagementTrackingDisabled"]);
    }

    [Fact]
    public async Task Send_OperationFails_ThrowsWithTheServicesMessage()
    {
        await using var host = await ToolsTestHost.StartAsync(settings: new TestSettings().WithoutBackgroundWork());
        await using var acs = await FakeAcsEmailServer.StartAsync(() => host.Clock.GetCurrentInstant().ToDateTimeOffset());
        acs.Failure = ("EmailDroppedAllRecipientsSuppressed", "Message was not delivered: all recipients are on the suppression list.");
        await host.Get<SettingsStore>().SetAsync(acs.Settings());

        var error = await Assert.ThrowsAsync<EmailDeliveryException>(() => host.Get<IEmailSender>().SendAsync(new EmailMessage("john@example.com", "Hello", "Text")));

        var operationId = acs.Requests[0].OperationId;
        Assert.Equal(
            $"Azure Communication Services reports operation {operationId} Failed: EmailDroppedAllRecipientsSuppressed: Message was not delivered: all recipients are on the suppression list.",
            error.Message);
        var status = (await host.Get<EmailDiagnostics>().GetStatusAsync()).Single(s => s.Provider == EmailProvider.AzureCommunicationServices);
        Assert.True(status.IsFailing);
        Assert.Equal(error.Message, status.LastError);
    }

    [Fact]
    public async Task Send_WrongAccessKey_401ThrowsAClearErrorWithoutTheKey()
    {
        await using var host = await ToolsTestHost.StartAsync(settings: new TestSettings().WithoutBackgroundWork());
        await using var acs = await FakeAcsEmailServer.StartAsync(() => host.Clock.GetCurrentInstant().ToDateTimeOffset());
        var wrongKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
        await host.Get<SettingsStore>().SetAsync(acs.Settings($"endpoint={acs.Endpoint}/;accesskey={wrongKey}"));

        var error = await Assert.ThrowsAsync<EmailDeliveryException>(() => host.Get<IEmailSender>().SendAsync(new EmailMessage("john@example.com", "Hello", "Text")));

        Assert.StartsWith("Azure Communication Services refused the email (401): Denied: Denied by the resource provider.", error.Message);
        Assert.Contains("Check the access key in Email:AzureCommunicationServices:ConnectionString", error.Message);
        Assert.DoesNotContain(wrongKey, error.ToString());
        Assert.False(Assert.Single(acs.Requests).Authenticated);
        Assert.Empty(acs.Emails);
        Assert.DoesNotContain(host.Logs.Lines, l => l.Contains(wrongKey) || l.Contains(acs.AccessKey));
    }

    [Fact]
    public async Task Send_ClockFarFromTheServices_401()
    {
        await using var host = await ToolsTestHost.StartAsync(settings: new TestSettings().WithoutBackgroundWork());
        await using var acs = await FakeAcsEmailServer.StartAsync(() => host.Clock.GetCurrentInstant().ToDateTimeOffset().AddMinutes(20));
        await host.Get<SettingsStore>().SetAsync(acs.Settings());

        var error = await Assert.ThrowsAsync<EmailDeliveryException>(() => host.Get<IEmailSender>().SendAsync(new EmailMessage("john@example.com", "Hello", "Text")));

        Assert.Contains("(401)", error.Message);
        Assert.Contains("clock", error.Message);
    }

    [Fact]
    public async Task SendEmailOtp_OverAcs_CodeInThePlainTextBody()
    {
        await using var host = await ToolsTestHost.StartAsync(settings: new TestSettings().WithoutBackgroundWork());
        await using var acs = await FakeAcsEmailServer.StartAsync(() => host.Clock.GetCurrentInstant().ToDateTimeOffset());
        acs.RunningPolls = 0;
        await host.Get<SettingsStore>().SetAsync(acs.Settings());
        var clients = host.Get<InMemoryToolClients>();

        var sent = await clients.CallAsync("send_email_otp", new Dictionary<string, object?> { ["email"] = "john@example.com" });

        Assert.NotEqual(true, sent.IsError);
        var plainText = (string)Assert.Single(acs.Emails)["content"]!["plainText"]!;
        var code = OtpCodes.In(plainText);
        var verified = (await clients.CallAsync("verify_email_otp", new Dictionary<string, object?> { ["email"] = "john@example.com", ["code"] = code }))
            .Structured<OtpVerifyResult>();
        Assert.True(verified.Verified);
    }

    [Theory]
    [InlineData("endpoint=https://contoso.communication.azure.com/;accesskey=bm90LWEtcmVhbC1rZXk=", null)]
    [InlineData("accesskey=bm90LWEtcmVhbC1rZXk=", "has no valid endpoint")]
    [InlineData("endpoint=http://contoso.communication.azure.com/;accesskey=bm90LWEtcmVhbC1rZXk=", "must use an https endpoint")]
    [InlineData("endpoint=https://contoso.communication.azure.com/;accesskey=not base64!", "has no valid accesskey")]
    public void TryParse_ConnectionStrings_ExplainWithoutRepeatingTheKey(string value, string? problem)
    {
        var ok = AcsConnectionString.TryParse(value, out var parsed, out var why);

        Assert.Equal(problem is null, ok);
        if (problem is null)
        {
            Assert.Equal("https://contoso.communication.azure.com", parsed!.Endpoint);
        }
        else
        {
            Assert.StartsWith(problem, why);
            Assert.DoesNotContain("bm90", why);
        }
    }
}
