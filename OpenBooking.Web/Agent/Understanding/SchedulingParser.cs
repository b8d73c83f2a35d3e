using NodaTime;

namespace OpenBooking.Web.Agent.Understanding;

/// <summary>
/// The built-in, offline reader of scheduling language. It follows DESIGN.md "How the agent reads time":
/// future first, bare hours 1-7 are afternoon, parts of the day have fixed windows, "in 2 hours" counts on
/// the instant timeline. One hand-written pass over a token list, no backtracking regexes; an instance
/// holds no state, so one can serve every conversation.
/// </summary>
/// <remarks>
/// Reading order: one-time codes and phone numbers, greetings ("good morning" is not a time), durations and
/// "in 2 hours", days and spans of days, parts of the day, clock times and time ranges; then the intent is
/// chosen from cue words, and the slots are settled (a reschedule keeps the new time, "not Monday" loses).
/// </remarks>
public sealed partial class SchedulingParser : IUtteranceParser
{
    public Utterance Parse(string text, ZonedDateTime now)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new Session(text, now).Parse();
    }

    private enum DayPart : byte
    {
        None,
        Morning,
        Lunch,
        Afternoon,
        Evening,
    }

    private sealed record DateMention(LocalDate Date, int Start, int End, bool Ambiguous);

    private sealed record RangeMention(DateRange Range, int Start, int End, LocalDate? ChangeTo);

    private sealed record TimeMention(LocalTime From, LocalTime? To, int Start, int End, bool Ambiguous, bool FromPrefix, bool Bare = false);

    private sealed record WindowMention(LocalTime From, LocalTime To, int Start, int End, DayPart Part);

    private sealed partial class Session
    {
        private static readonly LocalTime EveningEnd = new(21, 0);
        private static readonly LocalTime MorningStart = new(8, 0);

        private readonly string _text;
        private readonly ZonedDateTime _now;
        private readonly LocalDateTime _nowLocal;
        private readonly LocalDate _today;
        private readonly Token[] _t;
        private readonly bool[] _used;
        private readonly int _n;
        private readonly List<string> _emails = [];
        private readonly List<DateMention> _dates = [];
        private readonly List<RangeMention> _ranges = [];
        private readonly List<TimeMention> _times = [];
        private readonly List<WindowMention> _windows = [];
        private string? _code;
        private bool _greetingPhrase;
        private int? _duration;
        private LocalDateTime? _relative;
        private int _relativeAt = -1;

        // Per token: whether it belongs to a day or span of days (1) or a part of the day (2), the part of the day
        // it names, and the end of the mention starting there. They keep context look-ups constant-time.
        private readonly byte[] _role;
        private readonly DayPart[] _partAt;
        private readonly int[] _endAt;

        public Session(string text, ZonedDateTime now)
        {
            _text = text;
            _now = now;
            _nowLocal = now.LocalDateTime;
            _today = now.Date;
            _t = [.. Tokenizer.Tokenize(text, _emails)];
            _n = _t.Length;
            _used = new bool[_n];
            _role = new byte[_n];
            _partAt = new DayPart[_n];
            _endAt = new int[_n];
        }

        public Utterance Parse()
        {
            FindCodesAndPhoneNumbers();
            FindGreetingPhrases();
            FindDurations();
            FindDates();
            CombineDateRanges();
            FindDayParts();
            FindTimes();
            var intent = ClassifyIntent();
            return Resolve(intent);
        }

        private void Mark(int start, int end, byte role)
        {
            if ((uint)start < (uint)_n)
            {
                _endAt[start] = end;
            }
            for (var k = Math.Max(0, start); role != 0 && k < end && k < _n; k++)
            {
                _role[k] = role;
            }
        }

        private void AddWindow(WindowMention window)
        {
            _windows.Add(window);
            if ((uint)window.Start < (uint)_n)
            {
                _endAt[window.Start] = window.End;
            }
            for (var k = Math.Max(0, window.Start); window.Part != DayPart.None && k < window.End && k < _n; k++)
            {
                _partAt[k] = window.Part;
            }
        }

        // ---- token helpers -------------------------------------------------------------------------

        private bool Free(int i) => (uint)i < (uint)_n && !_used[i];

        /// <summary>Token <paramref name="i"/> is the word <paramref name="w"/>, used or not.</summary>
        private bool Is(int i, string w) => (uint)i < (uint)_n && _t[i].Kind is TokenKind.Word or TokenKind.Ordinal && _t[i].Text == w;

        /// <summary>Token <paramref name="i"/> is the word <paramref name="w"/> and not yet read.</summary>
        private bool W(int i, string w) => Free(i) && Is(i, w);

        private bool P(int i, char c) => Free(i) && _t[i].Char == c;

        private bool IsPunct(int i, char c) => (uint)i < (uint)_n && _t[i].Char == c;

        /// <summary>Token <paramref name="i"/> is written against the one before it, with no space.</summary>
        private bool Tight(int i) => (uint)i < (uint)_n && !_t[i].SpaceBefore;

        private bool Num(int i) => Free(i) && _t[i].Kind == TokenKind.Number;

        private bool Ord(int i) => Free(i) && _t[i].Kind == TokenKind.Ordinal;

        private int Value(int i) => _t[i].Value;

        private void Use(int from, int to)
        {
            for (var i = Math.Max(0, from); i < to && i < _n; i++)
            {
                _used[i] = true;
            }
        }

        private bool InSet(int i, IReadOnlySet<string> set) => (uint)i < (uint)_n && _t[i].Kind == TokenKind.Word && set.Contains(_t[i].Text);

        // ---- codes and phone numbers ----------------------------------------------------------------

        /// <summary>
        /// A code is six digits written 739201, 739 201, 739-201 or 73 92 01. Longer runs of digit groups
        /// (phone numbers) are set aside so that none of their groups is read as a time.
        /// </summary>
        private void FindCodesAndPhoneNumbers()
        {
            Span<int> groups = stackalloc int[8];
            for (var i = 0; i < _n; i++)
            {
                if (_t[i].Kind != TokenKind.Number || _used[i])
                {
                    continue;
                }

                var count = 0;
                var total = 0;
                var spaces = 0;
                var dashes = 0;
                var others = 0;
                var end = i;
                var j = i;
                while (true)
                {
                    if (count < groups.Length)
                    {
                        groups[count] = _t[j].Digits;
                    }
                    count++;
                    total += _t[j].Digits;
                    end = j + 1;
                    if (j + 1 < _n && _t[j + 1].Kind == TokenKind.Number && _t[j + 1].SpaceBefore)
                    {
                        spaces++;
                        j++;
                    }
                    else if (j + 2 < _n && _t[j + 1].Kind == TokenKind.Punct && _t[j + 1].Char is '-' or '.' or '/'
                        && _t[j + 2].Kind == TokenKind.Number && _t[j + 1].SpaceBefore == _t[j + 2].SpaceBefore)
                    {
                        if (_t[j + 1].Char == '-')
                        {
                            dashes++;
                        }
                        else
                        {
                            others++;
                        }
                        j += 2;
                    }
                    else
                    {
                        break;
                    }
                }

                var plus = IsPunct(i - 1, '+');
                var isCode = total == 6 && !plus && others == 0 && (
                    count == 1
                    || (count == 2 && groups[0] == 3 && groups[1] == 3)
                    || (count == 3 && dashes == 0 && groups[0] == 2 && groups[1] == 2 && groups[2] == 2));
                if (isCode)
                {
                    if (_code is null)
                    {
                        var digits = new System.Text.StringBuilder(6);
                        for (var k = i; k < end; k++)
                        {
                            if (_t[k].Kind == TokenKind.Number)
                            {
                                digits.Append(_t[k].Text);
                            }
                        }
                        _code = digits.ToString();
                    }
                    Use(plus ? i - 1 : i, end);
                }
                else if (plus || (count == 1 && total >= 7) || (total >= 7 && spaces > 0) || (total >= 9 && others == 0))
                {
                    Use(plus ? i - 1 : i, end);
                }
                i = end - 1;
            }
        }

        // ---- greetings ----------------------------------------------------------------------------------

        private static readonly HashSet<string> GreetingParts = ["morning", "afternoon", "evening", "day", "night"];
        private static readonly HashSet<string> GreetingAudience = ["all", "there", "everyone", "guys", "folks", "team", "sir", "madam"];

        /// <summary>"good morning" and a lone "Morning!" greet; they are not parts of the day.</summary>
        private void FindGreetingPhrases()
        {
            for (var i = 0; i + 1 < _n; i++)
            {
                if (Is(i, "good") && InSet(i + 1, GreetingParts))
                {
                    Use(i, i + 2);
                    _greetingPhrase = true;
                }
            }

            // "Morning!", "evening all": a part of the day that opens the sentence and only greets.
            var first = 0;
            while (first < _n && _t[first].Kind == TokenKind.Punct)
            {
                first++;
            }
            if (first < _n && Free(first) && (Is(first, "morning") || Is(first, "evening") || Is(first, "afternoon")))
            {
                var k = first + 1;
                var audience = false;
                while (k < _n && InSet(k, GreetingAudience))
                {
                    audience = true;
                    k++;
                }
                var exclaimed = k < _n && _t[k].Char == '!';
                var rest = k;
                while (rest < _n && _t[rest].Kind == TokenKind.Punct)
                {
                    rest++;
                }
                var wordsAfter = 0;
                for (var w = rest; w < _n; w++)
                {
                    wordsAfter += _t[w].Kind == TokenKind.Punct ? 0 : 1;
                }
                var openingComma = k < _n && _t[k].Char == ',' && wordsAfter >= 3;
                if (audience || openingComma || (exclaimed && (rest == _n || _t[rest - 1].Char is ',' or '!')))
                {
                    Use(first, k);
                    _greetingPhrase = true;
                }
            }
        }

        // ---- durations and "in 2 hours" -----------------------------------------------------------

        private static readonly HashSet<string> DurationNouns =
            ["session", "appointment", "slot", "meeting", "long", "consultation", "lesson", "class", "massage", "block", "call", "visit", "treatment", "booking"];

        private void FindDurations()
        {
            for (var i = 0; i < _n; i++)
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
                    SetRelative(minutes, i);
                    Use(i, end);
                    i = end - 1;
                    continue;
                }

                if (ReadDuration(i, out minutes, out end))
                {
                    // "10 minutes past 3" and "5 minutes to 4" are clock times.
                    if (W(end, "past") || W(end, "after") || (W(end, "to") && (Num(end + 1) || (Free(end + 1) && _t[end + 1].Value > 0))))
                    {
                        continue;
                    }
                    if (W(end, "from") && (W(end + 1, "now") || W(end + 1, "today")))
                    {
                        SetRelative(minutes, i);
                        Use(i, end + 2);
                        i = end + 1;
                        continue;
                    }
                    _duration ??= minutes;
                    Use(Is(i - 1, "for") ? i - 1 : i, end);
                    i = end - 1;
                }
            }
        }

        private void SetRelative(int minutes, int at)
        {
            if (_relative is not null)
            {
                return;
            }
            var instant = _now.ToInstant().Plus(Duration.FromMinutes(minutes));
            var local = instant.InZone(_now.Zone).LocalDateTime;
            _relative = local.PlusSeconds(-local.Second).PlusNanoseconds(-local.NanosecondOfSecond);
            _relativeAt = at;
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
            var tightH = !hourUnit && digits && Free(unit) && _t[unit].Raw == "h" && Tight(unit) && HourIsDuration(i, count, unit);
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
                    if (Num(m) && _t[m].Value is > 0 and < 60)
                    {
                        if (W(m + 1, "minute"))
                        {
                            minutes += _t[m].Value;
                            k = m + 2;
                        }
                        else if ((tightH && Tight(m)) || (_t[m].Digits == 2 && _t[m].Value % 5 == 0))
                        {
                            minutes += _t[m].Value;
                            k = m + 1;
                        }
                    }
                    else if (Free(m) && _t[m].Kind == TokenKind.Word && _t[m].Value is > 0 and < 60 && W(m + 1, "minute"))
                    {
                        minutes += _t[m].Value;
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

            var minuteUnit = W(unit, "minute") || (digits && Free(unit) && _t[unit].Raw == "m" && Tight(unit));
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

        /// <summary>Reads a count: 2, 1.5, two, forty-five, a/an (article), a couple (of).</summary>
        private bool ReadCount(int i, out double count, out int end, out bool article, out bool digits)
        {
            count = 0;
            end = i;
            article = false;
            digits = false;
            if (!Free(i))
            {
                return false;
            }
            var t = _t[i];
            if (t.Kind == TokenKind.Number && t.Value >= 0)
            {
                digits = true;
                count = t.Value;
                end = i + 1;
                if ((P(i + 1, '.') || P(i + 1, ',')) && Tight(i + 1) && Num(i + 2) && Tight(i + 2) && _t[i + 2].Digits <= 2)
                {
                    count += _t[i + 2].Value / Math.Pow(10, _t[i + 2].Digits);
                    end = i + 3;
                }
                return true;
            }
            if (t.Kind == TokenKind.Word && t.Value > 0)
            {
                count = t.Value;
                end = i + 1;
                return true;
            }
            if (Is(i, "couple") || ((Is(i, "a") || Is(i, "an")) && W(i + 1, "couple")))
            {
                end = Is(i, "couple") ? i + 1 : i + 2;
                if (W(end, "of"))
                {
                    end++;
                }
                count = 2;
                return true;
            }
            if (Is(i, "a") || Is(i, "an"))
            {
                count = 1;
                end = i + 1;
                article = true;
                return true;
            }
            return false;
        }

        // ---- settling the slots ---------------------------------------------------------------------

        private static readonly HashSet<string> Negations = ["not", "no", "except", "cant", "dont", "never", "wont", "isnt"];
        private static readonly HashSet<string> NegationBridges = ["on", "at", "do", "the", "for", "make", "around", "about", "this", "that", "in"];

        private static readonly HashSet<string> NegatingVerbs = ["doesnt", "dont", "isnt", "wont", "cant", "aint"];

        /// <summary>"not Monday", "can't do 3pm", "instead of Friday", "rather than the 3rd", "Tuesday doesn't work".</summary>
        private bool IsNegated(int start)
        {
            var end = EndOf(start);
            if (end >= 0 && (InSet(end, NegatingVerbs) || (Is(end, "is") && (Is(end + 1, "not") || Is(end + 1, "no")))
                || (Is(end, "no") && Is(end + 1, "good"))))
            {
                return true;
            }

            var k = start - 1;
            while (k >= 0 && _t[k].Kind == TokenKind.Punct && _t[k].Char != ',')
            {
                k--;
            }
            if (InSet(k, Negations) || (Is(k, "of") && Is(k - 1, "instead")) || (Is(k, "than") && Is(k - 1, "rather")))
            {
                return true;
            }
            return InSet(k, NegationBridges) && (InSet(k - 1, Negations) || (InSet(k - 1, NegationBridges) && InSet(k - 2, Negations)));
        }

        private static readonly HashSet<string> ChangeVerbs =
            ["move", "moving", "reschedule", "postpone", "push", "change", "changing", "switch", "shift", "bring", "rebook", "swap", "delay", "book", "prefer", "make"];

        private int? _changeVerb;

        /// <summary>Where a reschedule's new time starts: after the first change verb, else -1.</summary>
        private int ChangeVerbIndex()
        {
            if (_changeVerb is null)
            {
                _changeVerb = -1;
                for (var i = 0; i < _n; i++)
                {
                    if (InSet(i, ChangeVerbs))
                    {
                        _changeVerb = i;
                        break;
                    }
                }
            }
            return _changeVerb.Value;
        }

        /// <summary>
        /// Picks the mention that counts: the first one not negated ("not Monday, Tuesday"), or for a reschedule
        /// the last one after the change verb ("my Monday 10am appointment, move it to Tuesday").
        /// </summary>
        /// <summary>The end of the mention starting at <paramref name="start"/>; -1 when none starts there.</summary>
        private int EndOf(int start) => (uint)start < (uint)_n && _endAt[start] > 0 ? _endAt[start] : -1;

        private T? Pick<T>(List<T> mentions, Func<T, int> start, bool last) where T : class
        {
            if (mentions.Count == 0)
            {
                return null;
            }
            if (last && ChangeVerbIndex() is var verb and >= 0 && mentions.Exists(m => start(m) > verb) && mentions.Exists(m => start(m) < verb))
            {
                mentions = mentions.FindAll(m => start(m) > verb);
            }
            T? chosen = null;
            foreach (var m in mentions)
            {
                if (!IsNegated(start(m)))
                {
                    chosen ??= m;
                    if (last)
                    {
                        chosen = m;
                    }
                }
            }
            return chosen ?? (last ? mentions[^1] : mentions[0]);
        }

        private Utterance Resolve(Intent intent)
        {
            if (intent == Intent.Confirm && PickedOption() is { } choice)
            {
                // "option 1" picks an offered slot; its number is not 1 o'clock.
                return new Utterance(_text, intent) { Choice = choice };
            }

            var reschedule = intent == Intent.Reschedule;
            var ambiguous = false;

            // Days.
            var date = Pick(_dates, d => d.Start, reschedule);
            LocalDate? day = date?.Date;
            ambiguous |= date?.Ambiguous ?? false;
            DateRange? range = null;
            var rangeMention = Pick(_ranges, r => r.Start, reschedule);
            if (rangeMention is not null)
            {
                if (reschedule && rangeMention.ChangeTo is { } target)
                {
                    day ??= target;
                }
                else if (day is not { } d || d < rangeMention.Range.From || d > rangeMention.Range.To)
                {
                    // A day inside the span ("next week, maybe Tuesday") is the more precise reading.
                    range = rangeMention.Range;
                }
            }

            // Times.
            // A written time ("7pm") beats a bare number read from context ("a table for 2").
            var liveTimes = _times.Exists(t => !IsNegated(t.Start)) ? _times.FindAll(t => !IsNegated(t.Start)) : _times;
            var timeCandidates = !reschedule && liveTimes.Exists(t => !t.Bare) ? liveTimes.FindAll(t => !t.Bare) : liveTimes;
            if (reschedule && timeCandidates.Count > 1 && timeCandidates.Exists(t => !t.FromPrefix))
            {
                timeCandidates = timeCandidates.FindAll(t => !t.FromPrefix);
            }
            var time = Pick(timeCandidates, t => t.Start, reschedule);
            if (reschedule && time is not null && date is not null && ChangeVerbIndex() is var verb and >= 0 && time.Start < verb && date.Start > verb)
            {
                // "my Monday 10am appointment, move it to Tuesday": 10am was the old time.
                time = null;
            }
            LocalTime? clock = null;
            var duration = _duration;
            if (time is not null)
            {
                // A bare hour that lands inside a part of the day said elsewhere ("Saturday afternoon ... around 2") is settled.
                ambiguous |= time.Ambiguous && !_windows.Exists(w => w.Part != DayPart.None && w.From <= time.From && time.From < w.To);
                if (time.To is { } to)
                {
                    if (reschedule && (time.FromPrefix || IsChangeVerbBefore(time.Start)))
                    {
                        clock = to;
                    }
                    else
                    {
                        // A time range gives a start and a duration; the window is kept for parts of the day and bounds.
                        clock = time.From;
                        duration ??= MinutesBetween(time.From, to);
                    }
                }
                else
                {
                    clock = time.From;
                }
            }

            // Windows, when no clock time was said: a bound ("after 3") narrowed by a part of the day ("in the
            // afternoon"). With a clock time the part of the day only settled am/pm ("tonight at 8").
            TimeWindow? window = null;
            var windows = _windows.FindAll(w => !IsNegated(w.Start));
            if (clock is null && _relative is null && windows.Count > 0)
            {
                var bound = windows.Find(w => w.Part == DayPart.None);
                var part = Pick(windows.FindAll(w => w.Part != DayPart.None), w => w.Start, reschedule);
                if (bound is not null && part is not null && bound.From < part.To && part.From < bound.To)
                {
                    window = new TimeWindow(Max(bound.From, part.From), Min(bound.To, part.To));
                }
                else if (bound is not null)
                {
                    window = new TimeWindow(bound.From, bound.To);
                }
                else if (part is not null)
                {
                    window = new TimeWindow(part.From, part.To);
                }
            }

            LocalDateTime? start = null;
            if (_relative is { } relative && (clock is null || _relativeAt < (time?.Start ?? int.MaxValue)))
            {
                start = relative;
                day = relative.Date;
            }
            else if (clock is { } c)
            {
                if (day is { } d)
                {
                    start = d + c;
                }
                else
                {
                    var first = range is { } r && r.From > _today ? r.From : _today;
                    var candidate = first + c;
                    if (!IsStillAhead(candidate))
                    {
                        candidate = candidate.PlusDays(1);
                    }
                    start = candidate;
                    day = candidate.Date;
                }
            }

            if (start is { } s && _now.Zone.MapLocal(s).Count != 1)
            {
                ambiguous = true;
            }

            return new Utterance(_text, intent)
            {
                Start = start,
                Date = day,
                Window = window,
                DateRange = range,
                DurationMinutes = duration,
                Email = _emails.Count > 0 ? _emails[0] : null,
                Code = _code,
                TimeIsAmbiguous = ambiguous,
            };
        }

        /// <summary>
        /// Whether a wall-clock time has yet to happen. Compared as instants, so during an autumn overlap "at 2:15am"
        /// said at the first 02:30 is still ahead (the second 02:15 is to come); a skipped time compares by the clock.
        /// </summary>
        private bool IsStillAhead(LocalDateTime local)
        {
            var mapping = _now.Zone.MapLocal(local);
            return mapping.Count == 0 ? local > _nowLocal : mapping.Last().ToInstant() > _now.ToInstant();
        }

        private static readonly HashSet<string> ChangeWords = ["change", "changing", "move", "moving", "switch", "swap", "push", "shift", "my", "reschedule", "it", "appointment"];

        private bool IsChangeVerbBefore(int start) => InSet(start - 1, ChangeWords);

        private static int MinutesBetween(LocalTime from, LocalTime to)
        {
            var minutes = (int)Period.Between(from, to, PeriodUnits.Minutes).Minutes;
            return minutes > 0 ? minutes : minutes + 24 * 60;
        }

        private static LocalTime Max(LocalTime a, LocalTime b) => a > b ? a : b;

        private static LocalTime Min(LocalTime a, LocalTime b) => a < b ? a : b;
    }
}
