using Microsoft.AspNetCore.Http.HttpResults;

namespace OpenBooking.Web.Dev;

/// <summary>
/// <c>/dev/mailbox</c>: the pickup directory's emails, newest first, so a developer (or a browser test) can read
/// a one-time code without a mail server. Mapped in Development only: elsewhere the address does not exist.
/// </summary>
public static class DevMailboxEndpoints
{
    public static IEndpointRouteBuilder MapDevMailbox(this WebApplication app)
    {
        if (app.Environment.IsDevelopment())
        {
            app.MapGet("/dev/mailbox", () => new RazorComponentResult<DevMailbox>());
        }
        return app;
    }
}
