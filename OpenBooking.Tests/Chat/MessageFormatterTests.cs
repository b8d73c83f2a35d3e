using OpenBooking.Web.Chat;

namespace OpenBooking.Tests.Chat;

public sealed class MessageFormatterTests
{
    [Fact]
    public void Parse_BareBookingPath_BecomesLink()
    {
        var parts = MessageFormatter.Parse("Manage it at /booking/Ab-9_x.");

        Assert.Equal([new TextPart("Manage it at "), new LinkPart("/booking/Ab-9_x", "/booking/Ab-9_x"), new TextPart(".")], parts);
    }

    [Fact]
    public void Parse_UrlInBrackets_LeavesClosingBracketOut()
    {
        var parts = MessageFormatter.Parse("(see https://example.com/a)");

        Assert.Equal(new LinkPart("https://example.com/a", "https://example.com/a"), parts[1]);
        Assert.Equal(new TextPart(")"), parts[2]);
    }

    [Theory]
    [InlineData("[x](javascript:alert(1))")]
    [InlineData("[x](//evil.example.com)")]
    [InlineData("[x](data:text/html,hi)")]
    public void Parse_UnsafeMarkdownTarget_StaysText(string text)
    {
        var parts = MessageFormatter.Parse(text);

        Assert.DoesNotContain(parts, p => p is LinkPart);
    }

    [Fact]
    public void Parse_NewLines_BecomeLineBreaks()
    {
        var parts = MessageFormatter.Parse("Here are the free times:\r\n1. Mon\n2. Tue");

        Assert.Equal(2, parts.Count(p => p is LineBreakPart));
        Assert.Equal(new TextPart("2. Tue"), parts[^1]);
    }
}
