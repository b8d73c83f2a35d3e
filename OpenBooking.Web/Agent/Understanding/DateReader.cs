using NodaTime;

namespace OpenBooking.Web.Agent.Understanding;

/// <summary>What the date recognizers share: recording a day or a span of days, and calendar arithmetic (the next such day, the nth weekday of a month).</summary>
internal abstract class DateReader(ParseContext context) : TokenReader(context)
{
    protected static readonly HashSet<string> DayUnits = ["day", "week", "month", "fortnight"];
    protected static readonly HashSet<string> NotADayAfterOrdinal =
        ["one", "option", "options", "choice", "slot", "time", "appointment", "available", "thing", "person", "floor", "visit", "session", "week", "hour", "minute", "of"];
    protected static readonly HashSet<string> MonthRangePrefixes = ["in", "during", "for", "early", "late", "mid", "of", "through", "throughout", "until", "before", "after", "sometime", "next", "this"];

    protected void AddDate(LocalDate date, int start, int end, bool ambiguous = false)
    {
        Mentions.Dates.Add(new DateMention(date, start, end, ambiguous));
        Mark(start, end, 1);
        Use(start, end);
    }

    protected void AddRange(LocalDate from, LocalDate to, int start, int end)
    {
        Mentions.Ranges.Add(new RangeMention(new DateRange(from, to), start, end, null));
        Mark(start, end, 1);
        Use(start, end);
    }

    protected int CountWordsUpTo(int limit)
    {
        var count = 0;
        for (var k = 0; k < Length && count <= limit; k++)
        {
            count += Tokens[k].Kind == TokenKind.Punct ? 0 : 1;
        }
        return count;
    }

    protected static LocalDate Offset(LocalDate origin, double count, string unit)
    {
        var n = (int)count;
        return unit switch
        {
            "week" => origin.PlusWeeks(n),
            "month" => origin.PlusMonths(n),
            "fortnight" => origin.PlusDays(14 * n),
            _ => origin.PlusDays(n),
        };
    }

    // ---- calendar arithmetic -------------------------------------------------------------------

    protected static LocalDate WeekStart(LocalDate date) => date.With(DateAdjusters.PreviousOrSame(IsoDayOfWeek.Monday));

    protected static bool TryDate(int year, int month, int day, out LocalDate date)
    {
        date = default;
        if (year is < 1900 or > 2200 || month is < 1 or > 12 || day < 1 || day > CalendarSystem.Iso.GetDaysInMonth(year, month))
        {
            return false;
        }
        date = new LocalDate(year, month, day);
        return true;
    }

    /// <summary>The next such day and month, today included.</summary>
    protected bool TryNextMonthDay(int month, int day, out LocalDate date)
    {
        for (var year = Today.Year; year <= Today.Year + 8; year++)
        {
            if (TryDate(year, month, day, out date) && date >= Today)
            {
                return true;
            }
        }
        date = default;
        return false;
    }

    /// <summary>The next such day of a month, today included; months too short are skipped.</summary>
    protected bool TryNextDayOfMonth(int day, out LocalDate date)
    {
        var month = Today.With(DateAdjusters.StartOfMonth);
        for (var k = 0; k < 13; k++, month = month.PlusMonths(1))
        {
            if (TryDate(month.Year, month.Month, day, out date) && date >= Today)
            {
                return true;
            }
        }
        date = default;
        return false;
    }

    protected static LocalDate NthWeekday(int year, int month, int nth, IsoDayOfWeek weekday)
    {
        if (nth < 0)
        {
            return new LocalDate(year, month, 1).With(DateAdjusters.EndOfMonth).With(DateAdjusters.PreviousOrSame(weekday));
        }
        var first = new LocalDate(year, month, 1).With(DateAdjusters.NextOrSame(weekday));
        var date = first.PlusWeeks(nth - 1);
        return date.Month == month ? date : first.PlusWeeks(nth - 2);
    }

    protected int ReadYear(int j, out int? year)
    {
        year = null;
        if (P(j, ',') && Num(j + 1) && Tokens[j + 1].Digits == 4)
        {
            year = Value(j + 1);
            return j + 2;
        }
        if (Num(j) && Tokens[j].Digits == 4 && Value(j) is >= 2000 and <= 2100)
        {
            year = Value(j);
            return j + 1;
        }
        return j;
    }
}
