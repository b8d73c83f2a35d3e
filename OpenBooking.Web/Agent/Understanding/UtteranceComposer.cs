using NodaTime;

namespace OpenBooking.Web.Agent.Understanding;

/// <summary>Turns the mentions of one sentence and its intent into the <see cref="Utterance"/>: picks the mention that counts (not a negated one; for a reschedule the new time) and settles the day, clock time, window and span.</summary>
internal sealed class UtteranceComposer(ParseContext context) : TokenReader(context)
{
    /// <summary>
    /// Picks the mention that counts: the first one not negated ("not Monday, Tuesday"), or for a reschedule
    /// the last one after the change verb ("my Monday 10am appointment, move it to Tuesday").
    /// </summary>
    private T? Pick<T>(List<T> mentions, Func<T, int> start, bool last) where T : class
    {
        if (mentions.Count == 0)
        {
            return null;
        }
        if (last && ChangeVerbIndex() is var verb and >= 0 && mentions.Exists(m => start(m) > verb) && mentions.Exists(m => start(m) < verb))
        {
            mentions = mentions.FindAll(m => start(m) > verb);
        }
        T? chosen = null;
        foreach (var m in mentions)
        {
            if (!IsNegated(start(m)))
            {
                chosen ??= m;
                if (last)
                {
                    chosen = m;
                }
            }
        }
        return chosen ?? (last ? mentions[^1] : mentions[0]);
    }

    public Utterance Compose(Intent intent)
    {
        if (intent == Intent.Confirm && Mentions.Choices.Count > 0)
        {
            // "option 1" picks an offered slot; its number is not 1 o'clock.
            return new Utterance(Context.Text, intent) { Choice = Mentions.Choices[0].Option };
        }

        var reschedule = intent == Intent.Reschedule;
        var ambiguous = false;

        // Days.
        var date = Pick(Mentions.Dates, d => d.Start, reschedule);
        LocalDate? day = date?.Date;
        ambiguous |= date?.Ambiguous ?? false;
        DateRange? range = null;
        var rangeMention = Pick(Mentions.Ranges, r => r.Start, reschedule);
        if (rangeMention is not null)
        {
            if (reschedule && rangeMention.ChangeTo is { } target)
            {
                day ??= target;
            }
            else if (day is not { } d || d < rangeMention.Range.From || d > rangeMention.Range.To)
            {
                // A day inside the span ("next week, maybe Tuesday") is the more precise reading.
                range = rangeMention.Range;
            }
        }

        // Times.
        // A written time ("7pm") beats a bare number read from context ("a table for 2").
        var liveTimes = Mentions.Times.Exists(t => !IsNegated(t.Start)) ? Mentions.Times.FindAll(t => !IsNegated(t.Start)) : Mentions.Times;
        var timeCandidates = !reschedule && liveTimes.Exists(t => !t.Bare) ? liveTimes.FindAll(t => !t.Bare) : liveTimes;
        if (reschedule && timeCandidates.Count > 1 && timeCandidates.Exists(t => !t.FromPrefix))
        {
            timeCandidates = timeCandidates.FindAll(t => !t.FromPrefix);
        }
        var time = Pick(timeCandidates, t => t.Start, reschedule);
        if (reschedule && time is not null && date is not null && ChangeVerbIndex() is var verb and >= 0 && time.Start < verb && date.Start > verb)
        {
            // "my Monday 10am appointment, move it to Tuesday": 10am was the old time.
            time = null;
        }
        LocalTime? clock = null;
        var duration = Mentions.Duration;
        if (time is not null)
        {
            // A bare hour that lands inside a part of the day said elsewhere ("Saturday afternoon ... around 2") is settled.
            ambiguous |= time.Ambiguous && !Mentions.Windows.Exists(w => w.Part != DayPart.None && w.From <= time.From && time.From < w.To);
            if (time.To is { } to)
            {
                if (reschedule && (time.FromPrefix || IsChangeVerbBefore(time.Start)))
                {
                    clock = to;
                }
                else
                {
                    // A time range gives a start and a duration; the window is kept for parts of the day and bounds.
                    clock = time.From;
                    duration ??= MinutesBetween(time.From, to);
                }
            }
            else
            {
                clock = time.From;
            }
        }

        // Windows, when no clock time was said: a bound ("after 3") narrowed by a part of the day ("in the
        // afternoon"). With a clock time the part of the day only settled am/pm ("tonight at 8").
        TimeWindow? window = null;
        var windows = Mentions.Windows.FindAll(w => !IsNegated(w.Start));
        if (clock is null && Mentions.Relative is null && windows.Count > 0)
        {
            var bound = windows.Find(w => w.Part == DayPart.None);
            var part = Pick(windows.FindAll(w => w.Part != DayPart.None), w => w.Start, reschedule);
            if (bound is not null && part is not null && bound.From < part.To && part.From < bound.To)
            {
                window = new TimeWindow(Max(bound.From, part.From), Min(bound.To, part.To));
            }
            else if (bound is not null)
            {
                window = new TimeWindow(bound.From, bound.To);
            }
            else if (part is not null)
            {
                window = new TimeWindow(part.From, part.To);
            }
        }

        LocalDateTime? start = null;
        var dayImplied = false;
        if (Mentions.Relative is { } relative && (clock is null || Mentions.RelativeAt < (time?.Start ?? int.MaxValue)))
        {
            start = relative;
            day = relative.Date;
        }
        else if (clock is { } c)
        {
            if (day is { } d)
            {
                start = d + c;
            }
            else
            {
                var first = range is { } r && r.From > Today ? r.From : Today;
                var candidate = first + c;
                if (!IsStillAhead(candidate))
                {
                    candidate = candidate.PlusDays(1);
                }
                start = candidate;
                day = candidate.Date;
                dayImplied = range is null;
            }
        }

        if (start is { } s && Now.Zone.MapLocal(s).Count != 1)
        {
            ambiguous = true;
        }

        // Nothing is guessed around a date that does not exist: "February 30 at 3pm" has no day and no start (3pm today
        // would be another date), nor around a message in another language. An impossible time ("tomorrow at 25:00") is never a mention of a time, so it sets no start.
        var unreadable = Unreadable();
        if (Array.Exists(unreadable, u => u.Kind is UnreadableKind.Date or UnreadableKind.Language))
        {
            (start, day, range) = (null, null, null);
        }

        return new Utterance(Context.Text, intent)
        {
            Questions = Questions(),
            Unreadable = unreadable,
            Start = start,
            Date = day,
            DayImplied = dayImplied && start is not null,
            Window = window,
            DateRange = range,
            DurationMinutes = duration,
            Email = Mentions.Emails.Count > 0 ? Mentions.Emails[0].Address : null,
            Code = Mentions.Code,
            TimeIsAmbiguous = ambiguous,
        };
    }

    /// <summary>
    /// Whether a wall-clock time has yet to happen. Compared as instants, so during an autumn overlap "at 2:15am"
    /// said at the first 02:30 is still ahead (the second 02:15 is to come); a skipped time compares by the clock.
    /// </summary>
    private bool IsStillAhead(LocalDateTime local)
    {
        var mapping = Now.Zone.MapLocal(local);
        return mapping.Count == 0 ? local > NowLocal : mapping.Last().ToInstant() > Now.ToInstant();
    }

    private static readonly HashSet<string> ChangeWords = ["change", "changing", "move", "moving", "switch", "swap", "push", "shift", "my", "reschedule", "it", "appointment"];

    private bool IsChangeVerbBefore(int start) => InSet(start - 1, ChangeWords);

    private static int MinutesBetween(LocalTime from, LocalTime to)
    {
        var minutes = (int)Period.Between(from, to, PeriodUnits.Minutes).Minutes;
        return minutes > 0 ? minutes : minutes + 24 * 60;
    }

    private static LocalTime Max(LocalTime a, LocalTime b) => a > b ? a : b;

    private static LocalTime Min(LocalTime a, LocalTime b) => a < b ? a : b;

    private BusinessQuestion Questions()
    {
        var questions = BusinessQuestion.None;
        foreach (var q in Mentions.Questions)
        {
            questions |= q.Question;
        }
        return questions;
    }

    private UnreadableMention[] Unreadable()
    {
        var invalid = Mentions.Invalid;
        if (invalid.Count == 0)
        {
            return [];
        }
        var unreadable = new UnreadableMention[invalid.Count];
        for (var k = 0; k < unreadable.Length; k++)
        {
            unreadable[k] = new UnreadableMention(invalid[k].What, invalid[k].Text);
        }
        return unreadable;
    }
}
