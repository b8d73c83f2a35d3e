using NodaTime;

namespace OpenBooking.Web.Agent.Understanding;

public sealed partial class SchedulingParser
{
    private sealed partial class Session
    {
        private static readonly HashSet<string> DayUnits = ["day", "week", "month", "fortnight"];
        private static readonly HashSet<string> NotADayAfterOrdinal =
            ["one", "option", "options", "choice", "slot", "time", "appointment", "available", "thing", "person", "floor", "visit", "session", "week", "hour", "minute", "of"];
        private static readonly HashSet<string> MonthRangePrefixes = ["in", "during", "for", "early", "late", "mid", "of", "through", "throughout", "until", "before", "after", "sometime", "next", "this"];

        private void AddDate(LocalDate date, int start, int end, bool ambiguous = false)
        {
            _dates.Add(new DateMention(date, start, end, ambiguous));
            Mark(start, end, 1);
            Use(start, end);
        }

        private void AddRange(LocalDate from, LocalDate to, int start, int end)
        {
            _ranges.Add(new RangeMention(new DateRange(from, to), start, end, null));
            Mark(start, end, 1);
            Use(start, end);
        }

        private void FindDates()
        {
            for (var i = 0; i < _n; i++)
            {
                if (!Free(i))
                {
                    continue;
                }

                if (ReadExplicitDate(i, out var date, out var end))
                {
                    AddDate(date, i, end);
                }
                else if (TryOrdinalWeekdayOfMonth(i) || TryMonthAlone(i) || TryRelativeOffset(i) || TryRelativeDay(i)
                    || TryWeekdayInWeek(i) || TryWeekday(i) || TryRangeWords(i))
                {
                    // Each reader records its mention.
                }
            }
        }

        /// <summary>A date written out: 2026-03-30, 30/03, 30.03.2026, April 3rd, the 2nd of April, the 8th.</summary>
        private bool ReadExplicitDate(int i, out LocalDate date, out int end) =>
            ReadIsoDate(i, out date, out end) || ReadNumericDate(i, out date, out end) || ReadDayMonth(i, out date, out end)
            || ReadMonthDay(i, out date, out end) || ReadOrdinalDay(i, out date, out end);

        private bool ReadIsoDate(int i, out LocalDate date, out int end)
        {
            date = default;
            end = i;
            if (!Num(i) || _t[i].Digits != 4 || !(P(i + 1, '-') || P(i + 1, '/')) || !Tight(i + 1))
            {
                return false;
            }
            var sep = _t[i + 1].Char;
            if (!Num(i + 2) || !Tight(i + 2) || _t[i + 2].Digits > 2 || !P(i + 3, sep) || !Tight(i + 3)
                || !Num(i + 4) || !Tight(i + 4) || _t[i + 4].Digits > 2)
            {
                return false;
            }
            end = i + 5;
            return TryDate(Value(i), Value(i + 2), Value(i + 4), out date);
        }

        /// <summary>Day first: 30/03, 30.03.2026, 3/4 (3 April), 30-03-2026. A month above 12 swaps to month first.</summary>
        private bool ReadNumericDate(int i, out LocalDate date, out int end)
        {
            date = default;
            end = i;
            if (!Num(i) || _t[i].Digits > 2 || !Tight(i + 1) || !Num(i + 2) || !Tight(i + 2) || _t[i + 2].Digits > 2)
            {
                return false;
            }
            var sep = _t[i + 1].Char;
            if (sep is not ('/' or '.' or '-') || !Free(i + 1))
            {
                return false;
            }

            int a = Value(i), b = Value(i + 2);
            var stop = i + 3;
            int? year = null;
            if (P(stop, sep) && Tight(stop) && Num(stop + 1) && Tight(stop + 1) && _t[stop + 1].Digits is 2 or 4)
            {
                year = _t[stop + 1].Digits == 2 ? 2000 + Value(stop + 1) : Value(stop + 1);
                stop += 2;
            }
            else
            {
                var timeLike = FollowsTimeMarker(stop) || InSet(i - 1, ClockPrepositions);
                if (sep == '-' && (a <= 24 || timeLike))
                {
                    return false;
                }
                if (sep == '.' && (_t[i + 2].Digits != 2 || b > 12 || timeLike))
                {
                    return false;
                }
            }

            if (b > 12 && a <= 12)
            {
                (a, b) = (b, a);
            }
            end = stop;
            return year is { } y ? TryDate(y, b, a, out date) : TryNextMonthDay(b, a, out date);
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
            if (!ReadDayNumber(j, out var day) || (_t[j].Kind == TokenKind.Number && InSet(j - 1, ClockPrepositions)))
            {
                return false;
            }
            j++;
            if (W(j, "of"))
            {
                j++;
            }
            if (!Free(j) || !Lexicon.TryMonth(_t[j].Text, out var month))
            {
                return false;
            }
            j++;
            end = ReadYear(j, out var year);
            return year is { } y ? TryDate(y, month, day, out date) : TryNextMonthDay(month, day, out date);
        }

        /// <summary>"April 3rd", "april 3", "April the 3rd", "Apr 3, 2026".</summary>
        private bool ReadMonthDay(int i, out LocalDate date, out int end)
        {
            date = default;
            end = i;
            if (!Free(i) || !Lexicon.TryMonth(_t[i].Text, out var month))
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
            return year is { } y ? TryDate(y, month, day, out date) : TryNextMonthDay(month, day, out date);
        }

        private bool ReadDayNumber(int j, out int day)
        {
            day = 0;
            if (Ord(j) && Value(j) is >= 1 and <= 31)
            {
                day = Value(j);
                return true;
            }
            if (Num(j) && _t[j].Digits <= 2 && Value(j) is >= 1 and <= 31 && !FollowsTimeMarker(j + 1)
                && !(IsPunct(j + 1, ':') || (IsPunct(j + 1, '.') && Tight(j + 1))))
            {
                day = Value(j);
                return true;
            }
            return false;
        }

        private int ReadYear(int j, out int? year)
        {
            year = null;
            if (P(j, ',') && Num(j + 1) && _t[j + 1].Digits == 4)
            {
                year = Value(j + 1);
                return j + 2;
            }
            if (Num(j) && _t[j].Digits == 4 && Value(j) is >= 2000 and <= 2100)
            {
                year = Value(j);
                return j + 1;
            }
            return j;
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
            if (!Ord(j) || Value(j) is < 1 or > 31 || (_t[j].Digits == 0 && !wordOrdinalAllowed && !(W(j + 1, "of") && W(j + 2, "next"))))
            {
                return false;
            }
            var day = Value(j);
            j++;
            if (W(j, "of") && (W(j + 1, "next") || W(j + 1, "this") || W(j + 1, "the")) && W(j + 2, "month"))
            {
                var month = Is(j + 1, "next") ? _today.PlusMonths(1) : _today;
                end = j + 3;
                return TryDate(month.Year, month.Month, day, out date);
            }
            if (InSet(j, NotADayAfterOrdinal) || (Free(j) && Lexicon.TryWeekday(_t[j].Text, out _)))
            {
                return false;
            }
            end = j;
            return TryNextDayOfMonth(day, out date);
        }

        /// <summary>"the first Monday of April", "last Friday of the month", "2nd Tuesday in May", "first monday next month".</summary>
        private bool TryOrdinalWeekdayOfMonth(int i)
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
            if (!Free(j) || !Lexicon.TryWeekday(_t[j].Text, out var weekday))
            {
                return false;
            }
            j++;
            if (W(j, "of") || W(j, "in"))
            {
                j++;
            }

            LocalDate date;
            if (Free(j) && Lexicon.TryMonth(_t[j].Text, out var month))
            {
                var end = ReadYear(j + 1, out var year);
                date = NthWeekday(year ?? _today.Year, month, nth, weekday);
                if (year is null && date < _today)
                {
                    date = NthWeekday(_today.Year + 1, month, nth, weekday);
                }
                AddDate(date, i, end);
                return true;
            }
            if ((W(j, "the") || W(j, "this") || W(j, "next")) && W(j + 1, "month"))
            {
                var next = Is(j, "next");
                var month1 = next ? _today.PlusMonths(1) : _today;
                date = NthWeekday(month1.Year, month1.Month, nth, weekday);
                if (!next && date < _today)
                {
                    month1 = _today.PlusMonths(1);
                    date = NthWeekday(month1.Year, month1.Month, nth, weekday);
                }
                AddDate(date, i, j + 2);
                return true;
            }
            return false;
        }

        /// <summary>"in April", "during May": the whole month as a span of days.</summary>
        private bool TryMonthAlone(int i)
        {
            if (!Free(i) || !Lexicon.TryMonth(_t[i].Text, out var month))
            {
                return false;
            }
            // "in April", "during May", or the month alone ("April?"); "Hi, I'm June" is a name.
            var prefixed = InSet(i - 1, MonthRangePrefixes);
            var alone = CountWordsUpTo(3) <= 2;
            if (!prefixed && (!alone || _t[i].Text is "may" or "march"))
            {
                return false;
            }
            var end = ReadYear(i + 1, out var year);
            var y = year ?? (month < _today.Month ? _today.Year + 1 : _today.Year);
            var first = new LocalDate(y, month, 1);
            var last = first.PlusMonths(1).PlusDays(-1);
            if (first < _today && last >= _today)
            {
                first = _today;
            }
            AddRange(first, last, prefixed ? i - 1 : i, end);
            return true;
        }

        /// <summary>"the day after tomorrow", "in 3 days", "in two weeks", "a week from today", "3 days from now".</summary>
        private bool TryRelativeOffset(int i)
        {
            var j = i;
            if (W(j, "the"))
            {
                j++;
            }
            if (W(j, "day") && W(j + 1, "after") && W(j + 2, "tomorrow"))
            {
                AddDate(_today.PlusDays(2), i, j + 3);
                return true;
            }

            if ((W(i, "in") || W(i, "within")) && ReadCount(i + 1, out var count, out var unit, out _, out _) && InSet(unit, DayUnits) && Free(unit))
            {
                var end = unit + 1;
                if (W(end, "time"))
                {
                    end++;
                }
                AddDate(Offset(_today, count, _t[unit].Text), i, end);
                return true;
            }

            if (ReadCount(i, out count, out unit, out _, out _) && InSet(unit, DayUnits) && Free(unit))
            {
                var k = unit + 1;
                if (W(k, "from") || W(k, "after") || (W(k, "on") && Free(k + 1) && Lexicon.TryWeekday(_t[k + 1].Text, out _)))
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
                    origin = _today;
                }
                else if (W(k, "tomorrow"))
                {
                    origin = _today.PlusDays(1);
                }
                else if (Free(k) && Lexicon.TryWeekday(_t[k].Text, out var weekday))
                {
                    origin = _today.With(DateAdjusters.Next(weekday));
                }
                else if (ReadExplicitDate(k, out var explicitDate, out var explicitEnd))
                {
                    AddDate(Offset(explicitDate, count, _t[unit].Text), i, explicitEnd);
                    return true;
                }
                else
                {
                    return false;
                }
                AddDate(Offset(origin, count, _t[unit].Text), i, k + 1);
                return true;
            }
            return false;
        }

        private int CountWordsUpTo(int limit)
        {
            var count = 0;
            for (var k = 0; k < _n && count <= limit; k++)
            {
                count += _t[k].Kind == TokenKind.Punct ? 0 : 1;
            }
            return count;
        }

        private static LocalDate Offset(LocalDate origin, double count, string unit)
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

        /// <summary>today, tonight (today, evening), tomorrow, yesterday; "this afternoon" is today.</summary>
        private bool TryRelativeDay(int i)
        {
            if (W(i, "today"))
            {
                // "how are you today" is small talk, not a day.
                if (!(Is(i - 1, "you") || Is(i - 1, "doing")))
                {
                    AddDate(_today, i, i + 1);
                }
                else
                {
                    Use(i, i + 1);
                }
                return true;
            }
            if (W(i, "tonight"))
            {
                AddDate(_today, i, i + 1);
                AddWindow(new WindowMention(new LocalTime(17, 0), EveningEnd, i, i + 1, DayPart.Evening));
                Mark(i, i + 1, 1);
                return true;
            }
            if (W(i, "tomorrow"))
            {
                AddDate(_today.PlusDays(1), i, i + 1);
                return true;
            }
            if (W(i, "yesterday"))
            {
                AddDate(_today.PlusDays(-1), i, i + 1);
                return true;
            }
            if (W(i, "this") && (W(i + 1, "morning") || W(i + 1, "afternoon") || W(i + 1, "evening") || W(i + 1, "night")))
            {
                AddDate(_today, i, i + 1);
                return true;
            }
            return false;
        }

        /// <summary>"next week Tuesday", "next week on Friday", "the week after next on Monday".</summary>
        private bool TryWeekdayInWeek(int i)
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
            if (!Free(j) || !Lexicon.TryWeekday(_t[j].Text, out var weekday))
            {
                return false;
            }
            AddDate(WeekStart(_today).PlusWeeks(weeks).PlusDays((int)weekday - 1), i, j + 1);
            return true;
        }

        /// <summary>
        /// Weekdays, future first: "Monday" and "next Monday" are the next Monday after today; "this Friday" on
        /// a Friday is today; "Tuesday next week", "the Friday after next", "Friday the 3rd" (the date wins).
        /// </summary>
        private bool TryWeekday(int i)
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
            else if (W(j, "the") && Free(j + 1) && Lexicon.TryWeekday(_t[j + 1].Text, out _) && W(j + 2, "after") && W(j + 3, "next"))
            {
                mode = 3;
                j++;
            }
            else if (W(j, "on"))
            {
                j++;
            }
            if (!Free(j) || !Lexicon.TryWeekday(_t[j].Text, out var weekday))
            {
                return false;
            }
            j++;

            var date = mode switch
            {
                1 => _today.With(DateAdjusters.NextOrSame(weekday)),
                2 => _today.With(DateAdjusters.Previous(weekday)),
                3 => _today.With(DateAdjusters.Next(weekday)).PlusWeeks(1),
                _ => _today.With(DateAdjusters.Next(weekday)),
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
                AddDate(WeekStart(_today).PlusWeeks(weeks).PlusDays((int)weekday - 1), i, k + 2);
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
            if (ReadExplicitDate(d, out var explicitDate, out var end))
            {
                AddDate(explicitDate, i, end, explicitDate.DayOfWeek != weekday);
                return true;
            }

            AddDate(date, i, j);
            return true;
        }

        /// <summary>Spans of days: this week, next week, the week after next, (this|next) weekend, this/next month.</summary>
        private bool TryRangeWords(int i)
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

            var monday = WeekStart(_today);
            LocalDate from, to;
            int end;
            if (W(j, "this") && W(j + 1, "coming") && W(j + 2, "weekend"))
            {
                (from, to) = UpcomingWeekend();
                end = j + 3;
            }
            else if ((W(j, "this") || W(j, "the")) && W(j + 1, "week") && !W(j + 2, "after"))
            {
                (from, to) = (_today, monday.PlusDays(6));
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
                (from, to) = (_today, _today.With(DateAdjusters.EndOfMonth));
                end = j + 2;
            }
            else if (W(j, "next") && W(j + 1, "month"))
            {
                var first = _today.With(DateAdjusters.StartOfMonth).PlusMonths(1);
                (from, to) = (first, first.With(DateAdjusters.EndOfMonth));
                end = j + 2;
            }
            else if ((W(j, "next") || W(j, "coming")) && (W(j + 1, "few") || W(j + 1, "couple")) && (W(j + 2, "day") || (W(j + 2, "of") && W(j + 3, "day"))))
            {
                end = W(j + 2, "of") ? j + 4 : j + 3;
                (from, to) = (_today.PlusDays(1), _today.PlusDays(Is(j + 1, "few") ? 3 : 2));
            }
            else
            {
                return false;
            }

            if (Is(i, "end") && to > from && (to.DayOfWeek == IsoDayOfWeek.Sunday))
            {
                // "end of the week": Thursday to Sunday, from today at the earliest.
                from = LocalDate.Max(from, LocalDate.Max(to.PlusDays(-3), _today));
            }
            else if (later && to > from)
            {
                from = Max(from, to.PlusDays(-3), _today.PlusDays(1));
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
            var saturday = _today.DayOfWeek == IsoDayOfWeek.Sunday ? _today.PlusDays(-1) : _today.With(DateAdjusters.NextOrSame(IsoDayOfWeek.Saturday));
            var from = saturday < _today ? _today : saturday;
            return (from, saturday.PlusDays(1));
        }

        /// <summary>"Monday to Wednesday", "from the 3rd to the 5th", "between April 3 and April 5".</summary>
        private void CombineDateRanges()
        {
            if (_dates.Count < 2)
            {
                return;
            }
            _dates.Sort((a, b) => a.Start.CompareTo(b.Start));
            for (var k = 0; k + 1 < _dates.Count; k++)
            {
                var a = _dates[k];
                var b = _dates[k + 1];
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
                while (to < a.Date && Lexicon.TryWeekday(_t[b.End - 1].Text, out _))
                {
                    to = to.PlusWeeks(1);
                }
                if (to < a.Date)
                {
                    continue;
                }
                var start = between || from ? a.Start - 1 : a.Start;
                _ranges.Add(new RangeMention(new DateRange(a.Date, to), start, b.End, between ? null : to));
                Mark(start, b.End, 1);
                Use(start, b.End);
                _dates.RemoveRange(k, 2);
                k--;
            }
        }

        // ---- calendar arithmetic -------------------------------------------------------------------

        private static LocalDate WeekStart(LocalDate date) => date.With(DateAdjusters.PreviousOrSame(IsoDayOfWeek.Monday));

        private static bool TryDate(int year, int month, int day, out LocalDate date)
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
        private bool TryNextMonthDay(int month, int day, out LocalDate date)
        {
            for (var year = _today.Year; year <= _today.Year + 8; year++)
            {
                if (TryDate(year, month, day, out date) && date >= _today)
                {
                    return true;
                }
            }
            date = default;
            return false;
        }

        /// <summary>The next such day of a month, today included; months too short are skipped.</summary>
        private bool TryNextDayOfMonth(int day, out LocalDate date)
        {
            var month = _today.With(DateAdjusters.StartOfMonth);
            for (var k = 0; k < 13; k++, month = month.PlusMonths(1))
            {
                if (TryDate(month.Year, month.Month, day, out date) && date >= _today)
                {
                    return true;
                }
            }
            date = default;
            return false;
        }

        private static LocalDate NthWeekday(int year, int month, int nth, IsoDayOfWeek weekday)
        {
            if (nth < 0)
            {
                return new LocalDate(year, month, 1).With(DateAdjusters.EndOfMonth).With(DateAdjusters.PreviousOrSame(weekday));
            }
            var first = new LocalDate(year, month, 1).With(DateAdjusters.NextOrSame(weekday));
            var date = first.PlusWeeks(nth - 1);
            return date.Month == month ? date : first.PlusWeeks(nth - 2);
        }
    }
}
