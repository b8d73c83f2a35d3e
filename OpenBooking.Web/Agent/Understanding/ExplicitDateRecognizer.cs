using NodaTime;

namespace OpenBooking.Web.Agent.Understanding;

/// <summary>Finds dates written out: ISO (2026-03-30), day first with slashes or dots (30/03, 30.03.2026), month names (April 3rd, the 2nd of April) and "the 8th".</summary>
internal sealed class ExplicitDateRecognizer(ParseContext context) : DateReader(context)
{
    // Set when a reader saw the shape of a date that does not exist ("February 30", "30/02", "2026-13-01").
    private int _impossibleEnd = -1;

    /// <summary>
    /// Records a date written out at token <paramref name="i"/>, or, when it has the shape of a date that does not exist,
    /// an unreadable mention that keeps its tokens from being read as anything else (a month, a bare hour).
    /// </summary>
    public bool TryAt(int i)
    {
        if (ReadExplicitDate(i, out var date, out var end))
        {
            AddDate(date, i, end);
            return true;
        }
        if (_impossibleEnd < 0)
        {
            return false;
        }
        Mentions.Add(new InvalidMention(UnreadableKind.Date, TextOf(i, _impossibleEnd), i, _impossibleEnd));
        Mark(i, _impossibleEnd, 1);
        Use(i, _impossibleEnd);
        return true;
    }

    /// <summary>Whether a date read as written exists; if not, remembers where its words end.</summary>
    private bool Exists(bool exists, int end)
    {
        if (!exists && _impossibleEnd < 0)
        {
            _impossibleEnd = end;
        }
        return exists;
    }

    /// <summary>A date written out: 2026-03-30, 30/03, 30.03.2026, April 3rd, the 2nd of April, the 8th.</summary>
    public bool ReadExplicitDate(int i, out LocalDate date, out int end)
    {
        date = default;
        end = i;
        _impossibleEnd = -1;
        // The first shape that matches decides: an impossible "30/02" is not tried as anything else.
        return ReadIsoDate(i, out date, out end) || (_impossibleEnd < 0 && ReadNumericDate(i, out date, out end))
            || (_impossibleEnd < 0 && ReadDayMonth(i, out date, out end)) || (_impossibleEnd < 0 && ReadMonthDay(i, out date, out end))
            || (_impossibleEnd < 0 && ReadOrdinalDay(i, out date, out end));
    }

    private bool ReadIsoDate(int i, out LocalDate date, out int end)
    {
        date = default;
        end = i;
        if (!Num(i) || Tokens[i].Digits != 4 || !(P(i + 1, '-') || P(i + 1, '/')) || !Tight(i + 1))
        {
            return false;
        }
        var sep = Tokens[i + 1].Char;
        if (!Num(i + 2) || !Tight(i + 2) || Tokens[i + 2].Digits > 2 || !P(i + 3, sep) || !Tight(i + 3)
            || !Num(i + 4) || !Tight(i + 4) || Tokens[i + 4].Digits > 2)
        {
            return false;
        }
        end = i + 5;
        return Exists(TryDate(Value(i), Value(i + 2), Value(i + 4), out date), end);
    }

    /// <summary>Day first: 30/03, 30.03.2026, 3/4 (3 April), 30-03-2026. A month above 12 swaps to month first.</summary>
    private bool ReadNumericDate(int i, out LocalDate date, out int end)
    {
        date = default;
        end = i;
        if (!Num(i) || Tokens[i].Digits > 2 || !Tight(i + 1) || !Num(i + 2) || !Tight(i + 2) || Tokens[i + 2].Digits > 2)
        {
            return false;
        }
        var sep = Tokens[i + 1].Char;
        if (sep is not ('/' or '.' or '-') || !Free(i + 1))
        {
            return false;
        }

        int a = Value(i), b = Value(i + 2);
        var stop = i + 3;
        int? year = null;
        if (P(stop, sep) && Tight(stop) && Num(stop + 1) && Tight(stop + 1) && Tokens[stop + 1].Digits is 2 or 4)
        {
            year = Tokens[stop + 1].Digits == 2 ? 2000 + Value(stop + 1) : Value(stop + 1);
            stop += 2;
        }
        else
        {
            var timeLike = FollowsTimeMarker(stop) || InSet(i - 1, ClockPrepositions);
            if (sep == '-' && (a <= 24 || timeLike))
            {
                return false;
            }
            if (sep == '.' && (Tokens[i + 2].Digits != 2 || b > 12 || timeLike))
            {
                return false;
            }
        }

        if (b > 12 && a <= 12)
        {
            (a, b) = (b, a);
        }
        end = stop;
        if (year is { } y)
        {
            return Exists(TryDate(y, b, a, out date), end);
        }
        // Without a year only a slash is surely a date ("30/02"); "15.00" may still be read as a clock time.
        var found = TryNextMonthDay(b, a, out date);
        return sep == '/' && a >= 1 && b >= 1 ? Exists(found, end) : found;
    }

    /// <summary>"3 April", "3rd of April", "the 2nd of April 2026", "15 april".</summary>
    private bool ReadDayMonth(int i, out LocalDate date, out int end)
    {
        date = default;
        end = i;
        var j = i;
        if (W(j, "the"))
        {
            j++;
        }
        if (!ReadDayNumber(j, out var day) || (Tokens[j].Kind == TokenKind.Number && InSet(j - 1, ClockPrepositions)))
        {
            return false;
        }
        j++;
        if (W(j, "of"))
        {
            j++;
        }
        if (!Free(j) || !Lexicon.TryMonth(Tokens[j].Text, out var month))
        {
            return false;
        }
        j++;
        end = ReadYear(j, out var year);
        return Exists(year is { } y ? TryDate(y, month, day, out date) : TryNextMonthDay(month, day, out date), end);
    }

    /// <summary>"April 3rd", "april 3", "April the 3rd", "Apr 3, 2026".</summary>
    private bool ReadMonthDay(int i, out LocalDate date, out int end)
    {
        date = default;
        end = i;
        if (!Free(i) || !Lexicon.TryMonth(Tokens[i].Text, out var month))
        {
            return false;
        }
        var j = i + 1;
        if (P(j, '.') && Tight(j))
        {
            j++;
        }
        if (W(j, "the"))
        {
            j++;
        }
        if (!ReadDayNumber(j, out var day))
        {
            return false;
        }
        end = ReadYear(j + 1, out var year);
        return Exists(year is { } y ? TryDate(y, month, day, out date) : TryNextMonthDay(month, day, out date), end);
    }

    private bool ReadDayNumber(int j, out int day)
    {
        day = 0;
        if (Ord(j) && Value(j) is >= 1 and <= 31)
        {
            day = Value(j);
            return true;
        }
        if (Num(j) && Tokens[j].Digits <= 2 && Value(j) is >= 1 and <= 31 && !FollowsTimeMarker(j + 1)
            && !(IsPunct(j + 1, ':') || (IsPunct(j + 1, '.') && Tight(j + 1))))
        {
            day = Value(j);
            return true;
        }
        return false;
    }

    /// <summary>"the 8th" is the next 8th (today counts); "the 3rd of next month".</summary>
    private bool ReadOrdinalDay(int i, out LocalDate date, out int end)
    {
        date = default;
        end = i;
        var j = i;
        if (W(j, "on"))
        {
            j++;
        }
        var the = W(j, "the");
        if (the)
        {
            j++;
        }
        // Word ordinals are dates only after "on the"/"for the"; a bare "the second" picks an option.
        var wordOrdinalAllowed = the && (Is(i, "on") || Is(i - 1, "on") || Is(i - 1, "for") || Is(i - 1, "until") || Is(i - 1, "by"));
        if (!Ord(j) || Value(j) is < 1 or > 31 || (Tokens[j].Digits == 0 && !wordOrdinalAllowed && !(W(j + 1, "of") && W(j + 2, "next"))))
        {
            return false;
        }
        var day = Value(j);
        j++;
        if (W(j, "of") && (W(j + 1, "next") || W(j + 1, "this") || W(j + 1, "the")) && W(j + 2, "month"))
        {
            var month = Is(j + 1, "next") ? Today.PlusMonths(1) : Today;
            end = j + 3;
            return Exists(TryDate(month.Year, month.Month, day, out date), end);
        }
        if (InSet(j, NotADayAfterOrdinal) || (Free(j) && Lexicon.TryWeekday(Tokens[j].Text, out _)))
        {
            return false;
        }
        end = j;
        return TryNextDayOfMonth(day, out date);
    }
}
