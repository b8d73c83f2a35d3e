using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using NodaTime;
using OpenBooking.Tools.Business;
using OpenBooking.Tools.Calendar;

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

    public static async Task<Results<FileContentHttpResult, NotFound>> GetCalendarFileAsync(
        string token, BookingService bookings, IOptionsMonitor<BusinessOptions> business, IClock clock,
        HttpRequest request, CancellationToken cancellationToken)
    {
        var found = await bookings.FindByManageTokenAsync(token, cancellationToken);
        if (found is null)
        {
            return TypedResults.NotFound();
        }
        var options = business.CurrentValue;
        var manageUrl = ManageUrl(options.PublicBaseUrl ?? $"{request.Scheme}://{request.Host}{request.PathBase}", token);
        var file = BookingCalendarFile.Create(found, EventTitle(options.Name), manageUrl, clock.GetCurrentInstant());
        return TypedResults.File(Encoding.UTF8.GetBytes(file), BookingCalendarFile.ContentType, "appointment.ics");
    }

    public static string ManageUrl(string baseUrl, string token) =>
        $"{baseUrl.TrimEnd('/')}/booking/{Uri.EscapeDataString(token)}";

    public static string EventTitle(string businessName) => $"Appointment at {businessName}";
}
