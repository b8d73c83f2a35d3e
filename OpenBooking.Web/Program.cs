using OpenBooking.Web;
using OpenBooking.Web.Agent.Understanding;
using OpenBooking.Web.Components;

// `OpenBooking.Web parse --now ... --tz ...`: show how sentences are understood, then exit.
if (args is ["parse", ..])
{
    Environment.ExitCode = ParseCommand.Run(args[1..], Console.In, Console.Out);
    return;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddOpenBookingServices();

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
}
app.UseAntiforgery();
app.MapStaticAssets();
app.MapOpenBookingEndpoints();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

app.Run();

public partial class Program;
