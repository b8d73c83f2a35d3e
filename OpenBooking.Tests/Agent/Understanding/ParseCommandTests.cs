using System.Text.Json;
using OpenBooking.Web.Agent.Understanding;

namespace OpenBooking.Tests.Agent.Understanding;

public sealed class ParseCommandTests
{
    private static (int ExitCode, string[] Lines, string Error) Run(string input, params string[] args)
    {
        using var reader = new StringReader(input);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = ParseCommand.Run(args, reader, output, error);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return (exitCode, lines, error.ToString());
    }

    [Fact]
    public void Run_BookingSentence_WritesAllContractFields()
    {
        // Arrange
        const string sentence = "I want to book an appointment tomorrow at 15:00";

        // Act
        var (exitCode, lines, _) = Run(sentence + "\n", "--now", "2026-03-27T10:00", "--tz", "Europe/Brussels");

        // Assert
        Assert.Equal(0, exitCode);
        var line = Assert.Single(lines);
        Assert.Equal(
            """{"text":"I want to book an appointment tomorrow at 15:00","intent":"book","start":"2026-03-28T15:00","date":"2026-03-28","window":null,"dateRange":null,"durationMinutes":null,"email":null,"code":null}""",
            line.TrimEnd('\r'));
    }

    [Fact]
    public void Run_SeveralLines_WritesOneObjectPerLineInOrder()
    {
        // Arrange
        const string input = "hi\nany availability next week?\nthe code is 739 201\nJane@Example.com\n";

        // Act
        var (_, lines, _) = Run(input, "--now", "2026-03-27T10:00", "--tz", "Europe/Brussels");

        // Assert
        Assert.Equal(4, lines.Length);
        var docs = lines.Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal("greeting", docs[0].GetProperty("intent").GetString());
        Assert.Equal("check", docs[1].GetProperty("intent").GetString());
        Assert.Equal("2026-03-30", docs[1].GetProperty("dateRange").GetProperty("from").GetString());
        Assert.Equal("2026-04-05", docs[1].GetProperty("dateRange").GetProperty("to").GetString());
        Assert.Equal("provide_code", docs[2].GetProperty("intent").GetString());
        Assert.Equal("739201", docs[2].GetProperty("code").GetString());
        Assert.Equal("provide_email", docs[3].GetProperty("intent").GetString());
        Assert.Equal("jane@example.com", docs[3].GetProperty("email").GetString());
    }

    [Fact]
    public void Run_TimeRange_WritesStartAndDuration()
    {
        // Act
        var (_, lines, _) = Run("tomorrow from 2pm to 3:30pm\n", "--now", "2026-03-27T10:00", "--tz", "Europe/Brussels");

        // Assert
        var doc = JsonDocument.Parse(Assert.Single(lines)).RootElement;
        Assert.Equal("2026-03-28T14:00", doc.GetProperty("start").GetString());
        Assert.Equal(90, doc.GetProperty("durationMinutes").GetInt32());
        Assert.Equal(JsonValueKind.Null, doc.GetProperty("window").ValueKind);
    }

    [Fact]
    public void Run_PartOfDay_WritesWindowAsHourMinuteObject()
    {
        var (_, lines, _) = Run("tomorrow afternoon\n", "--now", "2026-03-27T10:00", "--tz", "Europe/Brussels");

        var doc = JsonDocument.Parse(Assert.Single(lines)).RootElement;
        Assert.Equal("2026-03-28", doc.GetProperty("date").GetString());
        Assert.Equal("12:00", doc.GetProperty("window").GetProperty("from").GetString());
        Assert.Equal("17:00", doc.GetProperty("window").GetProperty("to").GetString());
        Assert.Equal(JsonValueKind.Null, doc.GetProperty("start").ValueKind);
    }

    [Fact]
    public void Run_NoTimeZoneGiven_UsesBrussels()
    {
        // 2026-03-29T01:30 in Brussels is 00:30 UTC; two hours later the clocks have sprung forward.
        var (_, lines, _) = Run("in 2 hours\n", "--now", "2026-03-29T01:30");

        var doc = JsonDocument.Parse(Assert.Single(lines)).RootElement;
        Assert.Equal("2026-03-29T04:30", doc.GetProperty("start").GetString());
    }

    [Fact]
    public void Run_NowWithOffset_PicksThatSideOfTheOverlap()
    {
        // 02:30+01:00 is the second 02:30 of 2026-10-25 in Brussels; an hour later is 03:30.
        var (_, lines, _) = Run("in 1 hour\n", "--now", "2026-10-25T02:30+01:00", "--tz", "Europe/Brussels");

        var doc = JsonDocument.Parse(Assert.Single(lines)).RootElement;
        Assert.Equal("2026-10-25T03:30", doc.GetProperty("start").GetString());
    }

    [Fact]
    public void Run_OtherZone_ReadsRelativeTimesThere()
    {
        var (_, lines, _) = Run("in 1 hour\n", "--now", "2026-03-08T01:30", "--tz", "America/New_York");

        var doc = JsonDocument.Parse(Assert.Single(lines)).RootElement;
        Assert.Equal("2026-03-08T03:30", doc.GetProperty("start").GetString());
    }

    [Fact]
    public void Run_EmptyLine_WritesUnknownWithNulls()
    {
        var (_, lines, _) = Run("\n", "--now", "2026-03-27T10:00");

        var doc = JsonDocument.Parse(Assert.Single(lines)).RootElement;
        Assert.Equal("", doc.GetProperty("text").GetString());
        Assert.Equal("unknown", doc.GetProperty("intent").GetString());
        Assert.Equal(JsonValueKind.Null, doc.GetProperty("start").ValueKind);
        Assert.Equal(JsonValueKind.Null, doc.GetProperty("code").ValueKind);
    }

    [Fact]
    public void Run_QuotesAndNonAsciiText_WritesValidJson()
    {
        const string sentence = "Can I book \"Tuesday\" at 3? Merci — à bientôt 👍";

        var (_, lines, _) = Run(sentence + "\n", "--now", "2026-03-27T10:00");

        var doc = JsonDocument.Parse(Assert.Single(lines)).RootElement;
        Assert.Equal(sentence, doc.GetProperty("text").GetString());
    }

    [Fact]
    public void Run_UnknownTimeZone_ReturnsUsageError()
    {
        var (exitCode, lines, error) = Run("hi\n", "--tz", "Mars/Olympus");

        Assert.Equal(2, exitCode);
        Assert.Empty(lines);
        Assert.Contains("Mars/Olympus", error);
    }

    [Fact]
    public void Run_UnreadableNow_ReturnsUsageError()
    {
        var (exitCode, _, error) = Run("hi\n", "--now", "tomorrow-ish");

        Assert.Equal(2, exitCode);
        Assert.Contains("--now", error);
    }

    [Theory]
    [InlineData(Intent.Book, "book")]
    [InlineData(Intent.Check, "check")]
    [InlineData(Intent.List, "list")]
    [InlineData(Intent.Cancel, "cancel")]
    [InlineData(Intent.Reschedule, "reschedule")]
    [InlineData(Intent.Confirm, "confirm")]
    [InlineData(Intent.Deny, "deny")]
    [InlineData(Intent.ProvideEmail, "provide_email")]
    [InlineData(Intent.ProvideCode, "provide_code")]
    [InlineData(Intent.Greeting, "greeting")]
    [InlineData(Intent.Help, "help")]
    [InlineData(Intent.Unknown, "unknown")]
    public void IntentName_EachIntent_IsSnakeCase(Intent intent, string expected)
    {
        Assert.Equal(expected, ParseCommand.IntentName(intent));
    }

    [Fact]
    public void Run_QuestionAndImpossibleDate_WritesQuestionsAndUnreadable()
    {
        // Arrange
        const string input = "are you open on Sunday?\nwhere are you and what's your phone number?\nFebruary 30 at 3pm\n";

        // Act
        var (_, lines, _) = Run(input, "--now", "2026-03-27T10:00", "--tz", "Europe/Brussels");

        // Assert
        Assert.Equal(3, lines.Length);
        Assert.Equal(
            """{"text":"are you open on Sunday?","intent":"check","start":null,"date":"2026-03-29","window":null,"dateRange":null,"durationMinutes":null,"email":null,"code":null,"questions":["hours"]}""",
            lines[0].TrimEnd('\r'));
        var both = JsonDocument.Parse(lines[1]).RootElement.GetProperty("questions").EnumerateArray().Select(q => q.GetString());
        Assert.Equal(["address", "phone"], both);
        Assert.Equal(
            """{"text":"February 30 at 3pm","intent":"book","start":null,"date":null,"window":null,"dateRange":null,"durationMinutes":null,"email":null,"code":null,"unreadable":[{"kind":"date","text":"february 30"}]}""",
            lines[2].TrimEnd('\r'));
    }

    [Theory]
    [InlineData(BusinessQuestion.Hours, "hours")]
    [InlineData(BusinessQuestion.Closures, "closures")]
    [InlineData(BusinessQuestion.Services, "services")]
    [InlineData(BusinessQuestion.Prices, "prices")]
    [InlineData(BusinessQuestion.Address, "address")]
    [InlineData(BusinessQuestion.Phone, "phone")]
    [InlineData(BusinessQuestion.Capabilities, "capabilities")]
    public void QuestionNames_EachQuestion_IsSnakeCase(BusinessQuestion question, string expected)
    {
        Assert.Equal([expected], ParseCommand.QuestionNames(question));
    }

    [Fact]
    public void QuestionNames_None_IsNullSoTheKeyIsLeftOut()
    {
        Assert.Null(ParseCommand.QuestionNames(BusinessQuestion.None));
    }
}
