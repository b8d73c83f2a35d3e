using NodaTime;
using OpenBooking.Web.Agent.Understanding;

namespace OpenBooking.Tests.Agent.Understanding;

/// <summary>
/// The whole parser on what customers type beyond the corpus: formats with a time, texting shorthand, questions about
/// the business, and dates or times that do not exist (said on Friday 27 March 2026, 10:00 in Brussels).
/// </summary>
public sealed class SchedulingParserFormatsTests
{
    private static readonly ZonedDateTime FridayMorning =
        new LocalDateTime(2026, 3, 27, 10, 0).InZoneStrictly(DateTimeZoneProviders.Tzdb["Europe/Brussels"]);

    private readonly SchedulingParser _parser = new();

    [Theory]
    [InlineData("2026-04-15 09:00", "2026-04-15T09:00")]
    [InlineData("2026-04-15T09:00", "2026-04-15T09:00")]
    [InlineData("book 2026-04-15 09:00 please", "2026-04-15T09:00")]
    [InlineData("30.03.2026 14:00", "2026-03-30T14:00")]
    [InlineData("30.03. 14:00", "2026-03-30T14:00")]
    [InlineData("can I come 30.03.2026 at 14:00?", "2026-03-30T14:00")]
    public void Parse_DateWithClockTime_ReadsStart(string text, string expected)
    {
        var utterance = _parser.Parse(text, FridayMorning);

        Assert.Equal(NodaTime.Text.LocalDateTimePattern.GeneralIso.Parse(expected + ":00").Value, utterance.Start);
        Assert.False(utterance.TimeIsAmbiguous);
    }

    [Fact]
    public void Parse_TextingFourMonday_IsForMondayWithoutTime()
    {
        var utterance = _parser.Parse("4 monday", FridayMorning);

        Assert.Equal(Intent.Book, utterance.Intent);
        Assert.Equal(new LocalDate(2026, 3, 30), utterance.Date);
        Assert.Null(utterance.Start);
    }

    [Fact]
    public void Parse_AtFourMonday_IsSixteenHundredByTheBareHourRule()
    {
        var utterance = _parser.Parse("at 4 monday", FridayMorning);

        Assert.Equal(new LocalDateTime(2026, 3, 30, 16, 0), utterance.Start);
        Assert.True(utterance.TimeIsAmbiguous);
    }

    [Theory]
    [InlineData("o'brien+test@example.com")]
    [InlineData("my email is o'brien+test@example.com")]
    public void Parse_EmailWithApostropheAndPlus_ComesOutWhole(string text)
    {
        var utterance = _parser.Parse(text, FridayMorning);

        Assert.Equal(Intent.ProvideEmail, utterance.Intent);
        Assert.Equal("o'brien+test@example.com", utterance.Email);
    }

    [Theory]
    [InlineData("February 30")]
    [InlineData("31st of November")]
    [InlineData("30/02")]
    [InlineData("2026-13-01")]
    [InlineData("book me February 30 at 3pm")]
    [InlineData("30/02 at 10am")]
    public void Parse_DateThatDoesNotExist_IsUnreadableAndNoDayIsGuessed(string text)
    {
        var utterance = _parser.Parse(text, FridayMorning);

        Assert.Equal(UnreadableKind.Date, Assert.Single(utterance.Unreadable).Kind);
        Assert.Null(utterance.Date);
        Assert.Null(utterance.Start);
        Assert.Null(utterance.DateRange);
    }

    [Theory]
    [InlineData("25:00", "25:00")]
    [InlineData("tomorrow at 14:75", "14:75")]
    public void Parse_TimeThatDoesNotExist_IsUnreadableWithoutStart(string text, string words)
    {
        var utterance = _parser.Parse(text, FridayMorning);

        Assert.Equal(new UnreadableMention(UnreadableKind.Time, words), Assert.Single(utterance.Unreadable));
        Assert.Null(utterance.Start);
    }

    [Fact]
    public void Parse_QuestionWithRequest_KeepsBothQuestionAndDay()
    {
        var utterance = _parser.Parse("what time do you open tomorrow? I'd like to book", FridayMorning);

        Assert.Equal(BusinessQuestion.Hours, utterance.Questions);
        Assert.Equal(new LocalDate(2026, 3, 28), utterance.Date);
    }

    [Theory]
    [InlineData("are you open on Sunday?", BusinessQuestion.Hours)]
    [InlineData("how much is a haircut and how long does it take?", BusinessQuestion.Services | BusinessQuestion.Prices)]
    [InlineData("where are you and what's your phone number?", BusinessQuestion.Address | BusinessQuestion.Phone)]
    [InlineData("tomorrow at 3pm", BusinessQuestion.None)]
    public void Parse_Questions_AreFlagged(string text, BusinessQuestion expected)
    {
        var utterance = _parser.Parse(text, FridayMorning);

        Assert.Equal(expected, utterance.Questions);
    }

    [Theory]
    [InlineData("je voudrais un rendez-vous demain à 15h")]
    [InlineData("quiero una cita mañana a las 15:00")]
    [InlineData("Ich möchte einen Termin morgen um 15 Uhr")]
    public void Parse_MessageInAnotherLanguage_GuessesNoDayOrTime(string text)
    {
        // "15h" alone would be today at 15:00, when "demain" said tomorrow: nothing is read from such a message.
        var utterance = _parser.Parse(text, FridayMorning);

        Assert.Equal(UnreadableKind.Language, Assert.Single(utterance.Unreadable).Kind);
        Assert.Null(utterance.Start);
        Assert.Null(utterance.Date);
        Assert.Null(utterance.DateRange);
    }

    [Theory]
    [InlineData("can I come 4 monday at 11", "2026-03-30T11:00")]
    [InlineData("book 4 monday at 11", "2026-03-30T11:00")]
    public void Parse_TextingFourBeforeADayAndATimeAfter_BooksTheTimeSaid(string text, string expected)
    {
        var utterance = _parser.Parse(text, FridayMorning);

        Assert.Equal(NodaTime.Text.LocalDateTimePattern.GeneralIso.Parse(expected + ":00").Value, utterance.Start);
    }

    [Theory]
    [InlineData("what about 11?", true)]
    [InlineData("make it 16:00", true)]
    [InlineData("tomorrow at 11", false)]
    [InlineData("friday at 11", false)]
    [InlineData("next week at 11", false)]
    public void Parse_TimeWithOrWithoutADay_SaysWhetherTheDayWasImplied(string text, bool implied)
    {
        var utterance = _parser.Parse(text, FridayMorning);

        Assert.NotNull(utterance.Start);
        Assert.Equal(implied, utterance.DayImplied);
    }
}
