using System.Collections.Frozen;
using NodaTime;

namespace OpenBooking.Web.Agent.Understanding;

/// <summary>
/// The words the parser knows: spelling variants and texting shorthand mapped to one canonical form,
/// number and ordinal words, weekdays and months. Unknown words of five letters or more are matched
/// against a short list of scheduling words within one or two typing mistakes ("wensday", "tommorow").
/// </summary>
internal static class Lexicon
{
    private static readonly FrozenDictionary<string, string> Canonical = BuildCanonical();

    private static readonly FrozenDictionary<string, int> NumberWords = new Dictionary<string, int>
    {
        ["zero"] = 0, ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6,
        ["seven"] = 7, ["eight"] = 8, ["nine"] = 9, ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12,
        ["thirteen"] = 13, ["fourteen"] = 14, ["fifteen"] = 15, ["sixteen"] = 16, ["seventeen"] = 17,
        ["eighteen"] = 18, ["nineteen"] = 19, ["twenty"] = 20, ["thirty"] = 30, ["forty"] = 40,
        ["fourty"] = 40, ["fifty"] = 50, ["sixty"] = 60, ["seventy"] = 70, ["eighty"] = 80, ["ninety"] = 90,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, int> OrdinalWords = new Dictionary<string, int>
    {
        ["first"] = 1, ["second"] = 2, ["third"] = 3, ["fourth"] = 4, ["fifth"] = 5, ["sixth"] = 6,
        ["seventh"] = 7, ["eighth"] = 8, ["ninth"] = 9, ["tenth"] = 10, ["eleventh"] = 11, ["twelfth"] = 12,
        ["thirteenth"] = 13, ["fourteenth"] = 14, ["fifteenth"] = 15, ["sixteenth"] = 16,
        ["seventeenth"] = 17, ["eighteenth"] = 18, ["nineteenth"] = 19, ["twentieth"] = 20,
        ["thirtieth"] = 30,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, IsoDayOfWeek> Weekdays = new Dictionary<string, IsoDayOfWeek>
    {
        ["monday"] = IsoDayOfWeek.Monday, ["tuesday"] = IsoDayOfWeek.Tuesday,
        ["wednesday"] = IsoDayOfWeek.Wednesday, ["thursday"] = IsoDayOfWeek.Thursday,
        ["friday"] = IsoDayOfWeek.Friday, ["saturday"] = IsoDayOfWeek.Saturday, ["sunday"] = IsoDayOfWeek.Sunday,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, int> Months = new Dictionary<string, int>
    {
        ["january"] = 1, ["february"] = 2, ["march"] = 3, ["april"] = 4, ["may"] = 5, ["june"] = 6,
        ["july"] = 7, ["august"] = 8, ["september"] = 9, ["october"] = 10, ["november"] = 11, ["december"] = 12,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    // Scheduling words worth correcting when misspelt. Short or common words stay out: "march" is one
    // letter from "match", "booking" from "looking".
    private static readonly string[] FuzzyTargets =
    [
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "tomorrow", "tonight",
        "today", "morning", "afternoon", "evening", "january", "february", "april", "august", "september",
        "october", "november", "december", "appointment", "reschedule", "available", "availability", "cancel",
        "minute", "weekend", "midnight", "lunchtime", "quarter",
    ];

    // Real words one typing mistake away from a target above.
    private static readonly FrozenSet<string> NotMisspellings = new[]
    {
        "cancer", "sundae", "sundry", "candle", "evenly", "mining", "toddy", "teddy", "tidal", "quartet",
        "monthly", "mosaic", "apron", "funday", "avoidable",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenDictionary<char, string[]> FuzzyByInitial = FuzzyTargets
        .GroupBy(t => t[0])
        .ToFrozenDictionary(g => g.Key, g => g.ToArray());

    /// <summary>Runs of letters and digits that are one word as a whole ("2morrow", "b4").</summary>
    public static bool IsWholeWord(string run) => Canonical.ContainsKey(run);

    /// <summary>The canonical form of a lower-case word without apostrophes.</summary>
    public static string Normalize(string word)
    {
        if (Canonical.TryGetValue(word, out var canonical))
        {
            return canonical;
        }

        if (word.Length >= 5 && !NotMisspellings.Contains(word) && !NumberWords.ContainsKey(word)
            && !OrdinalWords.ContainsKey(word) && IsAsciiLetters(word) && FuzzyMatch(word) is { } corrected)
        {
            return corrected;
        }

        return word;
    }

    public static int NumberWordValue(string word) => NumberWords.TryGetValue(word, out var v) ? v : -1;

    public static int OrdinalWordValue(string word) => OrdinalWords.TryGetValue(word, out var v) ? v : -1;

    public static bool TryWeekday(string word, out IsoDayOfWeek day) => Weekdays.TryGetValue(word, out day);

    public static bool TryMonth(string word, out int month) => Months.TryGetValue(word, out month);

    private static bool IsAsciiLetters(string word)
    {
        foreach (var c in word)
        {
            if (c is < 'a' or > 'z')
            {
                return false;
            }
        }
        return true;
    }

    private static string? FuzzyMatch(string word)
    {
        if (!FuzzyByInitial.TryGetValue(word[0], out var targets))
        {
            return null;
        }
        if (Array.IndexOf(targets, word) >= 0)
        {
            return word;
        }

        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var target in targets)
        {
            var allowed = target.Length >= 8 ? 2 : 1;
            if (Math.Abs(target.Length - word.Length) > allowed)
            {
                continue;
            }
            var distance = Distance(word, target, allowed);
            if (distance <= allowed && distance < bestDistance)
            {
                best = target;
                bestDistance = distance;
            }
        }
        return best;
    }

    /// <summary>Optimal string alignment distance (edits plus adjacent swaps), giving up above <paramref name="max"/>.</summary>
    private static int Distance(string a, string b, int max)
    {
        Span<int> previous2 = stackalloc int[b.Length + 1];
        Span<int> previous = stackalloc int[b.Length + 1];
        Span<int> current = stackalloc int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, previous2[j - 2] + 1);
                }
                current[j] = value;
                rowMin = Math.Min(rowMin, value);
            }
            if (rowMin > max)
            {
                return max + 1;
            }
            var recycled = previous2;
            previous2 = previous;
            previous = current;
            current = recycled;
        }
        return previous[b.Length];
    }

    private static FrozenDictionary<string, string> BuildCanonical()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(string canonical, string variants)
        {
            foreach (var variant in variants.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                map[variant] = canonical;
            }
        }

        // Days.
        Add("tomorrow", "tmrw tmr tmrow tmrrw tmro tmw tmoz tomoz 2morrow 2moro 2morow 2mrw 2mro 2mrrw 2moz 2mrow 2mor tomorow tommorow tommorrow tomorrw tomoro tomorro tomrrow tomrow tomm tmorrow tomorrows tommorows tomorroe tomarrow tommorw tmmrw tmrww morrow tomorrowa tomrw tommrow");
        Add("today", "2day tdy todays tday todya toady tody");
        Add("tonight", "tonite 2nite 2night tonigh tonights tonght toniht 2nyt");
        Add("yesterday", "yday ystrdy yesterdays");
        Add("monday", "mon mondays mondy monady moday mnday");
        Add("tuesday", "tue tues tuesdays tuesdy teusday tuseday tusday tuesay tueday tuesdya tuesady tuesdey");
        Add("wednesday", "wed weds wednesdays wensday wendsday wednsday wedensday wednesay wednessday wedsday wedesday wendesday wenesday wedneday wednesdy wedenesday wensdey wednsdy wedsnday wedensdy");
        Add("thursday", "thu thur thurs thursdays thrusday thursdy thurday thusday thirsday tursday thrsday thurdsay thursady thrursday thurdday");
        Add("friday", "fri fridays fryday firday fridy friady frday fridya frid");
        Add("saturday", "sat saturdays saturdya saterday saturaday satuday satruday satarday saturady satureday satday");
        Add("sunday", "sun sundays sundy sonday sundya sunady sundey");
        Add("weekend", "wkend wknd weekends weeknd wekend");
        Add("week", "weeks wk wks weeek");
        Add("day", "days");
        Add("month", "months mnth");
        Add("fortnight", "fortnights");

        // Months (full names are canonical already).
        Add("january", "jan janurary januray janaury");
        Add("february", "feb febuary feburary febrary");
        Add("march", "mar");
        Add("april", "apr apirl aprill");
        Add("june", "jun");
        Add("july", "jul");
        Add("august", "aug agust augst");
        Add("september", "sep sept septmber setember");
        Add("october", "oct ocotber octobre");
        Add("november", "nov novmber");
        Add("december", "dec decmber decemeber");

        // Parts of the day and clock words.
        Add("morning", "mornings morn mornin morng mroning moring monring");
        Add("afternoon", "afternoons aftn afternon afernoon aftenoon afteroon afternooon arvo aftrnoon aftanoon");
        Add("evening", "evenings evning evenin eveing evenng eve");
        Add("night", "nights nite nyt");
        Add("lunchtime", "lunchtimes");
        Add("oclock", "oclok");
        Add("noon", "noonish");
        Add("midday", "middday");
        Add("minute", "minutes min mins mn minits minuts mintues minutess mns minuets minites");
        Add("hour", "hours hr hrs hourss hous hoursss");
        Add("until", "til till untill");
        Add("through", "thru");
        Add("around", "round arround aroun arnd approx approximately roughly circa");
        Add("about", "abt bout");
        Add("before", "b4 bfr befor");
        Add("after", "aftr afer");
        Add("between", "betwen bewteen btwn betweeen");
        Add("next", "nxt");
        Add("later", "l8r ltr");
        Add("quarter", "qtr quater");
        Add("half", "hlf");

        // Texting shorthand and everyday words.
        Add("please", "pls plz plse pleas pleae plez pleez plx");
        Add("you", "u yu");
        Add("your", "ur yr");
        Add("are", "r");
        Add("thanks", "thx thnx thanx ty tnx thks cheers");
        Add("appointment", "appt appts appointments apointment appointmnet appoitment appointement appoinment apt apts appointmet appontment appintment apointments apppointment appoint");
        Add("booking", "bookings bookin bookng");
        Add("book", "bk");
        Add("reservation", "reservations resevation reservaton");
        Add("reserve", "resrve");
        Add("reschedule", "resched reshedule rescedule reschedual reschdule reschedul rescheduling rescheduled reshedual reeschedule reskedule");
        Add("cancel", "cancell cancle cancl cancelled canceled canceling cancelling cancellation cancelation cancels cnacel cancal cancellations");
        Add("available", "avail availible avaliable availble availabe avalable avaible availalbe");
        Add("availability", "availabilty availibility avaliability availabilities avalability availablity");
        Add("schedule", "shedule schedual");
        Add("session", "sessions sesh");
        Add("slot", "slots");
        Add("spot", "spots");
        Add("opening", "openings");
        Add("confirm", "conf cnfrm confim comfirm");
        Add("perfect", "perf prefect perfecto");
        Add("great", "gr8 grt");
        Add("sure", "shure suree");
        Add("ok", "okay k kk okey okie oki okk okok oke okayy okaay");
        Add("yes", "yeah yea yah yep yup yas yess yesss ye yeh yeap yap yeahh yeppers aye ya");
        Add("no", "nope nah naw nop noo nooo");
        Add("hello", "helo hallo hullo hellooo helloo");
        Add("hi", "hii hiii hiya heya hey heyy heyyy hai hie howdy");
        Add("want", "wanna wana wnt");
        Add("what", "wat wut wht");
        Add("whats", "wats wuts");
        Add("when", "wen");
        Add("cant", "cannot");
        Add("something", "smth sth");
        Add("email", "emial emal mail");
        Add("message", "msg");
        Add("people", "ppl");
        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
