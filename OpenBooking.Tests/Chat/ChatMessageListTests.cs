using Bunit;
using OpenBooking.Tools.Data.WebApp;
using OpenBooking.Web.Chat;

namespace OpenBooking.Tests.Chat;

public sealed class ChatMessageListTests : BunitContext
{
    public ChatMessageListTests() => JSInterop.Mode = JSRuntimeMode.Loose;

    [Fact]
    public void Render_Messages_InAPoliteLogWithAuthors()
    {
        ChatEntry[] messages =
        [
            new(1, MessageAuthor.Agent, "Hello! What can I do for you today?"),
            new(2, MessageAuthor.Customer, "Book me tomorrow at 3"),
            new(3, MessageAuthor.Agent, "Please provide your email for verification."),
        ];

        var cut = Render<ChatMessageList>(p => p.Add(c => c.Messages, messages));

        var log = cut.Find("[role=log]");
        Assert.Equal("polite", log.GetAttribute("aria-live"));
        var authors = log.QuerySelectorAll("[data-author]").Select(e => e.GetAttribute("data-author"));
        Assert.Equal(["agent", "customer", "agent"], authors);
        Assert.Empty(cut.FindAll(".typing"));
    }

    [Fact]
    public void Render_Busy_ShowsTypingIndicator()
    {
        var cut = Render<ChatMessageList>(p => p
            .Add(c => c.Messages, [new ChatEntry(1, MessageAuthor.Customer, "hi")])
            .Add(c => c.Busy, true));

        Assert.Contains("typing", cut.Find(".typing").TextContent);
    }

    [Fact]
    public void Render_NewMessage_ScrollsToTheEnd()
    {
        var messages = new List<ChatEntry> { new(1, MessageAuthor.Agent, "Hello") };
        var cut = Render<ChatMessageList>(p => p.Add(c => c.Messages, messages));

        messages.Add(new ChatEntry(2, MessageAuthor.Customer, "hi"));
        cut.Render(p => p.Add(c => c.Messages, messages));

        Assert.Equal(2, JSInterop.Invocations.Count(i => i.Identifier == "scrollToEnd"));
    }
}
