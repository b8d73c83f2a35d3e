using NodaTime;
using NodaTime.Text;
using OpenBooking.Tools.Business;
using OpenBooking.Tools.Data;

namespace OpenBooking.Tools.Calendar;

/// <summary>One day of the week and its opening ranges ("09:00-12:00"); no ranges when closed that day.</summary>
public sealed record OpeningDay(string Day, IReadOnlyList<string> Hours);

/// <summary>Days the business is closed, inclusive ISO dates, with the reason when the admin gave one.</summary>
public sealed record ClosureInfo(string From, string To, string? Reason);

/// <summary>What a customer may ask about the business itself (<c>get_business_info</c>).</summary>
/// <param name="Closures">Closures that end today or later and start within <see cref="ClosureHorizonDays"/> days.</param>
public sealed record BusinessInfo(
    string Name, string TimeZone, IReadOnlyList<OpeningDay> OpeningHours, IReadOnlyList<ClosureInfo> Closures,
    string? Address, string? Phone, string Currency)
{
    /// <summary>How far ahead closures are listed.</summary>
    public const int ClosureHorizonDays = 365;

    private static readonly IsoDayOfWeek[] Week =
    [
        IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday,
        IsoDayOfWeek.Friday, IsoDayOfWeek.Saturday, IsoDayOfWeek.Sunday,
    ];

    /// <param name="closures">The closures to list (see <see cref="ClosureHorizonDays"/>).</param>
    public static BusinessInfo From(BusinessOptions options, IEnumerable<Closure> closures)
    {
        var time = LocalTimePattern.CreateWithInvariantCulture("HH:mm");
        var date = LocalDatePattern.Iso;
        var hours = WeeklyOpeningHours.From(options);
        return new BusinessInfo(
            options.Name,
            options.Zone.Id,
            [.. Week.Select(day => new OpeningDay(day.ToString(), [.. hours.For(day).Select(r => $"{time.Format(r.From)}-{time.Format(r.To)}")]))],
            [.. closures.Select(c => new ClosureInfo(date.Format(c.From), date.Format(c.To), Blank(c.Reason)))],
            Blank(options.Address),
            Blank(options.Phone),
            options.Currency);
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
