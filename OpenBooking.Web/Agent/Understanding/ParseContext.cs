using NodaTime;

namespace OpenBooking.Web.Agent.Understanding;

/// <summary>
/// One sentence being read: its tokens, which tokens a recognizer already read, and the mentions found so far.
/// Recognizers run in a fixed order (see <see cref="SchedulingParser"/>); a later one skips tokens an earlier one used.
/// </summary>
internal sealed class ParseContext
{
    public ParseContext(string text, ZonedDateTime now)
    {
        Text = text;
        Now = now;
        NowLocal = now.LocalDateTime;
        Today = now.Date;
        Tokens = [.. Tokenizer.Tokenize(text, SchedulingParser.MaxTokens)];
        Length = Tokens.Length;
        Used = new bool[Length];
        Role = new byte[Length];
        PartAt = new DayPart[Length];
        EndAt = new int[Length];
    }

    public string Text { get; }
    public ZonedDateTime Now { get; }
    public LocalDateTime NowLocal { get; }
    public LocalDate Today { get; }
    public Token[] Tokens { get; }
    public int Length { get; }

    /// <summary>Per token: read by a recognizer; later recognizers skip it.</summary>
    public bool[] Used { get; }

    // Per token: whether it belongs to a day or span of days (1) or a part of the day (2), the part of the day it
    // names, and the end of the mention starting there. They keep context look-ups constant-time.
    public byte[] Role { get; }
    public DayPart[] PartAt { get; }
    public int[] EndAt { get; }

    public MentionSet Mentions { get; } = new();

    /// <summary>The words as the intent and choice recognizers read them, built once the dates and times are found.</summary>
    public SentenceWords Words => _words ??= new SentenceWords(Tokens, Used);

    // Lazily computed facts about the sentence, shared by recognizers and the composer.
    public int? Filler { get; set; }
    public int? ChangeVerb { get; set; }

    private SentenceWords? _words;
}
