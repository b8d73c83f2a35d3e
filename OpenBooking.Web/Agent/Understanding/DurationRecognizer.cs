using NodaTime;

namespace OpenBooking.Web.Agent.Understanding;

/// <summary>Finds lengths of time ("for 30 minutes", "an hour and a half") and times counted from now ("in 2 hours").</summary>
internal sealed class DurationRecognizer(ParseContext context) : TokenReader(context), IRecognizer
{
    private static readonly HashSet<string> DurationNouns =
        ["session", "appointment", "slot", "meeting", "long", "consultation", "lesson", "class", "massage", "block", "call", "visit", "treatment", "booking"];

    public void Recognize()
    {
        for (var i = 0; i < Length; i++)
        {
            if (!Free(i))
            {
                continue;
            }

            if ((Is(i, "in") || Is(i, "within")) && ReadDuration(i + 1, out var minutes, out var end))
            {
                if (W(end, "time"))
                {
                    end++;
                }
                SetRelative(minutes, i, end);
                Use(i, end);
                i = end - 1;
                continue;
            }

            if (ReadDuration(i, out minutes, out end))
            {
                // "10 minutes past 3" and "5 minutes to 4" are clock times.
                if (W(end, "past") || W(end, "after") || (W(end, "to") && (Num(end + 1) || (Free(end + 1) && Tokens[end + 1].Value > 0))))
                {
                    continue;
                }
                if (W(end, "from") && (W(end + 1, "now") || W(end + 1, "today")))
                {
                    SetRelative(minutes, i, end + 2);
                    Use(i, end + 2);
                    i = end + 1;
                    continue;
                }
                Mentions.Add(new DurationMention(minutes, i, end));
                Use(Is(i - 1, "for") ? i - 1 : i, end);
                i = end - 1;
            }
        }
    }

    private void SetRelative(int minutes, int start, int end)
    {
        if (Mentions.Relative is not null)
        {
            return;
        }
        var instant = Now.ToInstant().Plus(Duration.FromMinutes(minutes));
        var local = instant.InZone(Now.Zone).LocalDateTime;
        Mentions.Add(new RelativeTimeMention(local.PlusSeconds(-local.Second).PlusNanoseconds(-local.NanosecondOfSecond), start, end));
    }

    /// <summary>
    /// Reads a length of time at <paramref name="i"/>: "30 minutes", "30mins", "an hour and a half",
    /// "1.5 hours", "two hours", "a 90-minute", "half an hour", "1h30", "a couple of hours".
    /// </summary>
    private bool ReadDuration(int i, out int minutes, out int end)
    {
        minutes = 0;
        end = i;
        var j = i;

        // half an hour, a half hour, half-hour; a quarter of an hour.
        if (W(j, "a") && (W(j + 1, "half") || W(j + 1, "quarter")))
        {
            j++;
        }
        if (W(j, "half") || W(j, "quarter"))
        {
            var k = j + 1;
            if (P(k, '-'))
            {
                k++;
            }
            if (W(k, "of"))
            {
                k++;
            }
            if (W(k, "an") || W(k, "a"))
            {
                k++;
            }
            if (W(k, "hour"))
            {
                minutes = Is(j, "half") ? 30 : 15;
                end = k + 1;
                return true;
            }
            return false;
        }

        // "hour and a half" with no article.
        if (W(j, "hour") && W(j + 1, "and") && W(j + 2, "a") && W(j + 3, "half"))
        {
            minutes = 90;
            end = j + 4;
            return true;
        }

        if (!ReadCount(j, out var count, out var k2, out var article, out var digits))
        {
            return false;
        }
        var unit = k2;
        if (W(unit, "and") && W(unit + 1, "a") && W(unit + 2, "half"))
        {
            count += 0.5;
            unit += 3;
        }
        if (P(unit, '-') && Tight(unit))
        {
            unit++;
        }

        var hourUnit = W(unit, "hour");
        var tightH = !hourUnit && digits && Free(unit) && Tokens[unit].Raw == "h" && Tight(unit) && HourIsDuration(i, count, unit);
        if (hourUnit || tightH)
        {
            minutes = (int)Math.Round(count * 60);
            var k = unit + 1;
            if (W(k, "and") && W(k + 1, "a") && W(k + 2, "half"))
            {
                minutes += 30;
                k += 3;
            }
            else
            {
                var m = W(k, "and") ? k + 1 : k;
                if (Num(m) && Tokens[m].Value is > 0 and < 60)
                {
                    if (W(m + 1, "minute"))
                    {
                        minutes += Tokens[m].Value;
                        k = m + 2;
                    }
                    else if ((tightH && Tight(m)) || (Tokens[m].Digits == 2 && Tokens[m].Value % 5 == 0))
                    {
                        minutes += Tokens[m].Value;
                        k = m + 1;
                    }
                }
                else if (Free(m) && Tokens[m].Kind == TokenKind.Word && Tokens[m].Value is > 0 and < 60 && W(m + 1, "minute"))
                {
                    minutes += Tokens[m].Value;
                    k = m + 2;
                }
            }
            if (W(k, "long"))
            {
                k++;
            }
            end = k;
            return minutes > 0;
        }

        var minuteUnit = W(unit, "minute") || (digits && Free(unit) && Tokens[unit].Raw == "m" && Tight(unit));
        if (minuteUnit && !article && count >= 1 && count == Math.Floor(count))
        {
            minutes = (int)count;
            end = unit + 1;
            if (W(end, "long"))
            {
                end++;
            }
            return true;
        }
        return false;
    }

    /// <summary>"2h" is a length after "for" or before "session"; "15h" and "at 9h" are clock times.</summary>
    private bool HourIsDuration(int start, double count, int unit)
    {
        if (Is(start - 1, "for") || Is(start - 1, "a") || Is(start - 1, "an") || InSet(unit + 1, DurationNouns))
        {
            return true;
        }
        if (InSet(start - 1, ClockPrepositions))
        {
            return false;
        }
        return count < 8;
    }
}
