using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;
using OpenBooking.Tools.Business;
using OpenBooking.Tools.Calendar;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Email;

namespace OpenBooking.Web.Booking;

/// <summary>HTTP endpoints of the customer's manage page: the .ics download beside <c>/booking/{token}</c>.</summary>
public static class BookingEndpoints
{
    public static IEndpointRouteBuilder MapBookingEndpoints(this IEndpointRouteBuilder app)
    {
        var booking = app.MapGroup("/booking");
        booking.MapGet("/{token}/ics", GetCalendarFileAsync).WithName("BookingCalendarFile");
        return app;
    }

    /// <summary>
    /// The booking as a METHOD:PUBLISH calendar file with the same UID and SEQUENCE as the invitations in the
    /// emails, so importing it after an email updates the same event.
    /// </summary>
    public static async Task<Results<FileContentHttpResult, NotFound>> GetCalendarFileAsync(
        string token, IDbContextFactory<OpenBookingDbContext> dbFactory, IOptionsMonitor<BusinessOptions> business,
        IOptions<EmailOptions> email, IClock clock, HttpRequest request, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await db.Bookings.AsNoTracking().Include(b => b.Service)
            .FirstOrDefaultAsync(b => b.ManageToken == token, cancellationToken);
        if (found is null)
        {
            return TypedResults.NotFound();
        }
        var options = business.CurrentValue;
        var baseUrl = string.IsNullOrWhiteSpace(options.PublicBaseUrl) ? $"{request.Scheme}://{request.Host}{request.PathBase}" : options.PublicBaseUrl;
        var calendarEvent = CalendarEvent.ForBooking(found, options.Name, email.Value.From, ManageUrl(baseUrl, token));
        var file = CalendarFile.Write(calendarEvent, CalendarMethod.Publish, clock.GetCurrentInstant());
        return TypedResults.File(Encoding.UTF8.GetBytes(file), CalendarFile.ContentType(CalendarMethod.Publish), "appointment.ics");
    }

    public static string ManageUrl(string baseUrl, string token) =>
        $"{baseUrl.TrimEnd('/')}/booking/{Uri.EscapeDataString(token)}";

    public static string EventTitle(string businessName) => CalendarEvent.Title(null, businessName);
}
