using NodaTime;
using NodaTime.Text;
using OpenBooking.Web.Agent.Understanding;

namespace OpenBooking.Tests.Agent.Understanding;

/// <summary>One line of corpus.tsv: a sentence, the clock it is said at, and its expected reading.</summary>
public sealed record CorpusCase(int Line, string Text, ZonedDateTime Now, Utterance Expected);

/// <summary>Reads corpus.tsv (format in its header). Expected values are written by hand from DESIGN.md.</summary>
public static class Corpus
{
    private static readonly Lazy<IReadOnlyDictionary<int, CorpusCase>> Cases = new(Load);

    public static IReadOnlyDictionary<int, CorpusCase> All => Cases.Value;

    private static IReadOnlyDictionary<int, CorpusCase> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Agent", "Understanding", "corpus.tsv");
        var cases = new Dictionary<int, CorpusCase>();
        ZonedDateTime? now = null;
        var lineNumber = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            if (line.StartsWith("@now ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                now = ParseNow(parts[1], DateTimeZoneProviders.Tzdb[parts[2]]);
                continue;
            }

            var columns = line.Split('\t');
            if (columns.Length != 2 || now is null)
            {
                throw new FormatException($"corpus.tsv line {lineNumber}: expected 'sentence<TAB>reading' after an @now line.");
            }
            cases.Add(lineNumber, new CorpusCase(lineNumber, columns[0], now.Value, ParseExpected(columns[0], columns[1], lineNumber)));
        }
        return cases;
    }

    private static ZonedDateTime ParseNow(string text, DateTimeZone zone)
    {
        var offset = OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mmo<G>").Parse(text);
        if (offset.Success && (text.Contains('+') || text.LastIndexOf('-') > 10 || text.EndsWith('Z')))
        {
            return offset.Value.ToInstant().InZone(zone);
        }
        return LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm").Parse(text).Value.InZoneLeniently(zone);
    }

    private static Utterance ParseExpected(string text, string spec, int line)
    {
        var fields = spec.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var expected = new Utterance(text, ParseIntent(fields[0], line));
        LocalDate? date = null;
        foreach (var field in fields.Skip(1))
        {
            var (key, value) = field.IndexOf('=') is var eq and > 0 ? (field[..eq], field[(eq + 1)..]) : (field, "");
            expected = key switch
            {
                "start" => expected with { Start = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm").Parse(value).Value },
                "date" => expected with { Date = date = LocalDatePattern.Iso.Parse(value).Value },
                "window" => expected with { Window = new TimeWindow(Time(value.Split('-')[0]), Time(value.Split('-')[1])) },
                "range" => expected with
                {
                    DateRange = new DateRange(
                        LocalDatePattern.Iso.Parse(value.Split("..")[0]).Value,
                        LocalDatePattern.Iso.Parse(value.Split("..")[1]).Value),
                },
                "dur" => expected with { DurationMinutes = int.Parse(value) },
                "email" => expected with { Email = value },
                "code" => expected with { Code = value },
                "amb" => expected with { TimeIsAmbiguous = true },
                _ => throw new FormatException($"corpus.tsv line {line}: unknown field '{key}'."),
            };
        }
        if (date is null && expected.Start is { } start)
        {
            expected = expected with { Date = start.Date };
        }
        return expected;
    }

    private static LocalTime Time(string value) => LocalTimePattern.CreateWithInvariantCulture("HH':'mm").Parse(value).Value;

    private static Intent ParseIntent(string name, int line) => name switch
    {
        "book" => Intent.Book,
        "check" => Intent.Check,
        "list" => Intent.List,
        "cancel" => Intent.Cancel,
        "reschedule" => Intent.Reschedule,
        "confirm" => Intent.Confirm,
        "deny" => Intent.Deny,
        "provide_email" => Intent.ProvideEmail,
        "provide_code" => Intent.ProvideCode,
        "greeting" => Intent.Greeting,
        "help" => Intent.Help,
        "unknown" => Intent.Unknown,
        _ => throw new FormatException($"corpus.tsv line {line}: unknown intent '{name}'."),
    };
}
