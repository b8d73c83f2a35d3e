using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Text;

namespace OpenBooking.Web.Agent.Understanding;

/// <summary>
/// The understanding check from DESIGN.md: <c>OpenBooking.Web parse --now 2026-03-27T10:00 --tz Europe/Brussels</c>
/// reads one utterance per line of standard input and writes one JSON object per line. <c>--now</c> is a local
/// date-time in <c>--tz</c> (an offset such as <c>+01:00</c> may pick one side of an autumn overlap) and defaults to
/// the current time; <c>--tz</c> is an IANA zone and defaults to Europe/Brussels.
/// </summary>
public static class ParseCommand
{
    private const string DefaultZone = "Europe/Brussels";

    private static readonly LocalDateTimePattern[] LocalPatterns =
    [
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm"),
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss"),
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd' 'HH':'mm"),
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFFFF"),
    ];

    private static readonly OffsetDateTimePattern[] OffsetPatterns =
    [
        OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mmo<G>"),
        OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'sso<G>"),
        OffsetDateTimePattern.ExtendedIso,
    ];

    private static readonly ParseJsonContext Json = new(new JsonSerializerOptions
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static int Run(string[] args, TextReader input, TextWriter output) => Run(args, input, output, Console.Error);

    public static int Run(string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);

        string? nowText = null;
        var zoneId = DefaultZone;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--now" when i + 1 < args.Length:
                    nowText = args[++i];
                    break;
                case "--tz" when i + 1 < args.Length:
                    zoneId = args[++i];
                    break;
                case "-h" or "--help":
                    error.WriteLine("usage: parse [--now yyyy-MM-ddTHH:mm] [--tz IANA-zone] < utterances.txt");
                    return 0;
                default:
                    error.WriteLine($"parse: unknown or incomplete option '{args[i]}'. Usage: parse [--now yyyy-MM-ddTHH:mm] [--tz Europe/Brussels]");
                    return 2;
            }
        }

        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId);
        if (zone is null)
        {
            error.WriteLine($"parse: unknown time zone '{zoneId}'; use an IANA id such as Europe/Brussels.");
            return 2;
        }

        ZonedDateTime now;
        if (nowText is null)
        {
            now = SystemClock.Instance.GetCurrentInstant().InZone(zone);
        }
        else if (!TryParseNow(nowText, zone, out now))
        {
            error.WriteLine($"parse: cannot read --now '{nowText}'; write it as 2026-03-27T10:00.");
            return 2;
        }

        var parser = new SchedulingParser();
        while (input.ReadLine() is { } line)
        {
            var utterance = parser.Parse(line, now);
            output.WriteLine(JsonSerializer.Serialize(ToJson(utterance), Json.ParsedUtterance));
        }
        output.Flush();
        return 0;
    }

    private static bool TryParseNow(string text, DateTimeZone zone, out ZonedDateTime now)
    {
        foreach (var pattern in OffsetPatterns)
        {
            if (pattern.Parse(text) is { Success: true } offsetResult)
            {
                now = offsetResult.Value.ToInstant().InZone(zone);
                return true;
            }
        }
        foreach (var pattern in LocalPatterns)
        {
            if (pattern.Parse(text) is { Success: true } localResult)
            {
                // A wall time skipped by daylight saving moves forward; a repeated one takes the earlier instant.
                now = localResult.Value.InZoneLeniently(zone);
                return true;
            }
        }
        now = default;
        return false;
    }

    internal static ParsedUtterance ToJson(Utterance u) => new(
        u.Text,
        IntentName(u.Intent),
        u.Start?.ToString("yyyy'-'MM'-'dd'T'HH':'mm", null),
        u.Date?.ToString("yyyy'-'MM'-'dd", null),
        u.Window is { } w ? new JsonSpan(w.From.ToString("HH':'mm", null), w.To.ToString("HH':'mm", null)) : null,
        u.DateRange is { } r ? new JsonSpan(r.From.ToString("yyyy'-'MM'-'dd", null), r.To.ToString("yyyy'-'MM'-'dd", null)) : null,
        u.DurationMinutes,
        u.Email,
        u.Code,
        QuestionNames(u.Questions),
        u.Unreadable.Count > 0 ? [.. u.Unreadable.Select(m => new JsonUnreadable(m.Kind.ToString().ToLowerInvariant(), m.Text))] : null);

    /// <summary>The snake_case names of the questions asked (hours, closures, services, prices, address, phone, capabilities); null when none.</summary>
    public static IReadOnlyList<string>? QuestionNames(BusinessQuestion questions)
    {
        if (questions == BusinessQuestion.None)
        {
            return null;
        }
        var names = new List<string>();
        foreach (var q in Enum.GetValues<BusinessQuestion>())
        {
            if (q != BusinessQuestion.None && questions.HasFlag(q))
            {
                names.Add(q.ToString().ToLowerInvariant());
            }
        }
        return names;
    }

    /// <summary>The snake_case names used on the wire: provide_email, provide_code, ...</summary>
    public static string IntentName(Intent intent) => intent switch
    {
        Intent.Book => "book",
        Intent.Check => "check",
        Intent.List => "list",
        Intent.Cancel => "cancel",
        Intent.Reschedule => "reschedule",
        Intent.Confirm => "confirm",
        Intent.Deny => "deny",
        Intent.ProvideEmail => "provide_email",
        Intent.ProvideCode => "provide_code",
        Intent.Greeting => "greeting",
        Intent.Help => "help",
        _ => "unknown",
    };
}

internal sealed record JsonSpan(
    [property: JsonPropertyName("from")] string From,
    [property: JsonPropertyName("to")] string To);

internal sealed record ParsedUtterance(
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("intent")] string Intent,
    [property: JsonPropertyName("start")] string? Start,
    [property: JsonPropertyName("date")] string? Date,
    [property: JsonPropertyName("window")] JsonSpan? Window,
    [property: JsonPropertyName("dateRange")] JsonSpan? DateRange,
    [property: JsonPropertyName("durationMinutes")] int? DurationMinutes,
    [property: JsonPropertyName("email")] string? Email,
    [property: JsonPropertyName("code")] string? Code,
    // Added after the first contract: written only when present, so that lines without them read exactly as before.
    [property: JsonPropertyName("questions"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Questions,
    [property: JsonPropertyName("unreadable"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<JsonUnreadable>? Unreadable);

/// <summary>
/// A date or time as typed that does not exist (<c>{"kind":"date","text":"february 30"}</c>), or the words of a message in
/// a language the parser does not read (<c>{"kind":"language","text":"je voudrais un rendez-vous demain"}</c>).
/// </summary>
internal sealed record JsonUnreadable(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("text")] string Text);

[JsonSerializable(typeof(ParsedUtterance))]
internal sealed partial class ParseJsonContext : JsonSerializerContext;
