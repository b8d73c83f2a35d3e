using OpenBooking.Web;
using OpenBooking.Web.Components;

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
