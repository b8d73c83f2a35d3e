using NodaTime;

namespace OpenBooking.Web.Agent.Understanding;

/// <summary>
/// What recognizers and the composer share: the token tests (a word, a number, written tight against the previous
/// token, not yet read), marking tokens as read, and facts about the context of a mention (is it negated, is a
/// day or a part of the day said next to it).
/// </summary>
internal abstract class TokenReader(ParseContext context)
{
    // The token array, its length and the read flags are copied into each reader (see Bind): the helpers below run
    // for almost every token, and reading them from a field of this object keeps parsing as fast as one class was.
    private bool[] _used = context.Used;
    private byte[] _role = context.Role;
    private DayPart[] _partAt = context.PartAt;
    private int[] _endAt = context.EndAt;

    protected ParseContext Context { get; } = context;

    protected Token[] Tokens { get; private set; } = context.Tokens;

    protected int Length { get; private set; } = context.Length;

    protected MentionSet Mentions { get; } = context.Mentions;

    /// <summary>Takes up the context's current sentence, after <see cref="ParseContext.Reset"/>.</summary>
    public virtual void Bind()
    {
        _used = Context.Used;
        _role = Context.Role;
        _partAt = Context.PartAt;
        _endAt = Context.EndAt;
        Tokens = Context.Tokens;
        Length = Context.Length;
    }

    protected ZonedDateTime Now => Context.Now;

    protected LocalDateTime NowLocal => Context.NowLocal;

    protected LocalDate Today => Context.Today;

    /// <summary>The evening ends at 21:00 ("after 3" runs to it); the morning starts at 08:00 ("before noon" starts then).</summary>
    protected static readonly LocalTime EveningEnd = new(21, 0);

    protected static readonly LocalTime MorningStart = new(8, 0);

    protected static readonly HashSet<string> ClockPrepositions = ["at", "around", "about", "by", "from", "until", "before", "after", "between"];

    protected bool IsDateToken(int k) => (uint)k < (uint)Length && _role[k] == 1;

    protected bool IsDayPartToken(int k) => (uint)k < (uint)Length && _role[k] == 2;

    /// <summary>The part of the day said nearest to token <paramref name="position"/>, for "tonight at 8" and "7 in the morning".</summary>
    protected DayPart DayPartHint(int position)
    {
        for (var distance = 0; distance <= 3; distance++)
        {
            if ((uint)(position - distance) < (uint)Length && _partAt[position - distance] != DayPart.None)
            {
                return _partAt[position - distance];
            }
            if ((uint)(position + distance) < (uint)Length && _partAt[position + distance] != DayPart.None)
            {
                return _partAt[position + distance];
            }
        }
        return DayPart.None;
    }

    protected void Mark(int start, int end, byte role)
    {
        if ((uint)start < (uint)Length)
        {
            _endAt[start] = end;
        }
        for (var k = Math.Max(0, start); role != 0 && k < end && k < Length; k++)
        {
            _role[k] = role;
        }
    }

    protected void AddWindow(WindowMention window)
    {
        Mentions.Windows.Add(window);
        if ((uint)window.Start < (uint)Length)
        {
            _endAt[window.Start] = window.End;
        }
        for (var k = Math.Max(0, window.Start); window.Part != DayPart.None && k < window.End && k < Length; k++)
        {
            _partAt[k] = window.Part;
        }
    }

    // ---- token helpers -------------------------------------------------------------------------

    protected bool Free(int i) => (uint)i < (uint)Length && !_used[i];

    /// <summary>Token <paramref name="i"/> is the word <paramref name="w"/>, used or not.</summary>
    protected bool Is(int i, string w) => (uint)i < (uint)Length && Tokens[i].Kind is TokenKind.Word or TokenKind.Ordinal && Tokens[i].Text == w;

    /// <summary>Token <paramref name="i"/> is the word <paramref name="w"/> and not yet read.</summary>
    protected bool W(int i, string w) => Free(i) && Is(i, w);

    protected bool P(int i, char c) => Free(i) && Tokens[i].Char == c;

    protected bool IsPunct(int i, char c) => (uint)i < (uint)Length && Tokens[i].Char == c;

    /// <summary>Token <paramref name="i"/> is written against the one before it, with no space.</summary>
    protected bool Tight(int i) => (uint)i < (uint)Length && !Tokens[i].SpaceBefore;

    protected bool Num(int i) => Free(i) && Tokens[i].Kind == TokenKind.Number;

    protected bool Ord(int i) => Free(i) && Tokens[i].Kind == TokenKind.Ordinal;

    protected int Value(int i) => Tokens[i].Value;

    protected void Use(int from, int to)
    {
        for (var i = Math.Max(0, from); i < to && i < Length; i++)
        {
            _used[i] = true;
        }
    }

    protected bool InSet(int i, IReadOnlySet<string> set) => (uint)i < (uint)Length && Tokens[i].Kind == TokenKind.Word && set.Contains(Tokens[i].Text);

    /// <summary>Reads a count: 2, 1.5, two, forty-five, a/an (article), a couple (of).</summary>
    protected bool ReadCount(int i, out double count, out int end, out bool article, out bool digits)
    {
        count = 0;
        end = i;
        article = false;
        digits = false;
        if (!Free(i))
        {
            return false;
        }
        var t = Tokens[i];
        if (t.Kind == TokenKind.Number && t.Value >= 0)
        {
            digits = true;
            count = t.Value;
            end = i + 1;
            if ((P(i + 1, '.') || P(i + 1, ',')) && Tight(i + 1) && Num(i + 2) && Tight(i + 2) && Tokens[i + 2].Digits <= 2)
            {
                count += Tokens[i + 2].Value / Math.Pow(10, Tokens[i + 2].Digits);
                end = i + 3;
            }
            return true;
        }
        if (t.Kind == TokenKind.Word && t.Value > 0)
        {
            count = t.Value;
            end = i + 1;
            return true;
        }
        if (Is(i, "couple") || ((Is(i, "a") || Is(i, "an")) && W(i + 1, "couple")))
        {
            end = Is(i, "couple") ? i + 1 : i + 2;
            if (W(end, "of"))
            {
                end++;
            }
            count = 2;
            return true;
        }
        if (Is(i, "a") || Is(i, "an"))
        {
            count = 1;
            end = i + 1;
            article = true;
            return true;
        }
        return false;
    }

    protected static readonly HashSet<string> Negations = ["not", "no", "except", "cant", "dont", "never", "wont", "isnt"];
    protected static readonly HashSet<string> NegationBridges = ["on", "at", "do", "the", "for", "make", "around", "about", "this", "that", "in"];

    protected static readonly HashSet<string> NegatingVerbs = ["doesnt", "dont", "isnt", "wont", "cant", "aint"];

    /// <summary>"not Monday", "can't do 3pm", "instead of Friday", "rather than the 3rd", "Tuesday doesn't work".</summary>
    protected bool IsNegated(int start)
    {
        var end = EndOf(start);
        if (end >= 0 && (InSet(end, NegatingVerbs) || (Is(end, "is") && (Is(end + 1, "not") || Is(end + 1, "no")))
            || (Is(end, "no") && Is(end + 1, "good"))))
        {
            return true;
        }

        var k = start - 1;
        while (k >= 0 && Tokens[k].Kind == TokenKind.Punct && Tokens[k].Char != ',')
        {
            k--;
        }
        if (InSet(k, Negations) || (Is(k, "of") && Is(k - 1, "instead")) || (Is(k, "than") && Is(k - 1, "rather")))
        {
            return true;
        }
        return InSet(k, NegationBridges) && (InSet(k - 1, Negations) || (InSet(k - 1, NegationBridges) && InSet(k - 2, Negations)));
    }

    protected static readonly HashSet<string> ChangeVerbs =
        ["move", "moving", "reschedule", "postpone", "push", "change", "changing", "switch", "shift", "bring", "rebook", "swap", "delay", "book", "prefer", "make"];

    /// <summary>Where a reschedule's new time starts: after the first change verb, else -1.</summary>
    protected int ChangeVerbIndex()
    {
        if (Context.ChangeVerb is null)
        {
            Context.ChangeVerb = -1;
            for (var i = 0; i < Length; i++)
            {
                if (InSet(i, ChangeVerbs))
                {
                    Context.ChangeVerb = i;
                    break;
                }
            }
        }
        return Context.ChangeVerb.Value;
    }

    /// <summary>
    /// Picks the mention that counts: the first one not negated ("not Monday, Tuesday"), or for a reschedule
    /// the last one after the change verb ("my Monday 10am appointment, move it to Tuesday").
    /// </summary>
    /// <summary>The end of the mention starting at <paramref name="start"/>; -1 when none starts there.</summary>
    protected int EndOf(int start) => (uint)start < (uint)Length && _endAt[start] > 0 ? _endAt[start] : -1;

    protected bool FollowsTimeMarker(int j) =>
        Is(j, "am") || Is(j, "pm") || Is(j, "oclock") || Is(j, "hour") || Is(j, "minute") || Is(j, "ish") || IsPunct(j, ':')
        || ((uint)j < (uint)Length && Tight(j) && Tokens[j].Raw is "h" or "p" or "a");

    /// <summary>The words of tokens <paramref name="start"/> to <paramref name="end"/> (exclusive) as typed, spaced as typed.</summary>
    protected string TextOf(int start, int end)
    {
        var text = new System.Text.StringBuilder();
        for (var k = Math.Max(0, start); k < end && k < Length; k++)
        {
            if (k > start && Tokens[k].SpaceBefore)
            {
                text.Append(' ');
            }
            text.Append(Tokens[k].Raw);
        }
        return text.ToString();
    }
}
