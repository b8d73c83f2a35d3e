using NodaTime;

namespace OpenBooking.Web.Agent.Understanding;

/// <summary>
/// One sentence being read: its tokens, which tokens a recognizer already read, and the mentions found so far.
/// Recognizers run in a fixed order (see <see cref="SchedulingParser"/>); a later one skips tokens an earlier one used.
/// A context is reused for the next sentence on the same thread (<see cref="Reset"/>), so that its per-token arrays
/// and mention lists are not allocated again for every sentence.
/// </summary>
internal sealed class ParseContext
{
    private SentenceWords? _words;

    public ParseContext(string text, ZonedDateTime now) => Reset(text, now);

    public string Text { get; private set; } = "";
    public ZonedDateTime Now { get; private set; }
    public LocalDateTime NowLocal { get; private set; }
    public LocalDate Today { get; private set; }
    public Token[] Tokens { get; private set; } = [];
    public int Length { get; private set; }

    /// <summary>Per token (the first <see cref="Length"/> entries): read by a recognizer; later recognizers skip it.</summary>
    public bool[] Used { get; private set; } = [];

    // Per token: whether it belongs to a day or span of days (1) or a part of the day (2), the part of the day it
    // names, and the end of the mention starting there. They keep context look-ups constant-time.
    public byte[] Role { get; private set; } = [];
    public DayPart[] PartAt { get; private set; } = [];
    public int[] EndAt { get; private set; } = [];

    public MentionSet Mentions { get; } = new();

    /// <summary>The words as the intent and choice recognizers read them, built once the dates and times are found.</summary>
    public SentenceWords Words => _words ??= new SentenceWords(Tokens, Used);

    // Lazily computed facts about the sentence, shared by recognizers and the composer.
    public int? Filler { get; set; }
    public int? ChangeVerb { get; set; }

    /// <summary>Starts reading <paramref name="text"/>: new tokens, every token unread, no mentions.</summary>
    public void Reset(string text, ZonedDateTime now)
    {
        Text = text;
        Now = now;
        NowLocal = now.LocalDateTime;
        Today = now.Date;
        Tokens = [.. Tokenizer.Tokenize(text, SchedulingParser.MaxTokens)];
        Length = Tokens.Length;
        if (Used.Length < Length)
        {
            var capacity = Math.Max(Length, 32);
            (Used, Role, PartAt, EndAt) = (new bool[capacity], new byte[capacity], new DayPart[capacity], new int[capacity]);
        }
        else
        {
            Array.Clear(Used, 0, Length);
            Array.Clear(Role, 0, Length);
            Array.Clear(PartAt, 0, Length);
            Array.Clear(EndAt, 0, Length);
        }
        Mentions.Clear();
        _words = null;
        Filler = null;
        ChangeVerb = null;
    }
}
