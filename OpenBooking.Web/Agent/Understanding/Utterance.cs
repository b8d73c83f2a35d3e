using NodaTime;

namespace OpenBooking.Web.Agent.Understanding;

/// <summary>A span of local times within a day, e.g. the afternoon 12:00-17:00.</summary>
public readonly record struct TimeWindow(LocalTime From, LocalTime To)
{
    public override string ToString() => $"{From:HH:mm}-{To:HH:mm}";
}

/// <summary>An inclusive span of days, e.g. next week Monday to Sunday.</summary>
public readonly record struct DateRange(LocalDate From, LocalDate To)
{
    public override string ToString() => $"{From:yyyy-MM-dd}..{To:yyyy-MM-dd}";
}

/// <summary>Questions about the business a sentence asks, answered at any step of a conversation.</summary>
[Flags]
public enum BusinessQuestion
{
    None = 0,
    /// <summary>"When are you open?", "are you open on Sunday?"</summary>
    Hours = 1,
    /// <summary>"Are you closed at Christmas?", "any holidays coming up?"</summary>
    Closures = 2,
    /// <summary>"What services do you offer?", "how long is a haircut?"</summary>
    Services = 4,
    /// <summary>"How much is a haircut?", "what are your prices?"</summary>
    Prices = 8,
    /// <summary>"Where are you?", "what's your address?"</summary>
    Address = 16,
    /// <summary>"What's your phone number?", "can I call you?"</summary>
    Phone = 32,
    /// <summary>"What can you do?"</summary>
    Capabilities = 64,
}

/// <summary>What kind of mention could not be read.</summary>
public enum UnreadableKind
{
    /// <summary>A date that does not exist ("February 30", "31st of November", "2026-13-01").</summary>
    Date,
    /// <summary>A clock time that does not exist ("25:00", "14:75").</summary>
    Time,
    /// <summary>
    /// A message in a language the parser does not read ("je voudrais un rendez-vous demain"): nothing in it is acted
    /// on; the text is the part in that language.
    /// </summary>
    Language,
}

/// <summary>
/// A date or time the customer wrote that could not be read as a real one. The agent says so and asks; it never
/// replaces it by another date.
/// </summary>
/// <param name="Kind">Date or time.</param>
/// <param name="Text">The words as typed ("February 30").</param>
public sealed record UnreadableMention(UnreadableKind Kind, string Text);

/// <summary>
/// One sentence read by an <see cref="IUtteranceParser"/>. Times are local to the business time zone.
/// </summary>
/// <param name="Text">The sentence as typed.</param>
/// <param name="Intent">What the sentence asks for.</param>
public sealed record Utterance(string Text, Intent Intent)
{
    /// <summary>
    /// The clock time asked for, with its day. When no day was said it is the next occurrence of that
    /// time (today if still ahead, else tomorrow); "in 2 hours" is counted on the instant timeline.
    /// </summary>
    public LocalDateTime? Start { get; init; }

    /// <summary>The day asked for; whenever <see cref="Start"/> is known this is its date.</summary>
    public LocalDate? Date { get; init; }

    /// <summary>
    /// True when no day was said and <see cref="Start"/>'s day is the next occurrence of the time ("what about 11?"): in a
    /// conversation about one day, the time is on that day.
    /// </summary>
    public bool DayImplied { get; init; }

    /// <summary>
    /// A part of the day ("afternoon": 12:00-17:00) or an open bound ("after 3": 15:00-21:00) when no clock time was
    /// said. A time range ("10-11am") gives <see cref="Start"/> and <see cref="DurationMinutes"/> instead.
    /// </summary>
    public TimeWindow? Window { get; init; }

    /// <summary>A span of days such as "next week" or "this weekend".</summary>
    public DateRange? DateRange { get; init; }

    /// <summary>How long, from a duration ("for 30 minutes") or a time range ("from 2 to 3:30").</summary>
    public int? DurationMinutes { get; init; }

    /// <summary>The first email address in the sentence, lower-cased.</summary>
    public string? Email { get; init; }

    /// <summary>A six-digit one-time code, spaces and dashes removed.</summary>
    public string? Code { get; init; }

    /// <summary>
    /// Which of the options the agent offered was picked, counting from 1: "the second one", "option 2", "the 3rd".
    /// Only set when the sentence is such a pick (intent <see cref="Intent.Confirm"/>).
    /// </summary>
    public int? Choice { get; init; }

    /// <summary>
    /// True when a reading was a guess a person should confirm: a bare hour ("at 3" read as 15:00), a
    /// weekday that disagrees with the date ("Tuesday the 30th"), or a local time that a daylight-saving
    /// change skips or repeats.
    /// </summary>
    public bool TimeIsAmbiguous { get; init; }

    /// <summary>The questions about the business the sentence asks (hours, services, prices, address, ...), if any.</summary>
    public BusinessQuestion Questions { get; init; }

    /// <summary>
    /// Dates or times in the sentence that do not exist or could not be read. When any is present the other readings of
    /// the sentence must not be used to pick a day silently.
    /// </summary>
    public IReadOnlyList<UnreadableMention> Unreadable { get; init; } = [];
}
