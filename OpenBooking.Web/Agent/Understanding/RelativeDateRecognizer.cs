using NodaTime;

namespace OpenBooking.Web.Agent.Understanding;

/// <summary>Finds days said relative to today: today, tomorrow, weekdays (future first), "in 3 days", "next week Tuesday", "the first Monday of April".</summary>
/// <param name="explicitDates">Reads "the 30th" in "Tuesday the 30th" and "April 2026" in "first Monday of April 2026".</param>
internal sealed class RelativeDateRecognizer(ParseContext context, ExplicitDateRecognizer explicitDates) : DateReader(context)
{
    private ExplicitDateRecognizer Explicit => explicitDates;

    /// <summary>"the first Monday of April", "last Friday of the month", "2nd Tuesday in May", "first monday next month".</summary>
    public bool TryOrdinalWeekdayOfMonth(int i)
    {
        var j = i;
        if (W(j, "the"))
        {
            j++;
        }
        int nth;
        if (Ord(j) && Value(j) is >= 1 and <= 5)
        {
            nth = Value(j);
        }
        else if (W(j, "last"))
        {
            nth = -1;
        }
        else
        {
            return false;
        }
        j++;
        if (!Free(j) || !Lexicon.TryWeekday(Tokens[j].Text, out var weekday))
        {
            return false;
        }
        j++;
        if (W(j, "of") || W(j, "in"))
        {
            j++;
        }

        LocalDate date;
        if (Free(j) && Lexicon.TryMonth(Tokens[j].Text, out var month))
        {
            var end = ReadYear(j + 1, out var year);
            date = NthWeekday(year ?? Today.Year, month, nth, weekday);
            if (year is null && date < Today)
            {
                date = NthWeekday(Today.Year + 1, month, nth, weekday);
            }
            AddDate(date, i, end);
            return true;
        }
        if ((W(j, "the") || W(j, "this") || W(j, "next")) && W(j + 1, "month"))
        {
            var next = Is(j, "next");
            var month1 = next ? Today.PlusMonths(1) : Today;
            date = NthWeekday(month1.Year, month1.Month, nth, weekday);
            if (!next && date < Today)
            {
                month1 = Today.PlusMonths(1);
                date = NthWeekday(month1.Year, month1.Month, nth, weekday);
            }
            AddDate(date, i, j + 2);
            return true;
        }
        return false;
    }

    /// <summary>"the day after tomorrow", "in 3 days", "in two weeks", "a week from today", "3 days from now".</summary>
    public bool TryRelativeOffset(int i)
    {
        var j = i;
        if (W(j, "the"))
        {
            j++;
        }
        if (W(j, "day") && W(j + 1, "after") && W(j + 2, "tomorrow"))
        {
            AddDate(Today.PlusDays(2), i, j + 3);
            return true;
        }

        if ((W(i, "in") || W(i, "within")) && ReadCount(i + 1, out var count, out var unit, out _, out _) && InSet(unit, DayUnits) && Free(unit))
        {
            var end = unit + 1;
            if (W(end, "time"))
            {
                end++;
            }
            AddDate(Offset(Today, count, Tokens[unit].Text), i, end);
            return true;
        }

        if (ReadCount(i, out count, out unit, out _, out _) && InSet(unit, DayUnits) && Free(unit))
        {
            var k = unit + 1;
            if (W(k, "from") || W(k, "after") || (W(k, "on") && Free(k + 1) && Lexicon.TryWeekday(Tokens[k + 1].Text, out _)))
            {
                k++;
            }
            else if (!(W(k, "today") || W(k, "tomorrow")))
            {
                return false;
            }

            LocalDate origin;
            if (W(k, "now") || W(k, "today"))
            {
                origin = Today;
            }
            else if (W(k, "tomorrow"))
            {
                origin = Today.PlusDays(1);
            }
            else if (Free(k) && Lexicon.TryWeekday(Tokens[k].Text, out var weekday))
            {
                origin = Today.With(DateAdjusters.Next(weekday));
            }
            else if (Explicit.ReadExplicitDate(k, out var explicitDate, out var explicitEnd))
            {
                AddDate(Offset(explicitDate, count, Tokens[unit].Text), i, explicitEnd);
                return true;
            }
            else
            {
                return false;
            }
            AddDate(Offset(origin, count, Tokens[unit].Text), i, k + 1);
            return true;
        }
        return false;
    }

    /// <summary>today, tonight (today, evening), tomorrow, yesterday; "this afternoon" is today.</summary>
    public bool TryRelativeDay(int i)
    {
        if (W(i, "today"))
        {
            // "how are you today" is small talk, not a day.
            if (!(Is(i - 1, "you") || Is(i - 1, "doing")))
            {
                AddDate(Today, i, i + 1);
            }
            else
            {
                Use(i, i + 1);
            }
            return true;
        }
        if (W(i, "tonight"))
        {
            AddDate(Today, i, i + 1);
            AddWindow(new WindowMention(new LocalTime(17, 0), EveningEnd, i, i + 1, DayPart.Evening));
            Mark(i, i + 1, 1);
            return true;
        }
        if (W(i, "tomorrow"))
        {
            AddDate(Today.PlusDays(1), i, i + 1);
            return true;
        }
        if (W(i, "yesterday"))
        {
            AddDate(Today.PlusDays(-1), i, i + 1);
            return true;
        }
        if (W(i, "this") && (W(i + 1, "morning") || W(i + 1, "afternoon") || W(i + 1, "evening") || W(i + 1, "night")))
        {
            AddDate(Today, i, i + 1);
            return true;
        }
        return false;
    }

    /// <summary>"next week Tuesday", "next week on Friday", "the week after next on Monday".</summary>
    public bool TryWeekdayInWeek(int i)
    {
        var j = i;
        int weeks;
        if (W(j, "the") && W(j + 1, "week") && W(j + 2, "after") && W(j + 3, "next"))
        {
            weeks = 2;
            j += 4;
        }
        else if (W(j, "week") && W(j + 1, "after") && W(j + 2, "next"))
        {
            weeks = 2;
            j += 3;
        }
        else if ((W(j, "next") || W(j, "this")) && W(j + 1, "week"))
        {
            weeks = Is(j, "next") ? 1 : 0;
            j += 2;
        }
        else
        {
            return false;
        }
        if (W(j, "on") || P(j, ','))
        {
            j++;
        }
        if (!Free(j) || !Lexicon.TryWeekday(Tokens[j].Text, out var weekday))
        {
            return false;
        }
        AddDate(WeekStart(Today).PlusWeeks(weeks).PlusDays((int)weekday - 1), i, j + 1);
        return true;
    }

    /// <summary>
    /// Weekdays, future first: "Monday" and "next Monday" are the next Monday after today; "this Friday" on
    /// a Friday is today; "Tuesday next week", "the Friday after next", "Friday the 3rd" (the date wins).
    /// </summary>
    public bool TryWeekday(int i)
    {
        var j = i;
        var mode = 0; // 0 plain/next, 1 this, 2 last, 3 "the X after next"
        if (W(j, "this"))
        {
            mode = 1;
            j++;
            if (W(j, "coming"))
            {
                mode = 0;
                j++;
            }
        }
        else if (W(j, "next") || W(j, "coming"))
        {
            j++;
        }
        else if (W(j, "last") || W(j, "past"))
        {
            mode = 2;
            j++;
        }
        else if (W(j, "the") && Free(j + 1) && Lexicon.TryWeekday(Tokens[j + 1].Text, out _) && W(j + 2, "after") && W(j + 3, "next"))
        {
            mode = 3;
            j++;
        }
        else if (W(j, "on"))
        {
            j++;
        }
        if (!Free(j) || !Lexicon.TryWeekday(Tokens[j].Text, out var weekday))
        {
            return false;
        }
        j++;

        var date = mode switch
        {
            1 => Today.With(DateAdjusters.NextOrSame(weekday)),
            2 => Today.With(DateAdjusters.Previous(weekday)),
            3 => Today.With(DateAdjusters.Next(weekday)).PlusWeeks(1),
            _ => Today.With(DateAdjusters.Next(weekday)),
        };
        if (mode == 3)
        {
            j += 2;
        }

        // Suffixes: "next week", "of next week", "this week", "after next", "week" (a week later).
        var k = W(j, "of") ? j + 1 : j;
        if ((W(k, "next") || W(k, "this")) && W(k + 1, "week"))
        {
            var weeks = Is(k, "next") ? 1 : 0;
            AddDate(WeekStart(Today).PlusWeeks(weeks).PlusDays((int)weekday - 1), i, k + 2);
            return true;
        }
        if (W(j, "after") && W(j + 1, "next"))
        {
            AddDate(date.PlusWeeks(1), i, j + 2);
            return true;
        }
        if (W(j, "week") && !W(j + 1, "from") && !W(j + 1, "after"))
        {
            AddDate(date.PlusWeeks(1), i, j + 1);
            return true;
        }

        // "Friday the 3rd", "Tuesday, March 31", "Fri 03/04": the written date wins; a mismatch is flagged.
        var d = P(j, ',') ? j + 1 : j;
        if (Explicit.ReadExplicitDate(d, out var explicitDate, out var end))
        {
            AddDate(explicitDate, i, end, explicitDate.DayOfWeek != weekday);
            return true;
        }

        AddDate(date, i, j);
        return true;
    }
}
