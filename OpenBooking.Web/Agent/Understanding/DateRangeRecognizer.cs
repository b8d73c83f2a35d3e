using NodaTime;

namespace OpenBooking.Web.Agent.Understanding;

/// <summary>Finds spans of days: this or next week, weekends, months ("in April"), and joins two days into a span ("Monday to Wednesday").</summary>
internal sealed class DateRangeRecognizer(ParseContext context) : DateReader(context)
{
    /// <summary>"in April", "during May": the whole month as a span of days.</summary>
    public bool TryMonthAlone(int i)
    {
        if (!Free(i) || !Lexicon.TryMonth(Tokens[i].Text, out var month))
        {
            return false;
        }
        // "in April", "during May", or the month alone ("April?"); "Hi, I'm June" is a name.
        var prefixed = InSet(i - 1, MonthRangePrefixes);
        var alone = CountWordsUpTo(3) <= 2;
        if (!prefixed && (!alone || Tokens[i].Text is "may" or "march"))
        {
            return false;
        }
        var end = ReadYear(i + 1, out var year);
        var y = year ?? (month < Today.Month ? Today.Year + 1 : Today.Year);
        var first = new LocalDate(y, month, 1);
        var last = first.PlusMonths(1).PlusDays(-1);
        if (first < Today && last >= Today)
        {
            first = Today;
        }
        AddRange(first, last, prefixed ? i - 1 : i, end);
        return true;
    }

    /// <summary>Spans of days: this week, next week, the week after next, (this|next) weekend, this/next month.</summary>
    public bool TryRangeWords(int i)
    {
        var j = i;
        var later = false;
        var early = false;
        if (W(j, "later") || W(j, "late") || W(j, "end"))
        {
            later = true;
            j++;
            if (W(j, "in") || W(j, "of"))
            {
                j++;
            }
        }
        else if (W(j, "early") || W(j, "beginning") || W(j, "start"))
        {
            early = true;
            j++;
            if (W(j, "of"))
            {
                j++;
            }
        }
        if (W(j, "over") || W(j, "at") || W(j, "on") || W(j, "during"))
        {
            j = W(j + 1, "the") && W(j + 2, "weekend") ? j + 1 : j;
        }

        var monday = WeekStart(Today);
        LocalDate from, to;
        int end;
        if (W(j, "this") && W(j + 1, "coming") && W(j + 2, "weekend"))
        {
            (from, to) = UpcomingWeekend();
            end = j + 3;
        }
        else if ((W(j, "this") || W(j, "the")) && W(j + 1, "week") && !W(j + 2, "after"))
        {
            (from, to) = (Today, monday.PlusDays(6));
            end = j + 2;
        }
        else if (W(j, "next") && W(j + 1, "week"))
        {
            (from, to) = (monday.PlusWeeks(1), monday.PlusWeeks(1).PlusDays(6));
            end = j + 2;
        }
        else if ((W(j, "the") && W(j + 1, "week") && W(j + 2, "after") && W(j + 3, "next"))
            || (W(j, "week") && W(j + 1, "after") && W(j + 2, "next")))
        {
            end = Is(j, "the") ? j + 4 : j + 3;
            (from, to) = (monday.PlusWeeks(2), monday.PlusWeeks(2).PlusDays(6));
        }
        else if ((W(j, "this") || W(j, "the")) && W(j + 1, "weekend"))
        {
            (from, to) = UpcomingWeekend();
            end = j + 2;
        }
        else if (W(j, "weekend"))
        {
            (from, to) = UpcomingWeekend();
            end = j + 1;
        }
        else if (W(j, "next") && W(j + 1, "weekend"))
        {
            (from, to) = (monday.PlusWeeks(1).PlusDays(5), monday.PlusWeeks(1).PlusDays(6));
            end = j + 2;
        }
        else if ((W(j, "this") || W(j, "the")) && W(j + 1, "month"))
        {
            (from, to) = (Today, Today.With(DateAdjusters.EndOfMonth));
            end = j + 2;
        }
        else if (W(j, "next") && W(j + 1, "month"))
        {
            var first = Today.With(DateAdjusters.StartOfMonth).PlusMonths(1);
            (from, to) = (first, first.With(DateAdjusters.EndOfMonth));
            end = j + 2;
        }
        else if ((W(j, "next") || W(j, "coming")) && (W(j + 1, "few") || W(j + 1, "couple")) && (W(j + 2, "day") || (W(j + 2, "of") && W(j + 3, "day"))))
        {
            end = W(j + 2, "of") ? j + 4 : j + 3;
            (from, to) = (Today.PlusDays(1), Today.PlusDays(Is(j + 1, "few") ? 3 : 2));
        }
        else
        {
            return false;
        }

        if (Is(i, "end") && to > from && (to.DayOfWeek == IsoDayOfWeek.Sunday))
        {
            // "end of the week": Thursday to Sunday, from today at the earliest.
            from = LocalDate.Max(from, LocalDate.Max(to.PlusDays(-3), Today));
        }
        else if (later && to > from)
        {
            from = Max(from, to.PlusDays(-3), Today.PlusDays(1));
            if (from > to)
            {
                from = to;
            }
        }
        else if (early && to > from)
        {
            to = from.PlusDays(Math.Min(2, Period.Between(from, to, PeriodUnits.Days).Days));
        }
        AddRange(from, to, i, end);
        return true;
    }

    private static LocalDate Max(LocalDate a, LocalDate b, LocalDate c) => LocalDate.Max(a, LocalDate.Max(b, c));

    private (LocalDate From, LocalDate To) UpcomingWeekend()
    {
        var saturday = Today.DayOfWeek == IsoDayOfWeek.Sunday ? Today.PlusDays(-1) : Today.With(DateAdjusters.NextOrSame(IsoDayOfWeek.Saturday));
        var from = saturday < Today ? Today : saturday;
        return (from, saturday.PlusDays(1));
    }

    /// <summary>"Monday to Wednesday", "from the 3rd to the 5th", "between April 3 and April 5".</summary>
    public void CombineDateRanges()
    {
        if (Mentions.Dates.Count < 2)
        {
            return;
        }
        Mentions.Dates.Sort((a, b) => a.Start.CompareTo(b.Start));
        for (var k = 0; k + 1 < Mentions.Dates.Count; k++)
        {
            var a = Mentions.Dates[k];
            var b = Mentions.Dates[k + 1];
            var between = Is(a.Start - 1, "between");
            var from = Is(a.Start - 1, "from");
            var gap = b.Start - a.End;
            var connector = gap == 1 && (Is(a.End, "to") || Is(a.End, "until") || Is(a.End, "through") || IsPunct(a.End, '-')
                || (between && (Is(a.End, "and") || IsPunct(a.End, '&'))));
            if (!connector)
            {
                continue;
            }

            var to = b.Date;
            while (to < a.Date && Lexicon.TryWeekday(Tokens[b.End - 1].Text, out _))
            {
                to = to.PlusWeeks(1);
            }
            if (to < a.Date)
            {
                continue;
            }
            var start = between || from ? a.Start - 1 : a.Start;
            Mentions.Ranges.Add(new RangeMention(new DateRange(a.Date, to), start, b.End, between ? null : to));
            Mark(start, b.End, 1);
            Use(start, b.End);
            Mentions.Dates.RemoveRange(k, 2);
            k--;
        }
    }
}
