using Microsoft.EntityFrameworkCore;
using NodaTime;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Calendar;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Email;
using OpenBooking.Tools.Hosting;
using OpenBooking.Tools.Mcp;

namespace OpenBooking.Tests.Tools.Email;

/// <summary>
/// One-time code limits through the MCP tools (in-memory transport, as the chat agent calls them), with a fake clock:
/// resend cooldown, per email and per client address per hour, attempts per code, expiry, the audit trail, and
/// answers that do not depend on whether the email belongs to a customer.
/// </summary>
public sealed class OtpLimitsTests
{
    private const string Browser = "203.0.113.7";

    [Fact]
    public async Task SendEmailOtp_AgainWithinTheCooldown_RefusedUntilItEnds()
    {
        await using var host = await StartAsync();
        await SendAsync(host, "john@example.com");

        host.Clock.Advance(Duration.FromSeconds(20));
        var refused = await SendAsync(host, "john@example.com");
        host.Clock.Advance(Duration.FromSeconds(40));
        var again = await SendAsync(host, "john@example.com");

        Assert.False(refused.Sent);
        Assert.Equal(40, refused.RetryAfterSeconds);
        Assert.Equal("A code was sent to this address a moment ago. You can ask for a new code in 40 seconds.", refused.Message);
        Assert.True(again.Sent);
        Assert.Equal(2, CodeEmails(host, "john@example.com"));
    }

    [Fact]
    public async Task SendEmailOtp_SixthCodeForOneEmailInAnHour_RefusedUntilTheFirstIsAnHourOld()
    {
        await using var host = await StartAsync();
        for (var i = 0; i < 5; i++)
        {
            Assert.True((await SendAsync(host, "john@example.com", address: $"198.51.100.{i}")).Sent);
            host.Clock.Advance(Duration.FromMinutes(2));
        }

        var refused = await SendAsync(host, "john@example.com", address: "198.51.100.9");
        host.Clock.Advance(Duration.FromMinutes(49));
        var stillRefused = await SendAsync(host, "john@example.com", address: "198.51.100.9");
        host.Clock.Advance(Duration.FromMinutes(1));
        var allowed = await SendAsync(host, "john@example.com", address: "198.51.100.9");

        Assert.False(refused.Sent);
        Assert.Equal(50 * 60, refused.RetryAfterSeconds);
        Assert.Equal("Too many codes were sent to this address in the last hour. You can ask for a new code in 50 minutes.", refused.Message);
        Assert.False(stillRefused.Sent);
        Assert.EndsWith("You can ask for a new code in 1 minute.", stillRefused.Message);
        Assert.True(allowed.Sent);
    }

    [Fact]
    public async Task SendEmailOtp_TwentyFirstCodeFromOneAddress_RefusedForThatAddressOnly()
    {
        await using var host = await StartAsync();
        for (var i = 0; i < 20; i++)
        {
            Assert.True((await SendAsync(host, $"person{i}@example.com")).Sent);
            host.Clock.Advance(Duration.FromMinutes(1));
        }

        var refused = await SendAsync(host, "someone.else@example.com");
        var otherBrowser = await SendAsync(host, "someone.else@example.com", address: "198.51.100.20");

        Assert.False(refused.Sent);
        Assert.Equal(40 * 60, refused.RetryAfterSeconds);
        Assert.Equal("Too many codes were asked for from this connection in the last hour. You can ask for a new code in 40 minutes.", refused.Message);
        Assert.True(otherBrowser.Sent);
    }

    [Fact]
    public async Task SendEmailOtp_AddressesInOneIpv6Slash64_ShareTheLimit()
    {
        await using var host = await StartAsync(new TestSettings().With("Otp:MaxCodesPerAddressPerHour", "2"));

        await SendAsync(host, "a@example.com", address: "2001:db8:1:2::10");
        await SendAsync(host, "b@example.com", address: "2001:db8:1:2:ffff::1");
        var sameSlash64 = await SendAsync(host, "c@example.com", address: "2001:db8:1:2:abcd::99");
        var nextSlash64 = await SendAsync(host, "c@example.com", address: "2001:db8:1:3::10");

        Assert.False(sameSlash64.Sent);
        Assert.True(nextSlash64.Sent);
    }

    [Fact]
    public async Task VerifyEmailOtp_FiveWrongTries_KillTheCode()
    {
        await using var host = await StartAsync();
        await SendAsync(host, "john@example.com");
        var code = LatestCode(host, "john@example.com");
        var wrong = code == "000000" ? "111111" : "000000";

        var tries = new List<OtpVerifyResult>();
        for (var i = 0; i < 5; i++)
        {
            tries.Add(await VerifyAsync(host, "john@example.com", wrong));
        }
        var right = await VerifyAsync(host, "john@example.com", code);

        Assert.Equal([4, 3, 2, 1, 0], tries.Select(t => t.AttemptsLeft));
        Assert.Equal("That code is not right. 1 try left.", tries[3].Message);
        Assert.False(right.Verified);
        Assert.Equal("Too many wrong tries for this code. Ask for a new one.", right.Message);
    }

    [Fact]
    public async Task VerifyEmailOtp_AfterTenMinutes_ExpiredAndANewCodeMayBeSent()
    {
        await using var host = await StartAsync();
        await SendAsync(host, "john@example.com");
        var code = LatestCode(host, "john@example.com");

        host.Clock.Advance(Duration.FromMinutes(10));
        var late = await VerifyAsync(host, "john@example.com", code);
        var resent = await SendAsync(host, "john@example.com");

        Assert.False(late.Verified);
        Assert.Equal("That code has expired. Ask for a new one.", late.Message);
        Assert.True(resent.Sent);
    }

    [Fact]
    public async Task Answers_CustomerWithBookings_SameAsAnUnknownEmail()
    {
        await using var host = await StartAsync();
        // John is a customer with a booking; Mary has never been here.
        await SendAsync(host, "john@example.com");
        var token = (await VerifyAsync(host, "john@example.com", LatestCode(host, "john@example.com"))).VerificationToken;
        var booked = await host.Get<InMemoryToolClients>().CallAsync("create_booking", new Dictionary<string, object?>
        {
            ["email"] = "john@example.com",
            ["start"] = "2026-03-30T15:00",
            ["verificationToken"] = token,
        });
        Assert.NotEqual(true, booked.IsError);
        host.Clock.Advance(Duration.FromHours(2));

        async Task<List<object>> ConversationAsync(string email, string address)
        {
            // The email itself is the only thing allowed to differ.
            OtpSentResult Anonymous(OtpSentResult r) => r with { Email = "", Message = r.Message.Replace(email, "<email>", StringComparison.Ordinal) };
            var answers = new List<object>();
            answers.Add(Anonymous(await SendAsync(host, email, address)));
            answers.Add(await VerifyAsync(host, email, WrongCode(host, email), address));
            answers.Add(Anonymous(await SendAsync(host, email, address)));
            for (var i = 0; i < 5; i++)
            {
                host.Clock.Advance(Duration.FromMinutes(1));
                answers.Add(Anonymous(await SendAsync(host, email, address)));
            }
            return answers;
        }
        var start = host.Clock.GetCurrentInstant();
        var john = await ConversationAsync("john@example.com", "198.51.100.1");
        host.Clock.Reset(start);
        var mary = await ConversationAsync("mary@example.com", "198.51.100.2");

        Assert.Equal(john, mary);
        Assert.Contains(john, a => a is OtpSentResult { Sent: false });
    }

    [Fact]
    public async Task Audit_EveryRequestAndCheck_Recorded()
    {
        await using var host = await StartAsync(new TestSettings().With("Otp:MaxCodesPerAddressPerHour", "3"));
        var start = host.Clock.GetCurrentInstant();

        await SendAsync(host, "john@example.com");                      // Sent
        await SendAsync(host, "john@example.com");                      // Cooldown
        await VerifyAsync(host, "john@example.com", WrongCode(host, "john@example.com")); // WrongCode
        await VerifyAsync(host, "nobody@example.com", "123456");        // NoCode
        host.Clock.Advance(Duration.FromMinutes(11));
        await VerifyAsync(host, "john@example.com", "123456");          // Expired
        await SendAsync(host, "mary@example.com");                      // Sent
        await VerifyAsync(host, "mary@example.com", LatestCode(host, "mary@example.com")); // Verified
        await SendAsync(host, "anna@example.com");                      // Sent
        await SendAsync(host, "otto@example.com");                      // AddressLimit

        var entries = await host.WithDbAsync(db => db.OtpAuditEntries.AsNoTracking().OrderBy(e => e.Id).ToListAsync());
        Assert.Equal(
            [OtpAuditOutcome.Sent, OtpAuditOutcome.Cooldown, OtpAuditOutcome.WrongCode, OtpAuditOutcome.NoCode, OtpAuditOutcome.Expired,
             OtpAuditOutcome.Sent, OtpAuditOutcome.Verified, OtpAuditOutcome.Sent, OtpAuditOutcome.AddressLimit],
            entries.Select(e => e.Outcome));
        Assert.Equal(
            ["john@example.com", "john@example.com", "john@example.com", "nobody@example.com", "john@example.com",
             "mary@example.com", "mary@example.com", "anna@example.com", "otto@example.com"],
            entries.Select(e => e.Email));
        Assert.All(entries, e => Assert.Equal(Browser, e.ClientAddress));
        Assert.Equal(start, entries[0].At);
        Assert.Equal(start + Duration.FromMinutes(11), entries[^1].At);
    }

    [Fact]
    public async Task SendEmailOtp_EmailProviderRefuses_ToolErrorCodeWithdrawnNoCooldown()
    {
        await using var smtp = LoopbackSmtpServer.Start();
        smtp.MessageRefusal = "451 4.3.0 Try again later";
        await using var host = await StartAsync(smtp.Settings());
        var clients = host.Get<InMemoryToolClients>();

        var failed = await clients.CallAsync("send_email_otp", new Dictionary<string, object?> { ["email"] = "john@example.com" }, Browser);
        var noCode = await VerifyAsync(host, "john@example.com", "123456");
        smtp.MessageRefusal = null;
        var retried = await SendAsync(host, "john@example.com");

        Assert.True(failed.IsError);
        Assert.Equal("The email service did not accept the code email just now.", failed.ErrorText());
        Assert.Equal(ToolErrorCodes.DeliveryFailed, failed.ErrorCode());
        Assert.DoesNotContain("451", failed.ErrorText());
        Assert.Equal("No code is waiting for this email. Ask for one first.", noCode.Message);
        Assert.True(retried.Sent);
        var outcomes = await host.WithDbAsync(db => db.OtpAuditEntries.OrderBy(e => e.Id).Select(e => e.Outcome).ToListAsync());
        Assert.Equal([OtpAuditOutcome.DeliveryFailed, OtpAuditOutcome.NoCode, OtpAuditOutcome.Sent], outcomes);
    }

    [Fact]
    public async Task SendEmailOtp_WithoutAClientAddress_CountsAsUnknown()
    {
        await using var host = await StartAsync();

        await host.Get<InMemoryToolClients>().CallAsync("send_email_otp", new Dictionary<string, object?> { ["email"] = "john@example.com" });

        var entry = await host.WithDbAsync(db => db.OtpAuditEntries.SingleAsync());
        Assert.Equal(ToolCaller.UnknownAddress, entry.ClientAddress);
    }

    [Theory]
    [InlineData(1, "in 1 second")]
    [InlineData(44.2, "in 45 seconds")]
    [InlineData(60, "in 1 minute")]
    [InlineData(61, "in 2 minutes")]
    [InlineData(23 * 60, "in 23 minutes")]
    public void In_Waits_RoundedUpForPeople(double seconds, string expected) =>
        Assert.Equal(expected, EmailOtpTools.In(Duration.FromMilliseconds(seconds * 1000)));

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64")]
    [InlineData("::1", "::1")]
    [InlineData("stdio", "stdio")]
    [InlineData(null, "unknown")]
    [InlineData(" ", "unknown")]
    public void NormalizeAddress_OneBucketPerCaller(string? address, string expected) =>
        Assert.Equal(expected, ToolCaller.NormalizeAddress(address));

    private static Task<ToolsTestHost> StartAsync(TestSettings? settings = null) =>
        ToolsTestHost.StartAsync(settings: (settings ?? new TestSettings()).WithoutBackgroundWork());

    private static async Task<OtpSentResult> SendAsync(ToolsTestHost host, string email, string address = Browser) =>
        (await host.Get<InMemoryToolClients>().CallAsync("send_email_otp", new Dictionary<string, object?> { ["email"] = email }, address))
            .Structured<OtpSentResult>();

    private static async Task<OtpVerifyResult> VerifyAsync(ToolsTestHost host, string email, string code, string address = Browser) =>
        (await host.Get<InMemoryToolClients>().CallAsync("verify_email_otp", new Dictionary<string, object?> { ["email"] = email, ["code"] = code }, address))
            .Structured<OtpVerifyResult>();

    private static string LatestCode(ToolsTestHost host, string email) =>
        OtpCodes.In(host.Get<PickupMailbox>().ReadNewest().First(m => m.To.Contains(email, StringComparison.Ordinal)).TextBody);

    private static string WrongCode(ToolsTestHost host, string email) => LatestCode(host, email) == "000001" ? "000002" : "000001";

    private static int CodeEmails(ToolsTestHost host, string email) =>
        host.Get<PickupMailbox>().ReadNewest().Count(m => m.To.Contains(email, StringComparison.Ordinal) && m.Subject.Contains(" code: ", StringComparison.Ordinal));
}
