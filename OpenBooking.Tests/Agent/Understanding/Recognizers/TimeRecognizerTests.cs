using NodaTime;
using OpenBooking.Web.Agent.Understanding;
using static OpenBooking.Tests.Agent.Understanding.Recognizers.Recognizing;

namespace OpenBooking.Tests.Agent.Understanding.Recognizers;

/// <summary>The time recognizer, alone or after the day recognizers it reads context from.</summary>
public sealed class TimeRecognizerTests
{
    [Theory]
    [InlineData("at 3pm", 15, 0, false)]
    [InlineData("15:00 works", 15, 0, false)]
    [InlineData("half past ten", 10, 30, false)]
    [InlineData("at 3", 15, 0, true)]
    [InlineData("9h30 svp", 9, 30, false)]
    public void Recognize_ClockTime_FindsTimeWithAmPmGuessFlagged(string text, int hour, int minute, bool guessed)
    {
        // Act
        var mentions = Mentions(text, Times);

        // Assert
        var time = Assert.Single(mentions.Times);
        Assert.Equal(new LocalTime(hour, minute), time.From);
        Assert.Equal(guessed, time.Ambiguous);
    }

    [Fact]
    public void Recognize_TimeRange_FindsStartAndEnd()
    {
        var mentions = Mentions("from 2pm to 3:30pm", Times);

        var time = Assert.Single(mentions.Times);
        Assert.Equal((new LocalTime(14, 0), new LocalTime(15, 30)), (time.From, time.To!.Value));
    }

    [Theory]
    [InlineData("25:00")]
    [InlineData("tomorrow at 14:75")]
    [InlineData("at 24:30 please")]
    public void Recognize_TimeThatDoesNotExist_IsUnreadableAndNoTime(string text)
    {
        var mentions = Mentions(text, Dates, DayParts, Times);

        var invalid = Assert.Single(mentions.Invalid);
        Assert.Equal(UnreadableKind.Time, invalid.What);
        Assert.Empty(mentions.Times);
    }

    [Theory]
    [InlineData("4 monday")]
    [InlineData("hi, an appointment 4 friday?")]
    public void Recognize_TextingFourBeforeADay_IsForNotFourOClock(string text)
    {
        var mentions = Mentions(text, Dates, DayParts, Times);

        Assert.Empty(mentions.Times);
        Assert.Single(mentions.Dates);
    }

    [Theory]
    [InlineData("can I come 4 monday at 11")]
    [InlineData("book 4 monday at 11:00")]
    [InlineData("could I get in 4 friday, around 11?")]
    public void Recognize_FourBeforeADayWithATimeAfterIt_IsForAndTheTimeIsTheLaterOne(string text)
    {
        var mentions = Mentions(text, Dates, DayParts, Times);

        var time = Assert.Single(mentions.Times);
        Assert.Equal(new LocalTime(11, 0), time.From);
    }

    [Theory]
    [InlineData("at 4 monday")]
    [InlineData("can I book 4 tmrw")]
    public void Recognize_FourAfterPrepositionOrVerb_StaysSixteenHundred(string text)
    {
        var mentions = Mentions(text, Dates, DayParts, Times);

        var time = Assert.Single(mentions.Times);
        Assert.Equal(new LocalTime(16, 0), time.From);
    }

    [Fact]
    public void Recognize_AfterThree_IsABoundToTheEveningsEnd()
    {
        var mentions = Mentions("anything after 3?", Times);

        var window = Assert.Single(mentions.Windows);
        Assert.Equal((new LocalTime(15, 0), new LocalTime(21, 0), DayPart.None), (window.From, window.To, window.Part));
    }
}
