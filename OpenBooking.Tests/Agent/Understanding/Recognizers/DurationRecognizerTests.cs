using static OpenBooking.Tests.Agent.Understanding.Recognizers.Recognizing;
using OpenBooking.Web.Agent.Understanding;
using NodaTime;

namespace OpenBooking.Tests.Agent.Understanding.Recognizers;

public sealed class DurationRecognizerTests
{
    [Theory]
    [InlineData("for 30 minutes", 30)]
    [InlineData("an hour and a half massage", 90)]
    [InlineData("a 45-minute session", 45)]
    [InlineData("1h30 please", 90)]
    [InlineData("half an hour", 30)]
    public void Recognize_LengthOfTime_FindsDurationInMinutes(string text, int minutes)
    {
        var mentions = Mentions(text, c => new DurationRecognizer(c));

        var duration = Assert.Single(mentions.Durations);
        Assert.Equal(minutes, duration.Minutes);
        Assert.Empty(mentions.Relatives);
    }

    [Theory]
    [InlineData("in 2 hours", 12, 0)]
    [InlineData("90 minutes from now", 11, 30)]
    public void Recognize_TimeFromNow_FindsRelativeTimeNotDuration(string text, int hour, int minute)
    {
        var mentions = Mentions(text, c => new DurationRecognizer(c));

        var relative = Assert.Single(mentions.Relatives);
        Assert.Equal(new LocalDateTime(2026, 3, 27, hour, minute), relative.At);
        Assert.Empty(mentions.Durations);
    }

    [Fact]
    public void Recognize_TenMinutesPastThree_IsLeftForTheTimeRecognizer()
    {
        var mentions = Mentions("10 minutes past 3", c => new DurationRecognizer(c));

        Assert.Empty(mentions.Durations);
    }
}
