using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace OpenBooking.Web.Admin;

/// <summary>Admin endpoints beside the dashboard pages. Every one requires <see cref="AdminPolicy"/>.</summary>
public static class AdminEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin").RequireAuthorization(AdminPolicy.Name);
        admin.MapPost("/logout", LogoutAsync).DisableAntiforgery();
        admin.MapGet("/api/status", GetStatusAsync);
    }

    /// <summary>Signs out (a form post that must carry the antiforgery token) and goes to the sign-in page.</summary>
    public static async Task<Results<RedirectHttpResult, BadRequest>> LogoutAsync(HttpContext context, IAntiforgery antiforgery, AdminAccounts accounts)
    {
        // Checked here rather than by the middleware: the form has no fields to bind, and a cross-site post must
        // not be able to sign an admin out.
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return TypedResults.BadRequest();
        }
        await accounts.SignOutAsync();
        return TypedResults.Redirect(AdminExtensions.LoginPath);
    }

    /// <summary>Integration health and today's booking counts as JSON, for monitoring (same data as the overview).</summary>
    public static async Task<Ok<AdminStatus>> GetStatusAsync(IntegrationSettings integrations, AdminBookings bookings, CancellationToken cancellationToken)
    {
        var statuses = await integrations.GetStatusesAsync(cancellationToken);
        var counts = await bookings.CountsAsync(cancellationToken);
        return TypedResults.Ok(new AdminStatus(
            counts.Today,
            counts.Upcoming,
            [.. statuses.Select(s => new AdminIntegrationStatus(s.Integration, s.State.ToString(), s.Title, s.Detail, s.LastError, s.LastErrorAt?.ToString()))]));
    }
}

public sealed record AdminStatus(int BookingsToday, int BookingsNext7Days, IReadOnlyList<AdminIntegrationStatus> Integrations);

public sealed record AdminIntegrationStatus(string Integration, string State, string Title, string Detail, string? LastError, string? LastErrorAt);
