using NodaTime;
using OpenBooking.Tools.Business;
using OpenBooking.Tools.Calendar;
using OpenBooking.Tools.Data;

namespace OpenBooking.Web.Admin;

/// <summary>A validation problem; <see cref="Message"/> starts with the field's label so it reads on its own.</summary>
public sealed record FieldError(string Field, string Message);

/// <summary>One opening range as typed in two time inputs ("09:00", "12:00").</summary>
public sealed class OpeningRangeDraft
{
    public string From { get; set; } = "09:00";
    public string To { get; set; } = "17:00";
}

/// <summary>
/// The business form: name, time zone and weekly hours, edited before saving. Validation reuses the rules that
/// check the settings at start (<see cref="WeeklyOpeningHours.TryParseRanges"/>, the TZDB zone list).
/// </summary>
public sealed partial class BusinessDraft
{
    public static readonly IsoDayOfWeek[] Week =
    [
        IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday,
        IsoDayOfWeek.Friday, IsoDayOfWeek.Saturday, IsoDayOfWeek.Sunday,
    ];

    public string Name { get; set; } = "";
    public string TimeZone { get; set; } = "";
    public string Address { get; set; } = "";
    public string Phone { get; set; } = "";
    public string Currency { get; set; } = "EUR";
    public Dictionary<IsoDayOfWeek, List<OpeningRangeDraft>> Hours { get; } = Week.ToDictionary(d => d, _ => new List<OpeningRangeDraft>());

    public static BusinessDraft From(BusinessOptions options)
    {
        var draft = new BusinessDraft
        {
            Name = options.Name,
            TimeZone = options.TimeZone,
            Address = options.Address ?? "",
            Phone = options.Phone ?? "",
            Currency = options.Currency,
        };
        var hours = WeeklyOpeningHours.From(options);
        foreach (var day in Week)
        {
            draft.Hours[day].AddRange(hours.For(day).Select(r => new OpeningRangeDraft { From = AdminFormat.Time(r.From), To = AdminFormat.Time(r.To) }));
        }
        return draft;
    }

    /// <summary>The day's ranges in the settings format, "09:00-12:00, 13:00-17:00"; empty when closed.</summary>
    public string HoursText(IsoDayOfWeek day) => string.Join(", ", Hours[day].Select(r => $"{Trim(r.From)}-{Trim(r.To)}"));

    public static string FieldFor(IsoDayOfWeek day) => $"Hours.{day}";

    public IReadOnlyList<FieldError> Validate()
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(Name))
        {
            errors.Add(new(nameof(Name), "Business name: enter the name customers see in the chat and in emails."));
        }
        else if (Name.Trim().Length > 120)
        {
            errors.Add(new(nameof(Name), "Business name: use at most 120 characters."));
        }

        if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(TimeZone.Trim()) is null)
        {
            errors.Add(new(nameof(TimeZone), $"Time zone: '{TimeZone}' is not an IANA time zone id (for example Europe/Brussels)."));
        }

        if (Address.Trim().Length > 300)
        {
            errors.Add(new(nameof(Address), "Address: use at most 300 characters."));
        }
        if (Phone.Trim().Length > 40)
        {
            errors.Add(new(nameof(Phone), "Phone: use at most 40 characters."));
        }
        if (!CurrencyCode().IsMatch(Currency.Trim().ToUpperInvariant()))
        {
            errors.Add(new(nameof(Currency), $"Currency: '{Currency}' is not a three-letter ISO 4217 code (for example EUR, USD, CHF)."));
        }

        foreach (var day in Week)
        {
            if (Hours[day].Any(r => string.IsNullOrWhiteSpace(r.From) || string.IsNullOrWhiteSpace(r.To)))
            {
                errors.Add(new(FieldFor(day), $"{day} opening hours: enter both a start and an end time for each range."));
            }
            else if (!WeeklyOpeningHours.TryParseRanges(HoursText(day), out _, out var error))
            {
                errors.Add(new(FieldFor(day), $"{day} opening hours: {error}"));
            }
        }
        return errors;
    }

    /// <summary>The schedule this form would produce (only for a draft without errors).</summary>
    public BusinessSchedule ToSchedule(IReadOnlyList<DateInterval> closures)
    {
        var days = new Dictionary<IsoDayOfWeek, OpeningRange[]>();
        foreach (var day in Week)
        {
            WeeklyOpeningHours.TryParseRanges(HoursText(day), out var ranges, out _);
            days[day] = ranges;
        }
        return new BusinessSchedule(DateTimeZoneProviders.Tzdb[TimeZone.Trim()], new WeeklyOpeningHours(days), closures);
    }

    /// <summary>
    /// Reads what a person types in a time box ("9", "9:30", "930", "17.00", "17h") as HH:mm, the settings format;
    /// text that is not a time is kept as typed so that validation can point at it.
    /// </summary>
    public static string NormalizeTime(string? text)
    {
        var trimmed = text?.Trim() ?? "";
        var match = TimeInput().Match(trimmed);
        if (!match.Success)
        {
            return trimmed;
        }
        var hour = int.Parse(match.Groups["h"].Value, System.Globalization.CultureInfo.InvariantCulture);
        var minute = match.Groups["m"].Success ? int.Parse(match.Groups["m"].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        return hour < 24 && minute < 60 ? $"{hour:00}:{minute:00}" : trimmed;
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Z]{3}$")]
    private static partial System.Text.RegularExpressions.Regex CurrencyCode();

    [System.Text.RegularExpressions.GeneratedRegex(@"^(?<h>\d{1,2})(?:[:.h]?(?<m>\d{2}))?h?$")]
    private static partial System.Text.RegularExpressions.Regex TimeInput();

    private static string Trim(string time) => NormalizeTime(time);
}

/// <summary>The service form: everything that shapes a service's slots, validated with messages naming the field.</summary>
public sealed class ServiceDraft
{
    public Guid? Id { get; set; }
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public int DurationMinutes { get; set; } = 60;
    public int BufferBeforeMinutes { get; set; }
    public int BufferAfterMinutes { get; set; }
    public int MinimumNoticeMinutes { get; set; } = 60;
    public int ChangeNoticeMinutes { get; set; } = 120;
    public int HorizonDays { get; set; } = 90;
    public int SlotIntervalMinutes { get; set; } = 30;
    public int Capacity { get; set; } = 1;

    /// <summary>The price in the business currency; null when not published.</summary>
    public decimal? Price { get; set; }
    public bool IsActive { get; set; } = true;

    public bool IsNew => Id is null;

    public static ServiceDraft From(Service service) => new()
    {
        Id = service.Id,
        Name = service.Name,
        Description = service.Description,
        DurationMinutes = service.DurationMinutes,
        BufferBeforeMinutes = service.BufferBeforeMinutes,
        BufferAfterMinutes = service.BufferAfterMinutes,
        MinimumNoticeMinutes = service.MinimumNoticeMinutes,
        ChangeNoticeMinutes = service.ChangeNoticeMinutes,
        HorizonDays = service.HorizonDays,
        SlotIntervalMinutes = service.SlotIntervalMinutes,
        Capacity = service.Capacity,
        Price = service.Price,
        IsActive = service.IsActive,
    };

    public ServiceDraft Copy() => (ServiceDraft)MemberwiseClone();

    public void ApplyTo(Service service)
    {
        service.Name = Name.Trim();
        service.Description = string.IsNullOrWhiteSpace(Description) ? null : Description.Trim();
        service.DurationMinutes = DurationMinutes;
        service.BufferBeforeMinutes = BufferBeforeMinutes;
        service.BufferAfterMinutes = BufferAfterMinutes;
        service.MinimumNoticeMinutes = MinimumNoticeMinutes;
        service.ChangeNoticeMinutes = ChangeNoticeMinutes;
        service.HorizonDays = HorizonDays;
        service.SlotIntervalMinutes = SlotIntervalMinutes;
        service.Capacity = Capacity;
        service.Price = Price;
        service.IsActive = IsActive;
    }

    /// <summary>The service as it would be saved (for the slot preview).</summary>
    public Service ToService()
    {
        var service = new Service { Id = Id ?? Guid.Empty, Name = Name };
        ApplyTo(service);
        return service;
    }

    public IReadOnlyList<FieldError> Validate()
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(Name))
        {
            errors.Add(new(nameof(Name), "Service name: enter a name, for example \"Haircut\"."));
        }
        else if (Name.Trim().Length > 80)
        {
            errors.Add(new(nameof(Name), "Service name: use at most 80 characters."));
        }
        if (Description?.Trim().Length > 500)
        {
            errors.Add(new(nameof(Description), "Description: use at most 500 characters."));
        }
        Range(errors, nameof(DurationMinutes), "Duration", DurationMinutes, 5, 24 * 60, "minutes");
        Range(errors, nameof(BufferBeforeMinutes), "Buffer before", BufferBeforeMinutes, 0, 24 * 60, "minutes");
        Range(errors, nameof(BufferAfterMinutes), "Buffer after", BufferAfterMinutes, 0, 24 * 60, "minutes");
        Range(errors, nameof(MinimumNoticeMinutes), "Minimum notice", MinimumNoticeMinutes, 0, 30 * 24 * 60, "minutes");
        Range(errors, nameof(ChangeNoticeMinutes), "Notice to cancel or move", ChangeNoticeMinutes, 0, 30 * 24 * 60, "minutes");
        Range(errors, nameof(HorizonDays), "Booking horizon", HorizonDays, 1, 730, "days");
        Range(errors, nameof(SlotIntervalMinutes), "Slot interval", SlotIntervalMinutes, 5, 24 * 60, "minutes");
        Range(errors, nameof(Capacity), "Capacity", Capacity, 1, 1000, "bookings at the same time");
        if (Price is < 0 or > 1_000_000)
        {
            errors.Add(new(nameof(Price), "Price: enter an amount from 0 to 1,000,000, or leave it empty to not show a price."));
        }
        else if (Price is { } price && decimal.Round(price, 2) != price)
        {
            errors.Add(new(nameof(Price), "Price: use at most two decimals."));
        }
        return errors;
    }

    private static void Range(List<FieldError> errors, string field, string label, int value, int min, int max, string unit)
    {
        if (value < min || value > max)
        {
            errors.Add(new(field, $"{label}: enter a number from {min} to {max} ({unit})."));
        }
    }
}

/// <summary>A closure as the form adds it.</summary>
public sealed class ClosureDraft
{
    public DateTime? From { get; set; }
    public DateTime? To { get; set; }
    public string? Reason { get; set; }

    public IReadOnlyList<FieldError> Validate()
    {
        var errors = new List<FieldError>();
        if (From is null)
        {
            errors.Add(new(nameof(From), "Closed from: pick the first closed day."));
        }
        if (To is null)
        {
            errors.Add(new(nameof(To), "Closed until: pick the last closed day (the same day for one day)."));
        }
        if (From is { } from && To is { } to && to.Date < from.Date)
        {
            errors.Add(new(nameof(To), "Closed until: the last closed day is before the first."));
        }
        if (Reason?.Trim().Length > 200)
        {
            errors.Add(new(nameof(Reason), "Reason: use at most 200 characters."));
        }
        return errors;
    }
}
