using OpenBooking.Web.Agent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenBooking.Tests.Agent;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Email;
using OpenBooking.Tools.Data.WebApp;
using OpenBooking.Web.Chat;

namespace OpenBooking.Tests.Chat;

public sealed class ChatServiceTests
{
    private static void AddChat(IServiceCollection services)
    {
        // Both agents, as the app has them (Agent:Mode is BuiltIn unless set).
        services.AddChat();
    }

    [Fact]
    public async Task Open_NewConversation_StartsWithTheGreeting()
    {
        await using var host = await ToolsTestHost.StartAsync(configure: AddChat);

        var conversation = await host.Get<ChatService>().OpenAsync(Guid.NewGuid());

        var greeting = Assert.Single(conversation.Messages);
        Assert.Equal(MessageAuthor.Agent, greeting.Author);
        Assert.Equal("Hello! What can I do for you today?", greeting.Text);
    }

    [Fact]
    public async Task Send_ThenServerRestart_TranscriptAndAgentMemorySurvive()
    {
        var dataDirectory = TempFolder.Create();
        var settings = new Dictionary<string, string?> { ["Storage:DataDirectory"] = dataDirectory };
        var id = Guid.NewGuid();
        var clock = TestClock.At("2026-03-26T10:00");

        await using (var first = await ToolsTestHost.StartAsync(clock, settings, AddChat))
        {
            await first.Get<ChatService>().SendAsync(id, "I want to book an appointment tomorrow at 15:00");
            await first.Get<ChatService>().SendAsync(id, "yes");
        }
        await using var second = await ToolsTestHost.StartAsync(clock, settings, AddChat);
        var chat = second.Get<ChatService>();
        var reopened = await chat.OpenAsync(id);
        var next = await chat.SendAsync(id, "john@example.com");

        Assert.Equal(
            [
                "Hello! What can I do for you today?", "I want to book an appointment tomorrow at 15:00",
                "I found a free slot from 15:00 to 16:00 tomorrow (Friday 27 March). Book it?", "yes", "Please provide your email for verification.",
            ],
            reopened.Messages.Select(m => m.Text));
        Assert.Contains("sent a 6-digit code to john@example.com", Assert.Single(next.Replies).Text);
    }

    [Fact]
    public async Task Send_OverTheLimit_IsRefusedWholeAndNothingIsSavedOrAnswered()
    {
        await using var host = await ToolsTestHost.StartAsync(configure: AddChat);
        var chat = host.Get<ChatService>();
        var id = Guid.NewGuid();
        await chat.OpenAsync(id);

        var refused = await Assert.ThrowsAsync<MessageTooLongException>(() => chat.SendAsync(id, "  " + new string('a', 5000) + "  "));
        var exact = await chat.SendAsync(id, new string('b', ChatService.MaxMessageLength));

        Assert.Equal(5000, refused.Length);
        Assert.Contains("5,000 characters", refused.Message);
        Assert.Equal(ChatService.MaxMessageLength, exact.Customer.Text.Length);
        var texts = (await chat.OpenAsync(id)).Messages.Select(m => m.Text).ToList();
        Assert.DoesNotContain(texts, t => t.StartsWith('a'));
        Assert.Equal(3, texts.Count);
    }

    [Fact]
    public async Task Send_TheOneTimeCode_AgentVerifiesButTheStoredTranscriptMasksIt()
    {
        await using var host = await ToolsTestHost.StartAsync(configure: AddChat);
        var chat = host.Get<ChatService>();
        var id = Guid.NewGuid();
        await chat.SendAsync(id, "I'd like to see my bookings");
        await chat.SendAsync(id, "john@example.com");
        var code = host.Get<PickupMailbox>().LatestCode("john@example.com");
        var spaced = $"it's {code[..3]} {code[3..]}, call me on +32 470 123 456";

        var exchange = await chat.SendAsync(id, spaced);

        Assert.Equal("it's ••••••, call me on +32 470 123 456", exchange.Customer.Text);
        Assert.Contains("verified", exchange.Replies[0].Text, StringComparison.OrdinalIgnoreCase);
        var stored = await host.WithDbAsync(db => db.ConversationMessages.Select(m => m.Text).ToListAsync());
        Assert.DoesNotContain(stored, t => t.Contains(code) || t.Contains(code[..3] + " " + code[3..]));
        Assert.DoesNotContain(host.Logs.Lines, l => l.Contains(code));
    }

    [Fact]
    public async Task Send_WithTheBrowsersAddress_CodeRequestsCountedByIt()
    {
        await using var host = await ToolsTestHost.StartAsync(configure: AddChat);
        var chat = host.Get<ChatService>();
        var id = Guid.NewGuid();

        await chat.SendAsync(id, "book tomorrow at 15:00", clientAddress: "::ffff:198.51.100.7");
        await chat.SendAsync(id, "john@example.com", clientAddress: "::ffff:198.51.100.7");

        var entry = await host.WithDbAsync(db => db.OtpAuditEntries.SingleAsync());
        Assert.Equal("198.51.100.7", entry.ClientAddress);
        Assert.Equal(OtpAuditOutcome.Sent, entry.Outcome);
    }
}
