using NodaTime;

namespace OpenBooking.Web.Agent.Understanding;

/// <summary>
/// The built-in, offline reader of scheduling language. It follows DESIGN.md "How the agent reads time":
/// future first, bare hours 1-7 are afternoon, parts of the day have fixed windows, "in 2 hours" counts on
/// the instant timeline. Recognizers each find one kind of <see cref="Mention"/> in the tokens, in one hand-written
/// pass with no backtracking regexes; the <see cref="UtteranceComposer"/> turns the mentions into the
/// <see cref="Utterance"/>. An instance holds no state, so one can serve every conversation.
/// </summary>
/// <remarks>
/// Reading order matters, since a recognizer skips tokens an earlier one read: emails, one-time codes and phone
/// numbers, greetings ("good morning" is not a time), durations and "in 2 hours", days and spans of days, parts of
/// the day, clock times and time ranges, questions about the business, a pick among options; then the intent is
/// chosen from cue words, and the composer settles the slots (a reschedule keeps the new time, "not Monday" loses).
/// </remarks>
public sealed class SchedulingParser : IUtteranceParser
{
    /// <summary>
    /// A sentence is read up to this many tokens (words, numbers, punctuation); the rest is ignored. Nobody books in a
    /// 500-word sentence, and the bound keeps the cost of any input at most that of a long sentence.
    /// </summary>
    public const int MaxTokens = 200;

    // One reader per thread, reused sentence after sentence: the parser stays stateless and thread-safe from outside,
    // and a sentence costs its tokens and mentions, not a new set of per-token arrays and recognizers.
    [ThreadStatic]
    private static Reader? t_reader;

    public Utterance Parse(string text, ZonedDateTime now)
    {
        ArgumentNullException.ThrowIfNull(text);
        var reader = t_reader ??= new Reader(text, now);
        return reader.Read(text, now);
    }

    /// <summary>The recognizers in reading order over one reusable <see cref="ParseContext"/>.</summary>
    private sealed class Reader
    {
        private readonly ParseContext _context;
        private readonly IRecognizer[] _recognizers;
        private readonly IntentRecognizer _intents;
        private readonly UtteranceComposer _composer;

        public Reader(string text, ZonedDateTime now)
        {
            _context = new ParseContext(text, now);
            _recognizers =
            [
                new LanguageRecognizer(_context), new EmailRecognizer(_context), new CodeRecognizer(_context), new GreetingRecognizer(_context),
                new DurationRecognizer(_context), new DateRecognizer(_context), new DayPartRecognizer(_context),
                new TimeRecognizer(_context), new QuestionRecognizer(_context), new ChoiceRecognizer(_context),
            ];
            _intents = new IntentRecognizer(_context);
            _composer = new UtteranceComposer(_context);
        }

        public Utterance Read(string text, ZonedDateTime now)
        {
            _context.Reset(text, now);
            foreach (var recognizer in _recognizers)
            {
                recognizer.Bind();
                recognizer.Recognize();
            }
            _intents.Bind();
            _composer.Bind();
            return _composer.Compose(_intents.Classify());
        }
    }
}
