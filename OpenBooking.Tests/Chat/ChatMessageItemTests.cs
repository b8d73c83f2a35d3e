using Bunit;
using OpenBooking.Tools.Data.WebApp;
using OpenBooking.Web.Chat;

namespace OpenBooking.Tests.Chat;

public sealed class ChatMessageItemTests : BunitContext
{
    [Fact]
    public void Render_MarkdownAndBareLinks_RendersAnchors()
    {
        var item = new ChatEntry(1, MessageAuthor.Agent,
            "Your appointment is confirmed.\n[Manage your booking](/booking/abc_123) or see https://example.com/help.");

        var cut = Render<ChatMessageItem>(p => p.Add(c => c.Item, item));

        var links = cut.FindAll("a");
        Assert.Equal(2, links.Count);
        Assert.Equal("/booking/abc_123", links[0].GetAttribute("href"));
        Assert.Equal("Manage your booking", links[0].TextContent);
        Assert.Null(links[0].GetAttribute("target"));
        Assert.Equal("https://example.com/help", links[1].GetAttribute("href"));
        Assert.Equal("_blank", links[1].GetAttribute("target"));
        Assert.Contains("noopener", links[1].GetAttribute("rel"));
        Assert.Single(cut.FindAll("br"));
    }

    [Fact]
    public void Render_BoldFromAModel_IsStrong_AndItsTextIsEncoded()
    {
        var item = new ChatEntry(1, MessageAuthor.Agent, "Booked for **Monday <15:00>**.");

        var cut = Render<ChatMessageItem>(p => p.Add(c => c.Item, item));

        Assert.Equal("Monday <15:00>", cut.Find("strong").TextContent);
        Assert.Contains("Monday &lt;15:00&gt;", cut.Markup);
    }

    [Fact]
    public void Render_Streaming_MarksTheMessageAsBeingWritten()
    {
        var cut = Render<ChatMessageItem>(p => p.Add(c => c.Item, new ChatEntry(-1, MessageAuthor.Agent, "Monday at 15:00 is")).Add(c => c.Streaming, true));

        var message = cut.Find("[data-author=agent]");
        Assert.Equal("true", message.GetAttribute("data-streaming"));
        Assert.Equal("true", message.GetAttribute("aria-busy"));
    }

    [Fact]
    public void Render_HtmlInText_IsEncodedNotRendered()
    {
        var item = new ChatEntry(1, MessageAuthor.Customer, "<script>alert(1)</script><b>hi</b> [x](javascript:alert(1))");

        var cut = Render<ChatMessageItem>(p => p.Add(c => c.Item, item));

        Assert.Empty(cut.FindAll("script"));
        Assert.Empty(cut.FindAll("b"));
        Assert.Empty(cut.FindAll("a"));
        Assert.Contains("<script>alert(1)</script><b>hi</b> [x](javascript:alert(1))", cut.Find(".bubble").TextContent);
        Assert.Contains("&lt;script&gt;", cut.Markup);
    }

    [Theory]
    [InlineData(MessageAuthor.Agent, "agent")]
    [InlineData(MessageAuthor.Customer, "customer")]
    public void Render_Author_SetsDataAuthor(MessageAuthor author, string expected)
    {
        var cut = Render<ChatMessageItem>(p => p.Add(c => c.Item, new ChatEntry(1, author, "Hello")));

        Assert.Equal(expected, cut.Find(".message").GetAttribute("data-author"));
    }
}
