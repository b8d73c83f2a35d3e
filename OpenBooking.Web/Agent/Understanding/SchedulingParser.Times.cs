using NodaTime;

namespace OpenBooking.Web.Agent.Understanding;

public sealed partial class SchedulingParser
{
    private enum Meridiem : byte
    {
        None,
        Am,
        Pm,
    }

    /// <summary>A clock time as written, before am/pm is settled.</summary>
    private struct Clock
    {
        public int Hour;          // as written, 0-24
        public int Minutes;       // added once the hour is settled; negative for "quarter to"
        public Meridiem Meridiem;
        public bool Explicit24;   // 15:00, 09:15, 15h, noon: no am/pm guess needed
        public bool Strong;       // a time even without "at": 3pm, 15:00, half past three, 3ish
        public bool HasMinutes;
        public int End;
    }

    private sealed partial class Session
    {
        private static readonly HashSet<string> ClockPrepositions = ["at", "around", "about", "by", "from", "until", "before", "after", "between"];

        // Words after which a bare number is an hour: "for 3", "say 4?", "does 2 work", "how about 5".
        private static readonly HashSet<string> BarePredecessors =
            ["at", "around", "about", "by", "from", "until", "before", "after", "between", "for", "say", "maybe", "try", "do", "is", "does", "it", "or", "like", "than", "instead", "earliest", "latest", "prefer", "preferably", "ideally", "perhaps", "possibly", "to", "meant", "mean", "would", "say"];

        // Words before which a bare number is an hour: "3 works", "4 is fine", "10 then", "3 or 4".
        private static readonly HashSet<string> BareFollowers =
            ["works", "work", "ok", "fine", "good", "then", "instead", "please", "suits", "suit", "is", "would", "or", "be", "not", "sounds", "perfect", "great", "if", "tomorrow", "today", "tonight", "on", "works?", "ish", "sharp", "exactly", "latest", "earliest", "onwards", "onward"];

        // Nouns that make a number a count, not an hour: "2 people", "3 sessions", "for 2 of us".
        private static readonly HashSet<string> CountNouns =
            ["people", "person", "persons", "guests", "guest", "of", "adults", "kids", "children", "patients", "slot", "session", "appointment", "more", "week", "day", "month", "year", "years", "minute", "hour", "time", "times", "booking", "us", "pax", "weeks", "star", "stars", "euro", "euros", "dollars", "percent", "x", "th", "st", "nd", "rd"];

        // ---- parts of the day ----------------------------------------------------------------------

        private void FindDayParts()
        {
            for (var i = 0; i < _n; i++)
            {
                if (!Free(i))
                {
                    continue;
                }

                var j = i;
                var modifier = 0; // 1 early, 2 late, 3 mid
                if (W(j, "early"))
                {
                    modifier = 1;
                }
                else if (W(j, "late") || W(j, "later"))
                {
                    modifier = 2;
                }
                else if (W(j, "mid"))
                {
                    modifier = 3;
                }
                if (modifier > 0)
                {
                    j++;
                    if (P(j, '-'))
                    {
                        j++;
                    }
                    if (W(j, "in") && W(j + 1, "the"))
                    {
                        j += 2;
                    }
                }

                if (W(j, "first") && W(j + 1, "thing"))
                {
                    AddWindow(new WindowMention(MorningStart, new LocalTime(10, 0), i, j + 2, DayPart.Morning));
                    Mark(i, j + 2, 2);
                    Use(i, j + 2);
                    continue;
                }
                if (W(j, "last") && W(j + 1, "thing"))
                {
                    AddWindow(new WindowMention(new LocalTime(15, 0), new LocalTime(17, 0), i, j + 2, DayPart.Afternoon));
                    Mark(i, j + 2, 2);
                    Use(i, j + 2);
                    continue;
                }

                if (!Free(j))
                {
                    continue;
                }
                var word = _t[j].Text;
                var bounded = Is(i - 1, "after") || Is(i - 1, "before");
                (LocalTime From, LocalTime To, DayPart Part)? window = word switch
                {
                    "morning" => modifier switch
                    {
                        1 => (MorningStart, new LocalTime(10, 0), DayPart.Morning),
                        2 or 3 => (new LocalTime(10, 0), new LocalTime(12, 0), DayPart.Morning),
                        _ => (MorningStart, new LocalTime(12, 0), DayPart.Morning),
                    },
                    "afternoon" => modifier switch
                    {
                        1 => (new LocalTime(12, 0), new LocalTime(14, 0), DayPart.Afternoon),
                        2 => (new LocalTime(15, 0), new LocalTime(17, 0), DayPart.Afternoon),
                        3 => (new LocalTime(14, 0), new LocalTime(16, 0), DayPart.Afternoon),
                        _ => (new LocalTime(12, 0), new LocalTime(17, 0), DayPart.Afternoon),
                    },
                    "evening" or "night" => modifier switch
                    {
                        1 => (new LocalTime(17, 0), new LocalTime(19, 0), DayPart.Evening),
                        2 => (new LocalTime(19, 0), EveningEnd, DayPart.Evening),
                        _ => (new LocalTime(17, 0), EveningEnd, DayPart.Evening),
                    },
                    "lunchtime" when !bounded => (new LocalTime(11, 30), new LocalTime(14, 0), DayPart.Lunch),
                    "lunch" when !bounded && !Is(j + 1, "break") =>
                        (new LocalTime(11, 30), new LocalTime(14, 0), DayPart.Lunch),
                    "am" when IsDateToken(j - 1) => (MorningStart, new LocalTime(12, 0), DayPart.Morning),
                    "pm" when IsDateToken(j - 1) => (new LocalTime(12, 0), new LocalTime(17, 0), DayPart.Afternoon),
                    _ => null,
                };
                if (window is { } w)
                {
                    AddWindow(new WindowMention(w.From, w.To, i, j + 1, w.Part));
                    Mark(i, j + 1, 2);
                    Use(i, j + 1);
                }
            }
        }

        private bool IsDateToken(int k) => (uint)k < (uint)_n && _role[k] == 1;

        private bool IsDayPartToken(int k) => (uint)k < (uint)_n && _role[k] == 2;

        /// <summary>The part of the day said nearest to token <paramref name="position"/>, for "tonight at 8" and "7 in the morning".</summary>
        private DayPart DayPartHint(int position)
        {
            for (var distance = 0; distance <= 3; distance++)
            {
                if ((uint)(position - distance) < (uint)_n && _partAt[position - distance] != DayPart.None)
                {
                    return _partAt[position - distance];
                }
                if ((uint)(position + distance) < (uint)_n && _partAt[position + distance] != DayPart.None)
                {
                    return _partAt[position + distance];
                }
            }
            return DayPart.None;
        }

        // ---- clock times, ranges, bounds -----------------------------------------------------------

        private void FindTimes()
        {
            for (var i = 0; i < _n; i++)
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
            if (prefix == 0 && _t[j].Kind != TokenKind.Number && !a.Strong)
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
            _times.Add(new TimeMention(ta, tb, i, b.End, ambiguousA, prefix == 1));
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
            // "that one", "the second one please": a choice, not 1 o'clock.
            if (!c.Strong && Is(i, "one") && !InSet(i - 1, ClockPrepositions) && !IsPunct(i - 1, '@'))
            {
                return false;
            }
            var start = InSet(i - 1, ClockPrepositions) || IsPunct(i - 1, '@') || Is(i - 1, "for") ? i - 1 : i;
            var (time, ambiguous) = ResolveClock(c, i);
            _times.Add(new TimeMention(time, null, start, c.End, ambiguous, Is(i - 1, "from"), !c.Strong));
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
            _filler ??= CountNonFiller();
            return _filler == 1;
        }

        private int? _filler;

        private int CountNonFiller()
        {
            var count = 0;
            for (var k = 0; k < _n; k++)
            {
                if (_t[k].Kind != TokenKind.Punct && !Is(k, "please") && !Is(k, "ok") && !Is(k, "yes") && !Is(k, "maybe"))
                {
                    count++;
                }
            }
            return count;
        }

        /// <summary>
        /// Reads a clock time at <paramref name="i"/>: 3pm, 3 pm, 3p, 15:00, 15h, 15h30, 09h15, 3.30pm, 1530 (after
        /// "at"), half past three, quarter to five, ten to six, half three, ten thirty, noon, midnight, 3 o'clock,
        /// 3ish, or a bare 3 / three (not <see cref="Clock.Strong"/>: the caller decides from context).
        /// </summary>
        private bool ReadClock(int i, bool allowMinutesTo, out Clock c)
        {
            c = default;
            if (!Free(i))
            {
                return false;
            }
            if (W(i, "noon") || W(i, "midday") || W(i, "midnight"))
            {
                c = new Clock { Hour = Is(i, "midnight") ? 0 : 12, Explicit24 = true, Strong = true, End = i + 1 };
                return true;
            }
            if (ReadMinutesPastTo(i, allowMinutesTo, out c))
            {
                return true;
            }
            if (W(i, "half") && ReadHourToken(i + 1, out var halfHour) && !W(i + 2, "hour") && !W(i + 2, "minute") && !P(i + 2, ':'))
            {
                c = new Clock { Hour = halfHour, Minutes = 30, HasMinutes = true, Strong = true, End = i + 2 };
                ReadMeridiem(ref c);
                return true;
            }

            var t = _t[i];
            if (t.Kind == TokenKind.Number)
            {
                if (t.Digits <= 2 && t.Value <= 24)
                {
                    c.Hour = t.Value;
                    c.Explicit24 = t.LeadingZero || t.Value >= 13 || t.Value == 0;
                    var j = i + 1;
                    if ((P(j, ':') || P(j, '.')) && Tight(j) && Num(j + 1) && Tight(j + 1) && _t[j + 1].Digits == 2 && Value(j + 1) <= 59)
                    {
                        c.Minutes = Value(j + 1);
                        c.HasMinutes = true;
                        c.Strong = true;
                        j += 2;
                        if (Free(j) && _t[j].Raw is "h" or "hrs" or "hr" && Tight(j))
                        {
                            j++;
                        }
                    }
                    else if (Free(j) && _t[j].Raw == "h" && Tight(j))
                    {
                        c.Explicit24 = true;
                        c.Strong = true;
                        j++;
                        if (Num(j) && Tight(j) && _t[j].Digits == 2 && Value(j) <= 59)
                        {
                            c.Minutes = Value(j);
                            c.HasMinutes = true;
                            j++;
                        }
                    }
                    c.End = j;
                    ReadMeridiem(ref c);
                    if (!c.Strong)
                    {
                        if (W(j, "oclock"))
                        {
                            c.Strong = true;
                            c.End = j + 1;
                        }
                        else if (IsIsh(j, out var ishEnd))
                        {
                            c.Strong = true;
                            c.End = ishEnd;
                        }
                        else if (Num(j) && !Tight(j) && _t[j].Digits == 2 && Value(j) <= 59 && IsMeridiemAt(j + 1))
                        {
                            c.Minutes = Value(j);
                            c.HasMinutes = true;
                            c.End = j + 1;
                            ReadMeridiem(ref c);
                        }
                    }
                    if (c.Meridiem != Meridiem.None && c.Hour > 12)
                    {
                        c.Meridiem = Meridiem.None;
                    }
                    return c.Hour <= 24;
                }

                if (t.Digits is 3 or 4 && t.Value % 100 <= 59 && t.Value / 100 <= 23)
                {
                    c.Hour = t.Value / 100;
                    c.Minutes = t.Value % 100;
                    c.HasMinutes = true;
                    c.Explicit24 = t.Digits == 4;
                    c.End = i + 1;
                    ReadMeridiem(ref c);
                    if (c.Meridiem != Meridiem.None)
                    {
                        c.Explicit24 = false;
                    }
                    else if (t.Digits == 4 && (W(i + 1, "hour") || (Free(i + 1) && _t[i + 1].Raw == "h")))
                    {
                        c.Strong = true;
                        c.End = i + 2;
                    }
                    else if (InSet(i - 1, ClockPrepositions) || IsPunct(i - 1, '@') || (t.Digits == 4 && t.LeadingZero))
                    {
                        c.Strong = true;
                    }
                    return c.Strong;
                }
                return false;
            }

            if (t.Kind == TokenKind.Word && t.Value is >= 1 and <= 12)
            {
                c.Hour = t.Value;
                var j = i + 1;
                if (Free(j) && _t[j].Kind == TokenKind.Word && _t[j].Value is >= 10 and <= 59 && !W(j + 1, "minute") && !W(j + 1, "hour") && !W(j + 1, "day"))
                {
                    c.Minutes = Value(j);
                    c.HasMinutes = true;
                    c.Strong = true;
                    j++;
                }
                else if ((W(j, "oh") || W(j, "o")) && Free(j + 1) && _t[j + 1].Kind == TokenKind.Word && _t[j + 1].Value is >= 1 and <= 9)
                {
                    c.Minutes = Value(j + 1);
                    c.HasMinutes = true;
                    c.Strong = true;
                    j += 2;
                }
                c.End = j;
                ReadMeridiem(ref c);
                if (!c.Strong)
                {
                    if (W(j, "oclock"))
                    {
                        c.Strong = true;
                        c.End = j + 1;
                    }
                    else if (IsIsh(j, out var ishEnd))
                    {
                        c.Strong = true;
                        c.End = ishEnd;
                    }
                }
                return true;
            }
            return false;
        }

        /// <summary>half past three, quarter past 2, a quarter to five, ten to six, 20 minutes past 4, quarter after 3.</summary>
        private bool ReadMinutesPastTo(int i, bool allowTo, out Clock c)
        {
            c = default;
            var j = i;
            if (W(j, "a") && W(j + 1, "quarter"))
            {
                j++;
            }
            int minutes;
            var word = true;
            var half = false;
            if (W(j, "half"))
            {
                minutes = 30;
                half = true;
            }
            else if (W(j, "quarter"))
            {
                minutes = 15;
            }
            else if (Free(j) && _t[j].Kind == TokenKind.Word && _t[j].Value is >= 1 and <= 29)
            {
                minutes = Value(j);
            }
            else if (Num(j) && _t[j].Digits <= 2 && Value(j) is >= 1 and <= 59)
            {
                minutes = Value(j);
                // "20 to 3" and "25 to 4" cannot be ranges, so they are minutes to the hour; "10 to 11" is a range.
                word = minutes is 20 or 25 && (W(j + 1, "to") || W(j + 1, "past"));
            }
            else
            {
                return false;
            }
            j++;
            var minuteWord = false;
            if (W(j, "minute"))
            {
                minuteWord = true;
                j++;
            }

            bool past;
            if (W(j, "past") || (W(j, "after") && (word || minuteWord)))
            {
                past = true;
            }
            else if (allowTo && !half && (word || minuteWord) && (W(j, "to") || W(j, "of") || W(j, "until")))
            {
                past = false;
            }
            else
            {
                return false;
            }
            j++;

            int hour;
            var explicit24 = false;
            if (W(j, "noon") || W(j, "midnight"))
            {
                hour = Is(j, "noon") ? 12 : 0;
                explicit24 = true;
            }
            else if (!ReadHourToken(j, out hour))
            {
                return false;
            }
            c = new Clock { Hour = hour, Minutes = past ? minutes : -minutes, HasMinutes = true, Strong = true, Explicit24 = explicit24, End = j + 1 };
            ReadMeridiem(ref c);
            return true;
        }

        private bool ReadHourToken(int j, out int hour)
        {
            hour = 0;
            if (Num(j) && _t[j].Digits <= 2 && Value(j) is >= 1 and <= 12)
            {
                hour = Value(j);
                return true;
            }
            if (Free(j) && _t[j].Kind == TokenKind.Word && _t[j].Value is >= 1 and <= 12)
            {
                hour = Value(j);
                return true;
            }
            return false;
        }

        private bool IsMeridiemAt(int j) => W(j, "am") || W(j, "pm") || (Free(j) && Tight(j) && _t[j].Raw is "p" or "a");

        private void ReadMeridiem(ref Clock c)
        {
            var j = c.End;
            Meridiem meridiem;
            if (W(j, "am") || (Free(j) && Tight(j) && _t[j].Raw == "a"))
            {
                meridiem = Meridiem.Am;
            }
            else if (W(j, "pm") || (Free(j) && Tight(j) && _t[j].Raw == "p"))
            {
                meridiem = Meridiem.Pm;
            }
            else
            {
                return;
            }
            c.Meridiem = meridiem;
            c.Strong = true;
            c.End = j + 1;
            if (IsIsh(c.End, out var ishEnd))
            {
                c.End = ishEnd;
            }
        }

        private bool IsIsh(int j, out int end)
        {
            end = j;
            if (W(j, "ish") && Tight(j))
            {
                end = j + 1;
                return true;
            }
            if (P(j, '-') && Tight(j) && W(j + 1, "ish"))
            {
                end = j + 2;
                return true;
            }
            return false;
        }

        private bool FollowsTimeMarker(int j) =>
            Is(j, "am") || Is(j, "pm") || Is(j, "oclock") || Is(j, "hour") || Is(j, "minute") || Is(j, "ish") || IsPunct(j, ':')
            || ((uint)j < (uint)_n && Tight(j) && _t[j].Raw is "h" or "p" or "a");

        /// <summary>
        /// Settles am/pm: written am/pm wins; 24-hour forms stand; a nearby part of the day decides ("tonight at
        /// 8" is 20:00, "7 in the morning" 07:00); otherwise the bare-hour rule: 1-7 afternoon, 8-11 morning, 12
        /// noon, flagged as a guess.
        /// </summary>
        private (LocalTime Time, bool Ambiguous) ResolveClock(Clock c, int position)
        {
            var hour = c.Hour;
            var ambiguous = false;
            if (c.Meridiem == Meridiem.Am)
            {
                hour = hour == 12 ? 0 : hour;
            }
            else if (c.Meridiem == Meridiem.Pm)
            {
                hour = hour < 12 ? hour + 12 : hour;
            }
            else if (!c.Explicit24)
            {
                switch (DayPartHint(position))
                {
                    case DayPart.Morning:
                        break;
                    case DayPart.Evening:
                        hour = hour < 12 ? hour + 12 : hour;
                        break;
                    case DayPart.Afternoon:
                        hour = hour < 8 ? hour + 12 : hour;
                        break;
                    case DayPart.Lunch:
                        hour = hour is >= 1 and <= 7 ? hour + 12 : hour;
                        break;
                    default:
                        hour = hour is >= 1 and <= 7 ? hour + 12 : hour;
                        ambiguous = !c.HasMinutes || c.Hour <= 7;
                        break;
                }
            }
            hour %= 24;
            return (new LocalTime(hour, 0).PlusMinutes(c.Minutes), ambiguous);
        }
    }
}
