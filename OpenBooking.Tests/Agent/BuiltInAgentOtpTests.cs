using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Testing;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tests.Tools.Email;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Email;

namespace OpenBooking.Tests.Agent;

/// <summary>
/// The agent when a code cannot be sent: a limit (it says when the customer can ask again) or an email provider that
/// refuses (it says so and offers to try again). Thursday 26 March 2026, 10:00 in Brussels.
/// </summary>
public sealed class BuiltInAgentOtpTests
{
    private static FakeClock Thursday() => TestClock.At("2026-03-26T10:00");

    [Fact]
    public async Task Respond_ResendWithinTheCooldown_SaysWhenAndKeepsTheFirstCodeValid()
    {
        await using var chat = await AgentConversation.StartAsync(Thursday());
        await chat.SayAsync("book tomorrow at 15:00");
        await chat.SayAsync("john@example.com");
        var code = chat.LatestCode();

        chat.Host.Clock.Advance(Duration.FromSeconds(15));
        var reply = await chat.SayAsync("I didn't get it, resend please");

        Assert.Equal(
            "Sorry, I can't send a new code to john@example.com right now. A code was sent to this address a moment ago. "
            + "You can ask for a new code in 45 seconds. If the code I sent before has arrived, please type it here.",
            reply);
        Assert.StartsWith("Verified! I found a free slot from 15:00 to 16:00 tomorrow", await chat.SayAsync(code));
    }

    [Fact]
    public async Task Respond_SixthCodeInAnHour_SaysHowManyMinutesToWait()
    {
        await using var chat = await AgentConversation.StartAsync(Thursday());
        await chat.SayAsync("book tomorrow at 15:00");
        await chat.SayAsync("john@example.com");
        for (var i = 0; i < 4; i++)
        {
            chat.Host.Clock.Advance(Duration.FromMinutes(2));
            Assert.StartsWith("I've sent a 6-digit code to john@example.com.", await chat.SayAsync("resend"));
        }

        chat.Host.Clock.Advance(Duration.FromMinutes(2));
        var reply = await chat.SayAsync("send me a new code");

        Assert.StartsWith("Sorry, I can't send a new code to john@example.com right now. Too many codes were sent to this address in the last hour. "
            + "You can ask for a new code in 50 minutes.", reply);
    }

    [Fact]
    public async Task Respond_EmailServiceRefuses_SaysTheCodeCouldNotBeSentAndRetriesOnYes()
    {
        await using var smtp = LoopbackSmtpServer.Start();
        smtp.MessageRefusal = "451 4.3.0 Mail server temporarily unavailable";
        await using var chat = await AgentConversation.StartAsync(Thursday(), smtp.Settings());
        await chat.SayAsync("book tomorrow at 15:00");

        var failed = await chat.SayAsync("john@example.com");
        smtp.MessageRefusal = null;
        var retried = await chat.SayAsync("yes");
        var code = OtpCodes.In(EmlReader.Read(Assert.Single(smtp.Received).Data, DateTime.UtcNow).TextBody);
        var verified = await chat.SayAsync(code);

        Assert.Equal(
            "Sorry, I couldn't send a code to john@example.com: the email service did not accept the code email just now. "
            + "Shall I try again, or would you like to use another email address?",
            failed);
        Assert.StartsWith("I've sent a 6-digit code to john@example.com.", retried);
        Assert.StartsWith("Verified!", verified);
    }

    [Fact]
    public async Task Respond_EmailServiceRefusesTheAddress_OffersAnotherAddress()
    {
        await using var smtp = LoopbackSmtpServer.Start();
        smtp.RecipientRefusal = "550 5.1.1 No such user here";
        await using var chat = await AgentConversation.StartAsync(Thursday(), smtp.Settings());
        await chat.SayAsync("book tomorrow at 15:00");

        var failed = await chat.SayAsync("jhon@example.com");
        smtp.RecipientRefusal = null;
        var other = await chat.SayAsync("john@example.com");

        Assert.Equal(
            "Sorry, I couldn't send a code to jhon@example.com: the email service refused the address jhon@example.com. "
            + "Shall I try again, or would you like to use another email address?",
            failed);
        Assert.StartsWith("I've sent a 6-digit code to john@example.com.", other);
    }

    [Fact]
    public async Task Respond_Codes_CountedByTheBrowsersAddress()
    {
        await using var chat = await AgentConversation.StartAsync(Thursday(), new Dictionary<string, string?> { ["Otp:MaxCodesPerAddressPerHour"] = "1" });
        chat.ClientAddress = "198.51.100.23";
        await chat.SayAsync("book tomorrow at 15:00");
        await chat.SayAsync("john@example.com");

        var reply = await chat.SayAsync("actually send it to mary@example.com");

        Assert.StartsWith("Sorry, I can't send a new code to mary@example.com right now. Too many codes were asked for from this connection", reply);
        var addresses = await chat.Host.WithDbAsync(db => db.OtpAuditEntries.Select(e => e.ClientAddress).Distinct().ToListAsync());
        Assert.Equal(["198.51.100.23"], addresses);
    }
}
