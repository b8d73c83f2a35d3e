using NodaTime;
using OpenBooking.Web.Agent.Understanding;

namespace OpenBooking.Tests.Agent.Understanding.Recognizers;

/// <summary>Runs chosen recognizers alone over one sentence, said on Friday 27 March 2026 at 10:00 in Brussels.</summary>
internal static class Recognizing
{
    public static readonly ZonedDateTime FridayMorning =
        new LocalDateTime(2026, 3, 27, 10, 0).InZoneStrictly(DateTimeZoneProviders.Tzdb["Europe/Brussels"]);

    /// <summary>The mentions found in <paramref name="text"/> by the recognizers made by <paramref name="recognizers"/>, run in order.</summary>
    public static MentionSet Mentions(string text, params Func<ParseContext, IRecognizer>[] recognizers) => Context(text, recognizers).Mentions;

    public static ParseContext Context(string text, params Func<ParseContext, IRecognizer>[] recognizers)
    {
        var context = new ParseContext(text, FridayMorning);
        foreach (var create in recognizers)
        {
            create(context).Recognize();
        }
        return context;
    }

    public static IRecognizer Dates(ParseContext c) => new DateRecognizer(c);

    public static IRecognizer DayParts(ParseContext c) => new DayPartRecognizer(c);

    public static IRecognizer Times(ParseContext c) => new TimeRecognizer(c);
}
