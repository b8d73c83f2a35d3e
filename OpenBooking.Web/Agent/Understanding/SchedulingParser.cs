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

    public Utterance Parse(string text, ZonedDateTime now)
    {
        ArgumentNullException.ThrowIfNull(text);
        var context = new ParseContext(text, now);
        new EmailRecognizer(context).Recognize();
        new CodeRecognizer(context).Recognize();
        new GreetingRecognizer(context).Recognize();
        new DurationRecognizer(context).Recognize();
        new DateRecognizer(context).Recognize();
        new DayPartRecognizer(context).Recognize();
        new TimeRecognizer(context).Recognize();
        new QuestionRecognizer(context).Recognize();
        new ChoiceRecognizer(context).Recognize();
        var intent = new IntentRecognizer(context).Classify();
        return new UtteranceComposer(context).Compose(intent);
    }
}
