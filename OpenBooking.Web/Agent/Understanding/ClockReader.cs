using NodaTime;

namespace OpenBooking.Web.Agent.Understanding;

internal enum Meridiem : byte
{
    None,
    Am,
    Pm,
}

/// <summary>A clock time as written, before am/pm is settled.</summary>
internal struct Clock
{
    public int Hour;          // as written, 0-24
    public int Minutes;       // added once the hour is settled; negative for "quarter to"
    public Meridiem Meridiem;
    public bool Explicit24;   // 15:00, 09:15, 15h, noon: no am/pm guess needed
    public bool Strong;       // a time even without "at": 3pm, 15:00, half past three, 3ish
    public bool HasMinutes;
    public int End;
}

/// <summary>Reads one clock time as written (3pm, 15:00, 15h30, half past three, noon) and settles am/pm by the bare-hour rule or a nearby part of the day.</summary>
internal abstract class ClockReader(ParseContext context) : TokenReader(context)
{
    /// <summary>
    /// Reads a clock time at <paramref name="i"/>: 3pm, 3 pm, 3p, 15:00, 15h, 15h30, 09h15, 3.30pm, 1530 (after
    /// "at"), half past three, quarter to five, ten to six, half three, ten thirty, noon, midnight, 3 o'clock,
    /// 3ish, or a bare 3 / three (not <see cref="Clock.Strong"/>: the caller decides from context).
    /// </summary>
    protected bool ReadClock(int i, bool allowMinutesTo, out Clock c)
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

        var t = Tokens[i];
        if (t.Kind == TokenKind.Number)
        {
            if (t.Digits <= 2 && t.Value <= 24)
            {
                c.Hour = t.Value;
                c.Explicit24 = t.LeadingZero || t.Value >= 13 || t.Value == 0;
                var j = i + 1;
                if ((P(j, ':') || P(j, '.')) && Tight(j) && Num(j + 1) && Tight(j + 1) && Tokens[j + 1].Digits == 2 && Value(j + 1) <= 59)
                {
                    c.Minutes = Value(j + 1);
                    c.HasMinutes = true;
                    c.Strong = true;
                    j += 2;
                    if (Free(j) && Tokens[j].Raw is "h" or "hrs" or "hr" && Tight(j))
                    {
                        j++;
                    }
                }
                else if (Free(j) && Tokens[j].Raw == "h" && Tight(j))
                {
                    c.Explicit24 = true;
                    c.Strong = true;
                    j++;
                    if (Num(j) && Tight(j) && Tokens[j].Digits == 2 && Value(j) <= 59)
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
                    else if (Num(j) && !Tight(j) && Tokens[j].Digits == 2 && Value(j) <= 59 && IsMeridiemAt(j + 1))
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
                else if (t.Digits == 4 && (W(i + 1, "hour") || (Free(i + 1) && Tokens[i + 1].Raw == "h")))
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
            if (Free(j) && Tokens[j].Kind == TokenKind.Word && Tokens[j].Value is >= 10 and <= 59 && !W(j + 1, "minute") && !W(j + 1, "hour") && !W(j + 1, "day"))
            {
                c.Minutes = Value(j);
                c.HasMinutes = true;
                c.Strong = true;
                j++;
            }
            else if ((W(j, "oh") || W(j, "o")) && Free(j + 1) && Tokens[j + 1].Kind == TokenKind.Word && Tokens[j + 1].Value is >= 1 and <= 9)
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
    protected bool ReadMinutesPastTo(int i, bool allowTo, out Clock c)
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
        else if (Free(j) && Tokens[j].Kind == TokenKind.Word && Tokens[j].Value is >= 1 and <= 29)
        {
            minutes = Value(j);
        }
        else if (Num(j) && Tokens[j].Digits <= 2 && Value(j) is >= 1 and <= 59)
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

    protected bool ReadHourToken(int j, out int hour)
    {
        hour = 0;
        if (Num(j) && Tokens[j].Digits <= 2 && Value(j) is >= 1 and <= 12)
        {
            hour = Value(j);
            return true;
        }
        if (Free(j) && Tokens[j].Kind == TokenKind.Word && Tokens[j].Value is >= 1 and <= 12)
        {
            hour = Value(j);
            return true;
        }
        return false;
    }

    protected bool IsMeridiemAt(int j) => W(j, "am") || W(j, "pm") || (Free(j) && Tight(j) && Tokens[j].Raw is "p" or "a");

    protected void ReadMeridiem(ref Clock c)
    {
        var j = c.End;
        Meridiem meridiem;
        if (W(j, "am") || (Free(j) && Tight(j) && Tokens[j].Raw == "a"))
        {
            meridiem = Meridiem.Am;
        }
        else if (W(j, "pm") || (Free(j) && Tight(j) && Tokens[j].Raw == "p"))
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

    protected bool IsIsh(int j, out int end)
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

    /// <summary>
    /// Settles am/pm: written am/pm wins; 24-hour forms stand; a nearby part of the day decides ("tonight at
    /// 8" is 20:00, "7 in the morning" 07:00); otherwise the bare-hour rule: 1-7 afternoon, 8-11 morning, 12
    /// noon, flagged as a guess.
    /// </summary>
    protected (LocalTime Time, bool Ambiguous) ResolveClock(Clock c, int position)
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
