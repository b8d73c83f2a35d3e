using NodaTime;
using OpenBooking.Web.Agent.Understanding;
using static OpenBooking.Tests.Agent.Understanding.Recognizers.Recognizing;

namespace OpenBooking.Tests.Agent.Understanding.Recognizers;

/// <summary>The greeting, part-of-the-day and choice recognizers, each alone.</summary>
public sealed class GreetingDayPartChoiceRecognizerTests
{
    [Theory]
    [InlineData("good morning")]
    [InlineData("Morning!")]
    [InlineData("evening all, quick question about my booking")]
    public void Recognize_Greeting_FindsGreetingAndNoPartOfTheDay(string text)
    {
        var mentions = Mentions(text, c => new GreetingRecognizer(c), DayParts);

        Assert.Single(mentions.Greetings);
        Assert.Empty(mentions.Windows);
    }

    [Theory]
    [InlineData("in the afternoon", 12, 0, 17, 0)]
    [InlineData("morning works", 8, 0, 12, 0)]
    [InlineData("around lunchtime", 11, 30, 14, 0)]
    [InlineData("this evening", 17, 0, 21, 0)]
    public void Recognize_PartOfTheDay_FindsItsWindow(string text, int fromHour, int fromMinute, int toHour, int toMinute)
    {
        var mentions = Mentions(text, DayParts);

        var window = Assert.Single(mentions.Windows);
        Assert.Equal((new LocalTime(fromHour, fromMinute), new LocalTime(toHour, toMinute)), (window.From, window.To));
        Assert.NotEqual(DayPart.None, window.Part);
    }

    [Theory]
    [InlineData("the second one", 2)]
    [InlineData("option 3", 3)]
    [InlineData("#1 please", 1)]
    [InlineData("the 2nd one", 2)]
    public void Recognize_PickAmongOptions_FindsChoice(string text, int option)
    {
        var mentions = Mentions(text, Dates, c => new ChoiceRecognizer(c));

        Assert.Equal(option, Assert.Single(mentions.Choices).Option);
    }

    [Theory]
    [InlineData("the 2nd of April")]
    [InlineData("option 2 on Friday")]
    public void Recognize_OrdinalThatIsADateOrComesWithMore_IsNoChoice(string text)
    {
        var mentions = Mentions(text, Dates, c => new ChoiceRecognizer(c));

        Assert.Empty(mentions.Choices);
    }
}
