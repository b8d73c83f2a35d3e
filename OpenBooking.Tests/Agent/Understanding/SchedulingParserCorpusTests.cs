using OpenBooking.Web.Agent.Understanding;

namespace OpenBooking.Tests.Agent.Understanding;

/// <summary>Every sentence of corpus.tsv, each its own test case named by its line and text.</summary>
public sealed class SchedulingParserCorpusTests
{
    private static readonly SchedulingParser Parser = new();

    public static TheoryData<int, string> Sentences()
    {
        var data = new TheoryData<int, string>();
        foreach (var c in Corpus.All.Values)
        {
            data.Add(c.Line, c.Text);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Sentences))]
    public void Parse_CorpusSentence_ReadsAsWritten(int line, string text)
    {
        // Arrange
        var corpusCase = Corpus.All[line];

        // Act
        var actual = Parser.Parse(text, corpusCase.Now);

        // Assert
        Assert.Equal(Describe(corpusCase.Expected), Describe(actual));
    }

    [Fact]
    public void Corpus_Loaded_HasSeveralHundredSentences()
    {
        Assert.True(Corpus.All.Count >= 400, $"corpus.tsv has {Corpus.All.Count} sentences");
    }

    private static string Describe(Utterance u) =>
        $"intent={u.Intent} start={u.Start:yyyy-MM-ddTHH:mm} date={u.Date:yyyy-MM-dd} window={u.Window} range={u.DateRange} " +
        $"dur={u.DurationMinutes} email={u.Email} code={u.Code} amb={u.TimeIsAmbiguous}";
}
