using System.ComponentModel;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using NodaTime;
using OpenBooking.Tools.Business;
using OpenBooking.Tools.Email;
using OpenBooking.Tools.Mcp;

namespace OpenBooking.Tools.Calendar;

public sealed record FreeSlotsResult(string TimeZone, IReadOnlyList<SlotInfo> Slots);

public sealed record AvailabilityResult(bool Available, string? Reason, SlotInfo? Requested, IReadOnlyList<SlotInfo> Alternatives);

public sealed record BookingsResult(IReadOnlyList<BookingInfo> Bookings);

/// <param name="Price">What the service costs in the result's currency; null when the business publishes no price.</param>
public sealed record ServiceInfo(
    string ServiceId, string Name, string? Description, int DurationMinutes, int BufferBeforeMinutes, int BufferAfterMinutes,
    int MinimumNoticeMinutes, int ChangeNoticeMinutes, int HorizonDays, int Capacity, decimal? Price = null);

/// <param name="Currency">ISO 4217 code of the prices (<c>Business:Currency</c>).</param>
public sealed record ServicesResult(string TimeZone, IReadOnlyList<ServiceInfo> Services, string? Currency = null);

/// <summary>The calendar tool server: availability and the booking lifecycle.</summary>
[McpServerToolType]
public sealed class CalendarTools(BookingService bookings, VerificationTokenService tokens, IOptionsMonitor<BusinessOptions> business)
{
    private const string TokenDescription =
        "The verificationToken returned by verify_email_otp for this email. Not needed with a staff API key.";

    private const string ServiceDescription =
        "Service name or id from list_services, e.g. \"Haircut\". Defaults to the first service.";

    [McpServerTool(Name = "list_services", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Lists the services customers can book, with their length, notice rules and capacity.")]
    public async Task<ServicesResult> ListServicesAsync(CancellationToken cancellationToken = default)
    {
        var services = await bookings.Services.ListAsync(cancellationToken);
        return new ServicesResult(bookings.Zone.Id, [.. services.Select(s => new ServiceInfo(
            s.Id.ToString(), s.Name, s.Description, s.DurationMinutes, s.BufferBeforeMinutes, s.BufferAfterMinutes,
            s.MinimumNoticeMinutes, s.ChangeNoticeMinutes, s.HorizonDays, s.Capacity, s.Price))], business.CurrentValue.Currency);
    }

    [McpServerTool(Name = "get_business_info", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("The business's name, time zone, weekly opening hours, closures in the coming days, address, phone and currency.")]
    public async Task<BusinessInfo> GetBusinessInfoAsync(CancellationToken cancellationToken = default)
    {
        var today = bookings.Now.Date;
        var closures = await bookings.Services.ClosuresAsync(today, today.PlusDays(BusinessInfo.ClosureHorizonDays), cancellationToken);
        return BusinessInfo.From(business.CurrentValue, closures);
    }

    [McpServerTool(Name = "find_free_slots", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Lists free appointment slots between two dates (inclusive) in the business time zone, earliest first.")]
    public async Task<FreeSlotsResult> FindFreeSlotsAsync(
        [Description("First day, ISO date in the business time zone, e.g. 2026-03-28.")] string fromDate,
        [Description("Last day (inclusive), ISO date, e.g. 2026-03-29. Defaults to fromDate.")] string? toDate = null,
        [Description("Appointment length in minutes, e.g. 60. Defaults to the service's length.")] int? durationMinutes = null,
        [Description("Earliest local time of day to include, HH:mm, e.g. 12:00.")] string? fromTime = null,
        [Description("Latest local time of day a slot may end, HH:mm, e.g. 17:00.")] string? toTime = null,
        [Description("Most slots to return (1-100), default 20.")] int maxResults = 20,
        [Description(ServiceDescription)] string? service = null,
        CancellationToken cancellationToken = default)
    {
        var serviceId = await ResolveServiceAsync(service, cancellationToken);
        var from = ParseDate(fromDate, nameof(fromDate));
        var to = toDate is null ? from : ParseDate(toDate, nameof(toDate));
        if (to < from)
        {
            throw ToolException.InvalidArgument("toDate must not be before fromDate.");
        }
        var earliest = fromTime is null ? (LocalTime?)null : ParseTime(fromTime, nameof(fromTime));
        var latest = toTime is null ? (LocalTime?)null : ParseTime(toTime, nameof(toTime));
        var zone = bookings.Zone;
        var slots = await bookings.FindFreeSlotsAsync(from, to, Length(durationMinutes), 2000, serviceId, cancellationToken);
        var matching = slots.Where(s => Fits(s, zone, earliest, latest)).Take(Math.Clamp(maxResults, 1, 100));
        return new FreeSlotsResult(zone.Id, [.. matching.Select(s => WireFormat.Slot(s, zone))]);
    }

    [McpServerTool(Name = "check_availability", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Checks whether one start time is free. When it is not, says why and returns the nearest free slots.")]
    public async Task<AvailabilityResult> CheckAvailabilityAsync(
        [Description("Start, local date-time in the business time zone (2026-03-28T15:00) or with offset (2026-03-28T15:00:00+01:00).")] string start,
        [Description("Appointment length in minutes, e.g. 60. Defaults to the service's length.")] int? durationMinutes = null,
        [Description(ServiceDescription)] string? service = null,
        CancellationToken cancellationToken = default)
    {
        var serviceId = await ResolveServiceAsync(service, cancellationToken);
        var zone = bookings.Zone;
        var check = await bookings.CheckAsync(ParseStart(start, zone), Length(durationMinutes), serviceId, cancellationToken);
        return new AvailabilityResult(
            check.IsFree,
            check.IsFree ? null : BookingService.Explain(check.Problem),
            check.Slot is { } slot ? WireFormat.Slot(slot, zone) : null,
            [.. check.Alternatives.Select(s => WireFormat.Slot(s, zone))]);
    }

    [McpServerTool(Name = "create_booking", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Books an appointment for a verified email. Fails with the reason and nearest free slots when the time is not free.")]
    public async Task<BookingInfo> CreateBookingAsync(
        RequestContext<CallToolRequestParams> context,
        [Description("Customer email, e.g. john@example.com.")] string email,
        [Description("Start, local date-time in the business time zone (2026-03-28T15:00) or with offset.")] string start,
        [Description(TokenDescription)] string? verificationToken = null,
        [Description("Appointment length in minutes, e.g. 60. Defaults to the service's length.")] int? durationMinutes = null,
        [Description("Optional note from the customer, at most 1000 characters.")] string? notes = null,
        [Description(ServiceDescription)] string? service = null,
        CancellationToken cancellationToken = default)
    {
        email = RequireCustomer(context, email, verificationToken);
        var serviceId = await ResolveServiceAsync(service, cancellationToken);
        if (notes is { Length: > 1000 })
        {
            throw ToolException.InvalidArgument("notes must be at most 1000 characters.");
        }
        var zone = bookings.Zone;
        try
        {
            var created = await bookings.CreateAsync(email, ParseStart(start, zone), Length(durationMinutes), notes, serviceId, cancellationToken);
            return WireFormat.Booking(created, zone, BaseUrl);
        }
        catch (BookingException ex)
        {
            throw new ToolException(ex.ErrorCode, WithAlternatives(ex, zone));
        }
    }

    [McpServerTool(Name = "list_bookings", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Lists the upcoming confirmed bookings of a verified email, earliest first.")]
    public async Task<BookingsResult> ListBookingsAsync(
        RequestContext<CallToolRequestParams> context,
        [Description("Customer email, e.g. john@example.com.")] string email,
        [Description(TokenDescription)] string? verificationToken = null,
        CancellationToken cancellationToken = default)
    {
        email = RequireCustomer(context, email, verificationToken);
        var zone = bookings.Zone;
        var upcoming = await bookings.ListUpcomingAsync(email, cancellationToken);
        return new BookingsResult([.. upcoming.Select(b => WireFormat.Booking(b, zone, BaseUrl))]);
    }

    [McpServerTool(Name = "cancel_booking", ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Cancels one booking of a verified email. Cancelling an already cancelled booking changes nothing.")]
    public async Task<BookingInfo> CancelBookingAsync(
        RequestContext<CallToolRequestParams> context,
        [Description("Customer email, e.g. john@example.com.")] string email,
        [Description("The bookingId from create_booking or list_bookings.")] string bookingId,
        [Description(TokenDescription)] string? verificationToken = null,
        CancellationToken cancellationToken = default)
    {
        email = RequireCustomer(context, email, verificationToken);
        if (!Guid.TryParse(bookingId, out var id))
        {
            throw ToolException.InvalidArgument("bookingId is not a booking id.");
        }
        try
        {
            var cancelled = await bookings.CancelAsync(id, email, cancellationToken);
            return WireFormat.Booking(cancelled, bookings.Zone, BaseUrl);
        }
        catch (BookingException ex)
        {
            throw new ToolException(ex.ErrorCode, ex.Message);
        }
    }

    [McpServerTool(Name = "reschedule_booking", ReadOnly = false, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Moves one booking of a verified email to a new start. It stays the same booking (same id and link). Fails with the reason and nearest free slots when the new time is not free.")]
    public async Task<BookingInfo> RescheduleBookingAsync(
        RequestContext<CallToolRequestParams> context,
        [Description("Customer email, e.g. john@example.com.")] string email,
        [Description("The bookingId from create_booking or list_bookings.")] string bookingId,
        [Description("New start, local date-time in the business time zone (2026-03-28T15:00) or with offset.")] string newStart,
        [Description(TokenDescription)] string? verificationToken = null,
        [Description("New length in minutes; defaults to the booking's current length.")] int? durationMinutes = null,
        CancellationToken cancellationToken = default)
    {
        email = RequireCustomer(context, email, verificationToken);
        if (!Guid.TryParse(bookingId, out var id))
        {
            throw ToolException.InvalidArgument("bookingId is not a booking id.");
        }
        var zone = bookings.Zone;
        try
        {
            var moved = await bookings.RescheduleAsync(id, email, ParseStart(newStart, zone), Length(durationMinutes), cancellationToken);
            return WireFormat.Booking(moved, zone, BaseUrl);
        }
        catch (BookingException ex)
        {
            throw new ToolException(ex.ErrorCode, WithAlternatives(ex, zone));
        }
    }

    private async Task<Guid?> ResolveServiceAsync(string? service, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(service))
        {
            return null;
        }
        if (await bookings.Services.FindAsync(service, cancellationToken) is { } found)
        {
            return found.Id;
        }
        var names = (await bookings.Services.ListAsync(cancellationToken)).Select(s => s.Name);
        throw new ToolException(ToolErrorCodes.NotFound, $"There is no service called '{service}'. Services: {string.Join(", ", names)}.");
    }

    private string BaseUrl => business.CurrentValue.PublicBaseUrl ?? "";

    private string RequireCustomer(RequestContext<CallToolRequestParams> context, string email, string? verificationToken)
    {
        var normalized = ToolArguments.RequireEmail(email);
        if (ToolCaller.IsStaff(context.User))
        {
            return normalized;
        }
        if (tokens.Validate(verificationToken) != normalized)
        {
            throw new ToolException(
                ToolErrorCodes.NotVerified,
                "This email is not verified. Call send_email_otp, ask the customer for the code, call verify_email_otp and pass its verificationToken.");
        }
        return normalized;
    }

    private Duration? Length(int? minutes) => minutes switch
    {
        null => null,
        < 5 or > 24 * 60 => throw ToolException.InvalidArgument("durationMinutes must be between 5 and 1440."),
        _ => Duration.FromMinutes(minutes.Value),
    };

    private static LocalDateTime ParseStart(string start, DateTimeZone zone) =>
        WireFormat.TryParseLocal(start, zone, out var local)
            ? local
            : throw ToolException.InvalidArgument("start must be an ISO date-time such as 2026-03-28T15:00 or 2026-03-28T15:00:00+01:00.");

    private static LocalDate ParseDate(string text, string name) =>
        WireFormat.TryParseDate(text, out var date)
            ? date
            : throw ToolException.InvalidArgument($"{name} must be an ISO date such as 2026-03-28.");

    private static LocalTime ParseTime(string text, string name) =>
        NodaTime.Text.LocalTimePattern.CreateWithInvariantCulture("HH':'mm").Parse(text.Trim()) is { Success: true } r
            ? r.Value
            : throw ToolException.InvalidArgument($"{name} must be a time of day such as 14:30.");

    private static bool Fits(Interval slot, DateTimeZone zone, LocalTime? earliest, LocalTime? latest)
    {
        var start = slot.Start.InZone(zone);
        var end = slot.End.InZone(zone);
        return (earliest is null || start.TimeOfDay >= earliest)
            && (latest is null || (end.Date == start.Date && end.TimeOfDay <= latest));
    }

    private static string WithAlternatives(BookingException ex, DateTimeZone zone) =>
        ex.Alternatives.Count == 0
            ? ex.Message
            : $"{ex.Message} Nearest free slots: {string.Join(", ", ex.Alternatives.Select(s => WireFormat.Format(s.Start, zone)))}.";
}
