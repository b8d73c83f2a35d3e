using NodaTime;
using OpenBooking.Web.Agent.Understanding;

namespace OpenBooking.Tests.Agent;

/// <summary>
/// The real <see cref="SchedulingParser"/>, except for sentences a test scripts: those are read by the real parser and then
/// changed as the test says (e.g. given <see cref="Utterance.Questions"/> or <see cref="Utterance.Unreadable"/>), so the
/// engine's handlers are tested on readings the parser may not produce yet.
/// </summary>
public sealed class ScriptedParser : IUtteranceParser
{
    private readonly SchedulingParser _parser = new();
    private readonly Dictionary<string, Func<Utterance, Utterance>> _scripts = new(StringComparer.Ordinal);

    /// <summary>From now on, <paramref name="text"/> is read as the real parser reads it, then changed by <paramref name="change"/>.</summary>
    public ScriptedParser Read(string text, Func<Utterance, Utterance> change)
    {
        _scripts[text] = change;
        return this;
    }

    /// <summary>From now on, <paramref name="text"/> is a question about the business and nothing else.</summary>
    public ScriptedParser Asks(string text, BusinessQuestion questions) =>
        Read(text, _ => new Utterance(text, Intent.Unknown) { Questions = questions });

    public Utterance Parse(string text, ZonedDateTime now)
    {
        var read = _parser.Parse(text, now);
        return _scripts.TryGetValue(text, out var change) ? change(read) : read;
    }
}
