using NodaTime;
using OpenBooking.Web.Agent.Understanding;

namespace OpenBooking.Tests.Agent.Understanding;

public sealed class SchedulingParserTests
{
    private static readonly DateTimeZone Brussels = DateTimeZoneProviders.Tzdb["Europe/Brussels"];
    private static readonly ZonedDateTime FridayMorning = new LocalDateTime(2026, 3, 27, 10, 0).InZoneStrictly(Brussels);
    private readonly SchedulingParser _parser = new();

    [Fact]
    public void Parse_InTwoHoursAcrossSpringForward_CountsOnTheInstantTimeline()
    {
        // Arrange: 01:30 CET on the night the clocks jump from 02:00 to 03:00.
        var now = new LocalDateTime(2026, 3, 29, 1, 30).InZoneStrictly(Brussels);

        // Act
        var utterance = _parser.Parse("in 2 hours", now);

        // Assert: two real hours later, shown in local time.
        Assert.Equal(new LocalDateTime(2026, 3, 29, 4, 30), utterance.Start);
        var elapsed = utterance.Start!.Value.InZoneStrictly(Brussels).ToInstant() - now.ToInstant();
        Assert.Equal(Duration.FromHours(2), elapsed);
    }

    [Fact]
    public void Parse_TimeSkippedBySpringForward_IsFlaggedAmbiguous()
    {
        var now = new LocalDateTime(2026, 3, 28, 10, 0).InZoneStrictly(Brussels);

        var utterance = _parser.Parse("tomorrow at 2:30am", now);

        Assert.Equal(new LocalDateTime(2026, 3, 29, 2, 30), utterance.Start);
        Assert.True(utterance.TimeIsAmbiguous);
        Assert.Equal(0, Brussels.MapLocal(utterance.Start!.Value).Count);
    }

    [Fact]
    public void Parse_TimeRepeatedByFallBack_IsFlaggedAmbiguous()
    {
        var now = new LocalDateTime(2026, 10, 24, 12, 0).InZoneStrictly(Brussels);

        var utterance = _parser.Parse("tomorrow at 2:30am", now);

        Assert.Equal(new LocalDateTime(2026, 10, 25, 2, 30), utterance.Start);
        Assert.True(utterance.TimeIsAmbiguous);
        Assert.Equal(2, Brussels.MapLocal(utterance.Start!.Value).Count);
    }

    [Fact]
    public void Parse_WrittenTimeInPlainDay_IsNotAmbiguous()
    {
        var utterance = _parser.Parse("tomorrow at 3pm", FridayMorning);

        Assert.False(utterance.TimeIsAmbiguous);
    }

    [Fact]
    public void Parse_TimeAlreadyPassedToday_MovesToTomorrow()
    {
        var utterance = _parser.Parse("at 9am", FridayMorning);

        Assert.Equal(new LocalDateTime(2026, 3, 28, 9, 0), utterance.Start);
        Assert.Equal(new LocalDate(2026, 3, 28), utterance.Date);
    }

    [Fact]
    public void Parse_TimeEqualToNow_MovesToTomorrow()
    {
        var utterance = _parser.Parse("at 10am", FridayMorning);

        Assert.Equal(new LocalDateTime(2026, 3, 28, 10, 0), utterance.Start);
    }

    [Fact]
    public void Parse_NowWithSeconds_TruncatesRelativeStartToTheMinute()
    {
        var now = new LocalDateTime(2026, 3, 27, 10, 0, 42).InZoneStrictly(Brussels);

        var utterance = _parser.Parse("in 90 minutes", now);

        Assert.Equal(new LocalDateTime(2026, 3, 27, 11, 30), utterance.Start);
    }

    [Fact]
    public void Parse_TextWithEmailAndCode_KeepsOriginalText()
    {
        const string text = "  My email is ANNA@Example.COM and the code 123 456  ";

        var utterance = _parser.Parse(text, FridayMorning);

        Assert.Equal(text, utterance.Text);
        Assert.Equal("anna@example.com", utterance.Email);
        Assert.Equal("123456", utterance.Code);
    }

    [Theory]
    [InlineData("15:00")]
    [InlineData("30.03.2026")]
    [InlineData("2026-03-30")]
    [InlineData("call me on +32 470 123 456")]
    [InlineData("my number is 0470123456")]
    [InlineData("1234567")]
    [InlineData("12345")]
    public void Parse_TimesDatesAndPhoneNumbers_AreNeverCodes(string text)
    {
        var utterance = _parser.Parse(text, FridayMorning);

        Assert.Null(utterance.Code);
    }

    [Fact]
    public void Parse_SameInputTwice_GivesEqualReadings()
    {
        var first = _parser.Parse("can I move my appointment to Friday at 3?", FridayMorning);
        var second = _parser.Parse("can I move my appointment to Friday at 3?", FridayMorning);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Parse_ManyThreadsAtOnce_AgreeWithSequentialReadings()
    {
        // Arrange
        var sentences = Corpus.All.Values.Take(200).ToArray();
        var expected = sentences.Select(c => _parser.Parse(c.Text, c.Now)).ToArray();

        // Act
        var actual = new Utterance[sentences.Length];
        Parallel.For(0, sentences.Length * 20, new ParallelOptions { MaxDegreeOfParallelism = 8 }, k =>
        {
            var i = k % sentences.Length;
            actual[i] = _parser.Parse(sentences[i].Text, sentences[i].Now);
        });

        // Assert
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Parse_VeryLongInput_ReadsTheFirstRequest()
    {
        // No timing here (the speed is measured in ParserBenchmarks): the reading of a long input is still right.
        var text = string.Concat(Enumerable.Repeat("tomorrow at 3 or maybe 4, 739 201, the 8th, ", 2000));

        var utterance = _parser.Parse(text, FridayMorning);

        Assert.Equal(new LocalDateTime(2026, 3, 28, 15, 0), utterance.Start);
    }

    [Theory]
    [InlineData("a.")]
    [InlineData("1.")]
    [InlineData("1 ")]
    [InlineData("at 1 ")]
    [InlineData("x@")]
    public void Parse_PathologicalRepetition_ReadsOnlyTheFirstTokens(string unit)
    {
        // Arrange: 20,000 repetitions, then what would be an email and a code past the token limit. Reading stops at
        // SchedulingParser.MaxTokens, which bounds the work for any input (the speed is measured in ParserBenchmarks).
        var text = string.Concat(Enumerable.Repeat(unit, 20_000)) + " jane@example.com 739201";

        // Act
        var utterance = _parser.Parse(text, FridayMorning);

        // Assert
        Assert.Null(utterance.Email);
        Assert.Null(utterance.Code);
    }

    [Theory]
    [InlineData(1, "jane@example.com")]
    [InlineData(0, null)]
    public void Parse_EmailAtTheTokenLimit_IsReadOnlyInside(int inside, string? expected)
    {
        // Arrange: the address is the last token read, or the first one past the limit.
        var text = string.Concat(Enumerable.Repeat("a ", SchedulingParser.MaxTokens - inside)) + "jane@example.com";

        // Act
        var utterance = _parser.Parse(text, FridayMorning);

        // Assert
        Assert.Equal(expected, utterance.Email);
    }

    [Fact]
    public void Parse_RandomCharactersAndTokens_NeverThrows()
    {
        // Arrange: a fixed seed keeps the run repeatable; lone surrogates and control characters included.
        var random = new Random(20260327);
        const string characters = "0123456789::..//--@@aampthx !?,'’😀👍\u0000\t\n\uD800\uDC00\uFFFFé";
        string[] words = ["at", "3", "pm", "tomorrow", "the", "8th", "of", "april", "next", "week", "from", "to", "between", "and",
            "after", "half", "past", "quarter", "in", "2", "hours", "for", "a", "31", "2026", "739", "201", "x@y.com", "not", "cancel",
            "my", "appointment", "?", "-", "morning", "last", "first", "day", "29", "9h", "15h30", "ish", "twenty", "five", "1.5", "0930"];
        var zones = new[] { "Europe/Brussels", "America/New_York", "Australia/Lord_Howe" }.Select(z => DateTimeZoneProviders.Tzdb[z]).ToArray();

        // Act
        for (var n = 0; n < 20_000; n++)
        {
            var text = n % 2 == 0
                ? new string(Enumerable.Range(0, random.Next(30)).Select(_ => characters[random.Next(characters.Length)]).ToArray())
                : string.Join(random.Next(3) == 0 ? "" : " ", Enumerable.Range(0, random.Next(14)).Select(_ => words[random.Next(words.Length)]));
            var now = Instant.FromUtc(2026, 1, 1, 0, 0).Plus(Duration.FromMinutes(random.Next(60 * 24 * 730))).InZone(zones[random.Next(zones.Length)]);
            var exception = Record.Exception(() => _parser.Parse(text, now));

            // Assert
            Assert.True(exception is null, $"'{text}' at {now}: {exception}");
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("?!")]
    [InlineData("🙂")]
    public void Parse_NothingToRead_IsUnknownWithNoSlots(string text)
    {
        var utterance = _parser.Parse(text, FridayMorning);

        Assert.Equal(new Utterance(text, Intent.Unknown), utterance);
    }

    [Fact]
    public void Parse_NullText_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => _parser.Parse(null!, FridayMorning));
    }

    [Theory]
    [InlineData("the second one", 2)]
    [InlineData("the 2nd one please", 2)]
    [InlineData("option 3", 3)]
    [InlineData("number 1", 1)]
    [InlineData("#1", 1)]
    [InlineData("let's go with the first one", 1)]
    [InlineData("the third", 3)]
    public void Parse_PickAmongOptions_ConfirmsWithChoiceAndNoTime(string text, int choice)
    {
        var utterance = _parser.Parse(text, FridayMorning);

        Assert.Equal(new Utterance(text, Intent.Confirm) { Choice = choice }, utterance);
    }

    [Theory]
    [InlineData("the 2nd")]
    [InlineData("on the second")]
    [InlineData("the 2nd of April")]
    public void Parse_OrdinalDay_IsADateNotAChoice(string text)
    {
        var utterance = _parser.Parse(text, FridayMorning);

        Assert.Equal(Intent.Book, utterance.Intent);
        Assert.Equal(new LocalDate(2026, 4, 2), utterance.Date);
        Assert.Null(utterance.Choice);
    }

    [Fact]
    public void Parse_DayInsideSpan_KeepsTheDayOnly()
    {
        var utterance = _parser.Parse("any time next week, maybe Tuesday?", FridayMorning);

        Assert.Equal(new LocalDate(2026, 3, 31), utterance.Date);
        Assert.Null(utterance.DateRange);
    }
}
