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

    [Fact]
    public void Parse_ModelMarkdown_BoldHeadingAndListItems_AreTidied()
    {
        var parts = MessageFormatter.Parse("## Free times\n- **Monday** 15:00 ([book](/booking/abc))\n* Tuesday 2 * 3");

        Assert.Equal(
            [
                new StrongPart("Free times"), LineBreakPart.Instance,
                new TextPart("• "), new StrongPart("Monday"), new TextPart(" 15:00 ("), new LinkPart("book", "/booking/abc"), new TextPart(")"), LineBreakPart.Instance,
                new TextPart("• Tuesday 2 * 3"),
            ],
            parts);
    }

    [Fact]
    public void Parse_LoneAsterisksAndHashes_StayText()
    {
        var parts = MessageFormatter.Parse("5 * 3 is **not bold and #1 is no heading");

        Assert.Equal([new TextPart("5 * 3 is **not bold and #1 is no heading")], parts);
    }
}
