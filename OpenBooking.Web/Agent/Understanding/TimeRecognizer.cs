using NodaTime;

namespace OpenBooking.Web.Agent.Understanding;

/// <summary>Finds clock times, time ranges ("from 2pm to 3:30pm", "10-11am") and bounds ("after 3", "before noon").</summary>
internal sealed class TimeRecognizer(ParseContext context) : ClockReader(context), IRecognizer
{
    // Words after which a bare number is an hour: "for 3", "say 4?", "does 2 work", "how about 5".
    private static readonly HashSet<string> BarePredecessors =
        ["at", "around", "about", "by", "from", "until", "before", "after", "between", "for", "say", "maybe", "try", "do", "is", "does", "it", "or", "like", "than", "instead", "earliest", "latest", "prefer", "preferably", "ideally", "perhaps", "possibly", "to", "meant", "mean", "would", "say"];

    // Words before which a bare number is an hour: "3 works", "4 is fine", "10 then", "3 or 4".
    private static readonly HashSet<string> BareFollowers =
        ["works", "work", "ok", "fine", "good", "then", "instead", "please", "suits", "suit", "is", "would", "or", "be", "not", "sounds", "perfect", "great", "if", "tomorrow", "today", "tonight", "on", "works?", "ish", "sharp", "exactly", "latest", "earliest", "onwards", "onward"];

    // Nouns that make a number a count, not an hour: "2 people", "3 sessions", "for 2 of us".
    private static readonly HashSet<string> CountNouns =
        ["people", "person", "persons", "guests", "guest", "of", "adults", "kids", "children", "patients", "slot", "session", "appointment", "more", "week", "day", "month", "year", "years", "minute", "hour", "time", "times", "booking", "us", "pax", "weeks", "star", "stars", "euro", "euros", "dollars", "percent", "x", "th", "st", "nd", "rd"];

    // ---- clock times, ranges, bounds -----------------------------------------------------------

    public void Recognize()
    {
        FindImpossibleClockTimes();
        for (var i = 0; i < Length; i++)
        {
            if (Free(i) && !TryTimeRange(i) && !TryTimeBound(i))
            {
                TryClockAt(i);
            }
        }
    }

    /// <summary>"from 2pm to 3:30pm", "between 10 and 11", "10 to 11", "10-11am", "9 till 5"; "from 3 onwards".</summary>
    private bool TryTimeRange(int i)
    {
        var j = i;
        var prefix = 0; // 1 from, 2 between
        if (W(j, "from"))
        {
            prefix = 1;
            j++;
        }
        else if (W(j, "between"))
        {
            prefix = 2;
            j++;
        }
        if (!ReadClock(j, prefix == 0, out var a))
        {
            return false;
        }

        var k = a.End;
        if (prefix == 1 && (W(k, "onwards") || W(k, "onward") || W(k, "on")))
        {
            var from = ResolveClock(a, j).Time;
            AddWindow(new WindowMention(from, from < EveningEnd ? EveningEnd : new LocalTime(23, 59), i, k + 1, DayPart.None));
            Use(i, k + 1);
            return true;
        }
        var connector = P(k, '-') || W(k, "to") || W(k, "until") || W(k, "through") || (prefix == 2 && (W(k, "and") || P(k, '&')));
        if (!connector || !ReadClock(k + 1, false, out var b))
        {
            return false;
        }
        if (prefix == 0 && Tokens[j].Kind != TokenKind.Number && !a.Strong)
        {
            return false;
        }
        if (!b.Strong && InSet(b.End, CountNouns))
        {
            return false;
        }

        // am/pm written once applies to both ends: "10-11am", "2 to 4pm", "11-1pm" (11am to 1pm).
        if (a.Meridiem == Meridiem.None && !a.Explicit24 && b.Meridiem != Meridiem.None)
        {
            var trial = a;
            trial.Meridiem = b.Meridiem;
            a.Meridiem = ResolveClock(trial, j).Time < ResolveClock(b, k + 1).Time ? b.Meridiem : Meridiem.Am;
        }
        else if (b.Meridiem == Meridiem.None && !b.Explicit24 && a.Meridiem != Meridiem.None)
        {
            var trial = b;
            trial.Meridiem = a.Meridiem;
            b.Meridiem = ResolveClock(trial, k + 1).Time > ResolveClock(a, j).Time ? a.Meridiem : Meridiem.Pm;
        }

        var (ta, ambiguousA) = ResolveClock(a, j);
        var tb = ResolveClock(b, k + 1).Time;
        if (tb <= ta && tb.Hour < 12 && b.Meridiem == Meridiem.None && !b.Explicit24 && tb.PlusHours(12) > ta)
        {
            tb = tb.PlusHours(12);
        }
        if (tb <= ta)
        {
            return false;
        }
        Mentions.Times.Add(new TimeMention(ta, tb, i, b.End, ambiguousA, prefix == 1));
        Mark(i, b.End, 0);
        Use(i, b.End);
        return true;
    }

    /// <summary>
    /// Open bounds: "after 3" runs to the end of the evening (21:00), "before noon" starts at 08:00;
    /// also "by 5", "until 4", "later than 2", "no earlier than 10", "after lunch", "after work".
    /// </summary>
    private bool TryTimeBound(int i)
    {
        var j = i;
        var negated = false;
        if (W(j, "no") || W(j, "not"))
        {
            negated = true;
            j++;
        }
        bool after;
        if (W(j, "after"))
        {
            after = true;
        }
        else if (W(j, "before") || W(j, "by") || W(j, "until"))
        {
            after = false;
        }
        else if ((W(j, "later") || W(j, "earlier")) && W(j + 1, "than"))
        {
            after = Is(j, "later");
            j++;
        }
        else
        {
            return false;
        }
        if (negated)
        {
            after = !after;
        }
        j++;

        if (W(j, "lunch") || W(j, "lunchtime"))
        {
            AddWindow(after
                ? new WindowMention(new LocalTime(14, 0), new LocalTime(17, 0), i, j + 1, DayPart.None)
                : new WindowMention(MorningStart, new LocalTime(11, 30), i, j + 1, DayPart.None));
            Use(i, j + 1);
            return true;
        }
        if (W(j, "work"))
        {
            AddWindow(after
                ? new WindowMention(new LocalTime(17, 0), EveningEnd, i, j + 1, DayPart.None)
                : new WindowMention(MorningStart, new LocalTime(9, 0), i, j + 1, DayPart.None));
            Use(i, j + 1);
            return true;
        }
        if (!ReadClock(j, true, out var c) || (!c.Strong && InSet(c.End, CountNouns)))
        {
            return false;
        }
        var time = ResolveClock(c, j).Time;
        var window = after
            ? new WindowMention(time, time < EveningEnd ? EveningEnd : new LocalTime(23, 59), i, c.End, DayPart.None)
            : new WindowMention(time > MorningStart ? MorningStart : LocalTime.Midnight, time, i, c.End, DayPart.None);
        AddWindow(window);
        Use(i, c.End);
        return true;
    }

    private bool TryClockAt(int i)
    {
        if (!ReadClock(i, true, out var c))
        {
            return false;
        }
        if (!c.Strong && (!HasClockContext(i, c.End) || InSet(c.End, CountNouns)))
        {
            return false;
        }
        if (!c.Strong && IsTextingFor(i, c.End))
        {
            // "4 monday" is "for Monday": the 4 is read, and is no time.
            Use(i, c.End);
            return true;
        }
        // "that one", "the second one please": a choice, not 1 o'clock.
        if (!c.Strong && Is(i, "one") && !InSet(i - 1, ClockPrepositions) && !IsPunct(i - 1, '@'))
        {
            return false;
        }
        var start = InSet(i - 1, ClockPrepositions) || IsPunct(i - 1, '@') || Is(i - 1, "for") ? i - 1 : i;
        var (time, ambiguous) = ResolveClock(c, i);
        Mentions.Times.Add(new TimeMention(time, null, start, c.End, ambiguous, Is(i - 1, "from"), !c.Strong));
        Mark(start, c.End, 0);
        Use(start, c.End);
        return true;
    }

    /// <summary>A bare number is an hour only in a time-like place: "at 3", "tomorrow 10", "3 works?", "is 4 ok".</summary>
    private bool HasClockContext(int start, int end)
    {
        var previous = start - 1;
        if (IsPunct(previous, '@') || IsPunct(previous, '~') || InSet(previous, BarePredecessors) || IsDateToken(previous) || IsDayPartToken(previous))
        {
            return true;
        }
        if (InSet(end, BareFollowers) || IsDateToken(end) || IsDayPartToken(end)
            || (Is(end, "in") && Is(end + 1, "the") && IsDayPartToken(end + 2)) || (Is(end, "at") && Is(end + 1, "night")))
        {
            return true;
        }

        // The whole message is the number: "3", "10?", "4 pls".
        Context.Filler ??= CountNonFiller();
        return Context.Filler == 1;
    }

    private int CountNonFiller()
    {
        var count = 0;
        for (var k = 0; k < Length; k++)
        {
            if (Tokens[k].Kind != TokenKind.Punct && !Is(k, "please") && !Is(k, "ok") && !Is(k, "yes") && !Is(k, "maybe"))
            {
                count++;
            }
        }
        return count;
    }

    /// <summary>
    /// "25:00", "14:75", "24:30": written as a clock time but no such time exists. Recorded as unreadable so that neither
    /// number is read as an hour or a day.
    /// </summary>
    private void FindImpossibleClockTimes()
    {
        for (var i = 0; i + 2 < Length; i++)
        {
            if (Num(i) && Tokens[i].Digits <= 2 && P(i + 1, ':') && Tight(i + 1) && Num(i + 2) && Tight(i + 2) && Tokens[i + 2].Digits == 2
                && (Value(i) > 24 || Value(i + 2) > 59 || (Value(i) == 24 && Value(i + 2) > 0)))
            {
                var end = IsMeridiemAt(i + 3) ? i + 4 : i + 3;
                Mentions.Add(new InvalidMention(UnreadableKind.Time, TextOf(i, end), i, end));
                Use(i, end);
                i = end - 1;
            }
        }
    }

    /// <summary>
    /// Texting shorthand: a lone digit 4 before a day stands for "for" when it opens the message, follows what is
    /// wanted ("4 monday", "a slot 4 friday?") or when a time is said after the day ("can I come 4 monday at 11"). After a
    /// verb or a preposition, with no other time, it stays an hour by the bare-hour rule ("at 4 monday", "can I book 4
    /// tmrw" are 16:00).
    /// </summary>
    private bool IsTextingFor(int i, int end) =>
        end == i + 1 && Tokens[i].Raw == "4" && IsDateToken(end)
        && (i == 0 || Tokens[i - 1].Kind == TokenKind.Punct || InSet(i - 1, WantedThings) || TimeFollows(end + 1));

    /// <summary>Whether a time (a strong one, or a number after "at", "around"...) is said from this token on.</summary>
    private bool TimeFollows(int from)
    {
        for (var k = from; k < Length; k++)
        {
            if (ReadClock(k, false, out var later) && (later.Strong || InSet(k - 1, ClockPrepositions)))
            {
                return true;
            }
        }
        return false;
    }

    private static readonly HashSet<string> WantedThings =
        ["appointment", "slot", "spot", "space", "session", "something", "anything", "availability", "table", "haircut", "booking", "free", "available"];
}
