using NodaTime;

namespace OpenBooking.Tools.Business;

/// <summary>A half-open range of local times in a day, e.g. 09:00-12:00.</summary>
public readonly record struct OpeningRange(LocalTime From, LocalTime To)
{
    public override string ToString() => $"{From:HH:mm}-{To:HH:mm}";
}

/// <summary>Opening hours for each day of the week, in the business time zone.</summary>
public sealed class WeeklyOpeningHours
{
    private readonly Dictionary<IsoDayOfWeek, OpeningRange[]> _days;

    public WeeklyOpeningHours(IReadOnlyDictionary<IsoDayOfWeek, OpeningRange[]> days) =>
        _days = days.ToDictionary(d => d.Key, d => d.Value.OrderBy(r => r.From).ToArray());

    public IReadOnlyList<OpeningRange> For(IsoDayOfWeek day) => _days.TryGetValue(day, out var r) ? r : [];

    public static WeeklyOpeningHours From(BusinessOptions options)
    {
        var days = new Dictionary<IsoDayOfWeek, OpeningRange[]>();
        foreach (var (name, text) in options.OpeningHours)
        {
            if (Enum.TryParse<IsoDayOfWeek>(name, true, out var day) && TryParseRanges(text, out var ranges, out _))
            {
                days[day] = ranges;
            }
        }
        return new WeeklyOpeningHours(days);
    }

    /// <summary>Parses "09:00-12:00, 13:00-17:00". Empty text is a closed day.</summary>
    public static bool TryParseRanges(string? text, out OpeningRange[] ranges, out string? error)
    {
        ranges = [];
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        var list = new List<OpeningRange>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var bounds = part.Split('-', StringSplitOptions.TrimEntries);
            if (bounds.Length != 2
                || !TimeOnly.TryParseExact(bounds[0], "HH:mm", out var from)
                || !TimeOnly.TryParseExact(bounds[1], "HH:mm", out var to))
            {
                error = $"'{part}' is not a range like 09:00-17:00.";
                return false;
            }
            if (to <= from)
            {
                error = $"'{part}' ends before it starts.";
                return false;
            }
            list.Add(new OpeningRange(LocalTime.FromTimeOnly(from), LocalTime.FromTimeOnly(to)));
        }
        ranges = [.. list.OrderBy(r => r.From)];
        for (var i = 1; i < ranges.Length; i++)
        {
            if (ranges[i].From < ranges[i - 1].To)
            {
                error = $"'{ranges[i - 1]}' and '{ranges[i]}' overlap.";
                return false;
            }
        }
        return true;
    }
}
