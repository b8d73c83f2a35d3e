using NodaTime;
using OpenBooking.Web.Agent.Understanding;
using static OpenBooking.Tests.Agent.Understanding.Recognizers.Recognizing;

namespace OpenBooking.Tests.Agent.Understanding.Recognizers;

/// <summary>The date recognizer alone (said on Friday 27 March 2026).</summary>
public sealed class DateRecognizerTests
{
    [Theory]
    [InlineData("can I come on 2026-04-15?", "2026-04-15")]
    [InlineData("2026-04-15 09:00", "2026-04-15")]
    [InlineData("30.03.2026 14:00 please", "2026-03-30")]
    [InlineData("30/03 works", "2026-03-30")]
    [InlineData("the 2nd of April", "2026-04-02")]
    [InlineData("April 3rd in the morning", "2026-04-03")]
    [InlineData("tomorrow", "2026-03-28")]
    [InlineData("monday", "2026-03-30")]
    [InlineData("the first Monday of April", "2026-04-06")]
    public void Recognize_DateSaid_FindsOneDateMention(string text, string expected)
    {
        // Act
        var mentions = Mentions(text, Dates);

        // Assert
        var date = Assert.Single(mentions.Dates);
        Assert.Equal(MentionKind.Date, date.Kind);
        Assert.Equal(NodaTime.Text.LocalDatePattern.Iso.Parse(expected).Value, date.Date);
        Assert.Empty(mentions.Invalid);
    }

    [Theory]
    [InlineData("February 30", "february 30")]
    [InlineData("can I book the 31st of November?", "the 31st of november")]
    [InlineData("30/02 at 10", "30/02")]
    [InlineData("2026-13-01", "2026-13-01")]
    [InlineData("31.04.2026", "31.04.2026")]
    public void Recognize_DateThatDoesNotExist_IsUnreadableAndNoOtherDay(string text, string words)
    {
        // Act
        var mentions = Mentions(text, Dates);

        // Assert: no date, no month span guessed from the month name.
        var invalid = Assert.Single(mentions.Invalid);
        Assert.Equal(UnreadableKind.Date, invalid.What);
        Assert.Equal(words, invalid.Text);
        Assert.Empty(mentions.Dates);
        Assert.Empty(mentions.Ranges);
    }

    [Fact]
    public void Recognize_NextWeek_FindsMondayToSundaySpan()
    {
        var mentions = Mentions("any availability next week?", Dates);

        var range = Assert.Single(mentions.Ranges);
        Assert.Equal(new DateRange(new LocalDate(2026, 3, 30), new LocalDate(2026, 4, 5)), range.Range);
    }

    [Fact]
    public void Recognize_MentionSpan_CoversTheWordsOfTheDate()
    {
        var mentions = Mentions("book me on April 3rd please", Dates);

        var date = Assert.Single(mentions.Dates);
        Assert.Equal((3, 5), (date.Start, date.End));
    }

    [Theory]
    [InlineData("15.00")]
    [InlineData("at 10.30")]
    public void Recognize_DottedClockTime_IsNeitherDateNorUnreadable(string text)
    {
        var mentions = Mentions(text, Dates);

        Assert.Empty(mentions.Dates);
        Assert.Empty(mentions.Invalid);
    }
}
