using NodaTime;
using OpenBooking.Web.Agent.Understanding;
using static OpenBooking.Tests.Agent.Understanding.Recognizers.Recognizing;

namespace OpenBooking.Tests.Agent.Understanding.Recognizers;

/// <summary>The intent recognizer and the composer over mentions found by the recognizers before them.</summary>
public sealed class IntentAndComposerTests
{
    private static ParseContext AllRecognizers(string text) => Context(
        text,
        c => new EmailRecognizer(c), c => new CodeRecognizer(c), c => new GreetingRecognizer(c), c => new DurationRecognizer(c),
        Dates, DayParts, Times, c => new QuestionRecognizer(c), c => new ChoiceRecognizer(c));

    [Theory]
    [InlineData("cancel my appointment", Intent.Cancel)]
    [InlineData("show my bookings", Intent.List)]
    [InlineData("yes please", Intent.Confirm)]
    [InlineData("what time do you open tomorrow? I'd like to book", Intent.Check)]
    [InlineData("February 30", Intent.Book)]
    public void Classify_Sentence_ReadsIntent(string text, Intent expected)
    {
        var context = AllRecognizers(text);

        Assert.Equal(expected, new IntentRecognizer(context).Classify());
    }

    [Fact]
    public void Compose_ImpossibleDateWithClockTime_SetsNoDayAndNoStart()
    {
        // Arrange: without the rule, 3pm alone would be read as today at 15:00, another date.
        var context = AllRecognizers("February 30 at 3pm");

        // Act
        var utterance = new UtteranceComposer(context).Compose(Intent.Book);

        // Assert
        Assert.Null(utterance.Date);
        Assert.Null(utterance.Start);
        Assert.Null(utterance.DateRange);
        Assert.Equal(new UnreadableMention(UnreadableKind.Date, "february 30"), Assert.Single(utterance.Unreadable));
    }

    [Fact]
    public void Compose_ImpossibleTimeTomorrow_KeepsTheDayWithoutStart()
    {
        var context = AllRecognizers("tomorrow at 25:00");

        var utterance = new UtteranceComposer(context).Compose(Intent.Book);

        Assert.Equal(new LocalDate(2026, 3, 28), utterance.Date);
        Assert.Null(utterance.Start);
        Assert.Equal(new UnreadableMention(UnreadableKind.Time, "25:00"), Assert.Single(utterance.Unreadable));
    }

    [Fact]
    public void Compose_QuestionWithDay_SetsQuestionAndDate()
    {
        var context = AllRecognizers("are you open on Sunday?");

        var utterance = new UtteranceComposer(context).Compose(Intent.Check);

        Assert.Equal(BusinessQuestion.Hours, utterance.Questions);
        Assert.Equal(new LocalDate(2026, 3, 29), utterance.Date);
    }

    [Fact]
    public void All_MentionsOfSeveralKinds_AreOrderedByPosition()
    {
        var context = AllRecognizers("jane@example.com tomorrow at 3pm for 30 minutes");

        var kinds = context.Mentions.All.Select(m => m.Kind).ToArray();

        Assert.Equal([MentionKind.Email, MentionKind.Date, MentionKind.Time, MentionKind.Duration], kinds);
    }
}
