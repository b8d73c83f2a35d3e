using NodaTime;

namespace OpenBooking.Web.Agent.Understanding;

/// <summary>What a <see cref="Mention"/> is about.</summary>
internal enum MentionKind : byte
{
    Date,
    DateRange,
    Time,
    DayPart,
    Duration,
    RelativeTime,
    Email,
    Code,
    Greeting,
    Choice,
    Question,
    Unreadable,
}

/// <summary>A named part of the day; <see cref="None"/> marks a bound such as "after 3".</summary>
internal enum DayPart : byte
{
    None,
    Morning,
    Lunch,
    Afternoon,
    Evening,
}

/// <summary>
/// Something a recognizer found in the sentence: its kind, the tokens it covers (<see cref="Start"/> inclusive,
/// <see cref="End"/> exclusive) and, in the derived record, its typed value.
/// </summary>
internal abstract record Mention(MentionKind Kind, int Start, int End);

/// <summary>A day: "tomorrow", "Monday", "30/03". Ambiguous when the weekday said disagrees with the date.</summary>
internal sealed record DateMention(LocalDate Date, int Start, int End, bool Ambiguous) : Mention(MentionKind.Date, Start, End);

/// <summary>A span of days: "next week", "in April"; <see cref="ChangeTo"/> is the new day of "from Monday to Tuesday" in a reschedule.</summary>
internal sealed record RangeMention(DateRange Range, int Start, int End, LocalDate? ChangeTo) : Mention(MentionKind.DateRange, Start, End);

/// <summary>
/// A clock time ("3pm", "15:00") or a time range ("10-11am": <see cref="To"/> set). Ambiguous when am/pm was guessed
/// by the bare-hour rule; <see cref="FromPrefix"/> when said after "from"; <see cref="Bare"/> for a number read as an hour from context.
/// </summary>
internal sealed record TimeMention(LocalTime From, LocalTime? To, int Start, int End, bool Ambiguous, bool FromPrefix, bool Bare = false)
    : Mention(MentionKind.Time, Start, End);

/// <summary>A part of the day ("afternoon", <see cref="Part"/> set) or an open bound ("after 3", <see cref="DayPart.None"/>).</summary>
internal sealed record WindowMention(LocalTime From, LocalTime To, int Start, int End, DayPart Part) : Mention(MentionKind.DayPart, Start, End);

/// <summary>A length of time: "for 30 minutes", "an hour and a half".</summary>
internal sealed record DurationMention(int Minutes, int Start, int End) : Mention(MentionKind.Duration, Start, End);

/// <summary>A time counted from now on the instant timeline: "in 2 hours", "90 minutes from now".</summary>
internal sealed record RelativeTimeMention(LocalDateTime At, int Start, int End) : Mention(MentionKind.RelativeTime, Start, End);

/// <summary>An email address, lower-cased.</summary>
internal sealed record EmailMention(string Address, int Start, int End) : Mention(MentionKind.Email, Start, End);

/// <summary>A six-digit one-time code, digits only.</summary>
internal sealed record CodeMention(string Code, int Start, int End) : Mention(MentionKind.Code, Start, End);

/// <summary>A greeting phrase such as "good morning".</summary>
internal sealed record GreetingMention(int Start, int End) : Mention(MentionKind.Greeting, Start, End);

/// <summary>A pick among offered options, counting from 1.</summary>
internal sealed record ChoiceMention(int Option, int Start, int End) : Mention(MentionKind.Choice, Start, End);

/// <summary>A question about the business.</summary>
internal sealed record QuestionMention(BusinessQuestion Question, int Start, int End) : Mention(MentionKind.Question, Start, End);

/// <summary>A date or time as written that does not exist ("February 30", "25:00").</summary>
internal sealed record InvalidMention(UnreadableKind What, string Text, int Start, int End) : Mention(MentionKind.Unreadable, Start, End);

/// <summary>
/// Every mention found in one sentence, by kind, in the order found. Days, spans, times and windows are read by most
/// sentences and kept in lists; the rarer kinds get a list only when one is found (parsing is allocation-sensitive).
/// </summary>
internal sealed class MentionSet
{
    private List<DurationMention>? _durations;
    private List<RelativeTimeMention>? _relatives;
    private List<EmailMention>? _emails;
    private List<CodeMention>? _codes;
    private List<GreetingMention>? _greetings;
    private List<ChoiceMention>? _choices;
    private List<QuestionMention>? _questions;
    private List<InvalidMention>? _invalid;

    public List<DateMention> Dates { get; } = [];
    public List<RangeMention> Ranges { get; } = [];
    public List<TimeMention> Times { get; } = [];
    public List<WindowMention> Windows { get; } = [];
    public IReadOnlyList<DurationMention> Durations => _durations ?? (IReadOnlyList<DurationMention>)[];
    public IReadOnlyList<RelativeTimeMention> Relatives => _relatives ?? (IReadOnlyList<RelativeTimeMention>)[];
    public IReadOnlyList<EmailMention> Emails => _emails ?? (IReadOnlyList<EmailMention>)[];
    public IReadOnlyList<CodeMention> Codes => _codes ?? (IReadOnlyList<CodeMention>)[];
    public IReadOnlyList<GreetingMention> Greetings => _greetings ?? (IReadOnlyList<GreetingMention>)[];
    public IReadOnlyList<ChoiceMention> Choices => _choices ?? (IReadOnlyList<ChoiceMention>)[];
    public IReadOnlyList<QuestionMention> Questions => _questions ?? (IReadOnlyList<QuestionMention>)[];
    public IReadOnlyList<InvalidMention> Invalid => _invalid ?? (IReadOnlyList<InvalidMention>)[];

    /// <summary>The first code said.</summary>
    public string? Code => _codes is [var first, ..] ? first.Code : null;

    /// <summary>The first length of time said.</summary>
    public int? Duration => _durations is [var first, ..] ? first.Minutes : null;

    /// <summary>The first time counted from now, and the token it starts at (-1 when none).</summary>
    public LocalDateTime? Relative => _relatives is [var first, ..] ? first.At : null;

    public int RelativeAt => _relatives is [var first, ..] ? first.Start : -1;

    public bool Greeting => _greetings is { Count: > 0 };

    /// <summary>Every mention, ordered by where it starts in the sentence.</summary>
    public IEnumerable<Mention> All =>
        ((IEnumerable<Mention>)Dates).Concat(Ranges).Concat(Times).Concat(Windows).Concat(Durations).Concat(Relatives).Concat(Emails)
            .Concat(Codes).Concat(Greetings).Concat(Choices).Concat(Questions).Concat(Invalid).OrderBy(m => m.Start);

    /// <summary>Forgets every mention, keeping the lists for the next sentence.</summary>
    public void Clear()
    {
        Dates.Clear();
        Ranges.Clear();
        Times.Clear();
        Windows.Clear();
        _durations?.Clear();
        _relatives?.Clear();
        _emails?.Clear();
        _codes?.Clear();
        _greetings?.Clear();
        _choices?.Clear();
        _questions?.Clear();
        _invalid?.Clear();
    }

    public void Add(DurationMention mention) => (_durations ??= []).Add(mention);

    public void Add(RelativeTimeMention mention) => (_relatives ??= []).Add(mention);

    public void Add(EmailMention mention) => (_emails ??= []).Add(mention);

    public void Add(CodeMention mention) => (_codes ??= []).Add(mention);

    public void Add(GreetingMention mention) => (_greetings ??= []).Add(mention);

    public void Add(ChoiceMention mention) => (_choices ??= []).Add(mention);

    public void Add(QuestionMention mention) => (_questions ??= []).Add(mention);

    public void Add(InvalidMention mention) => (_invalid ??= []).Add(mention);
}
