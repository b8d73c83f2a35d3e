using OpenBooking.Web;
using OpenBooking.Web.Agent.Understanding;
using OpenBooking.Web.Components;
using OpenBooking.Web.Embed;
using OpenBooking.Web.Health;

// `OpenBooking.Web parse --now ... --tz ...`: show how sentences are understood, then exit.
if (args is ["parse", ..])
{
    Environment.ExitCode = ParseCommand.Run(args[1..], Console.In, Console.Out);
    return;
}

// `OpenBooking.Web healthcheck [url]`: the container's health check (exit 0 when /healthz answers 200).
if (args is ["healthcheck", ..])
{
    Environment.ExitCode = await HealthCheckCommand.RunAsync(args[1..], Console.Out);
    return;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddOpenBookingServices();

var app = builder.Build();
// First: everything after it (authentication included, hence called explicitly after it) sees the customer's address.
app.UseProxyHeaders();
// Only /embed may be shown in a frame, by the sites in Business:EmbedOrigins; every other page refuses.
app.UseFramingPolicy();
app.UseAuthentication();
app.UseAuthorization();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
}
// A page that answers an error status without a body (an unknown address, a manage link that matches no
// booking) shows Components/Pages/NotFound.razor. APIs such as /mcp opt out with SkipStatusCodePages.
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseAntiforgery();
app.MapStaticAssets();
app.MapOpenBookingEndpoints();
// Blazor's own "frame-ancestors 'self'" would also refuse /embed: UseFramingPolicy writes that header for every page.
app.MapRazorComponents<App>().AddInteractiveServerRenderMode(options => options.ContentSecurityFrameAncestorsPolicy = null);

app.Run();

public partial class Program;
