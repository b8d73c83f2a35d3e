using NodaTime;

namespace OpenBooking.Web.Agent.Understanding;

/// <summary>Finds parts of the day ("in the afternoon", "early morning", "tonight") as windows of local time.</summary>
internal sealed class DayPartRecognizer(ParseContext context) : TokenReader(context), IRecognizer
{
    // ---- parts of the day ----------------------------------------------------------------------

    public void Recognize()
    {
        for (var i = 0; i < Length; i++)
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
            var word = Tokens[j].Text;
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
}
