using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using NodaTime;
using OpenBooking.Tests.Calendar.Google;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Calendar.Google;
using OpenBooking.Web.Agent;

namespace OpenBooking.Tests.Admin;

/// <summary>
/// bUnit for the Integrations page's cards: MudBlazor, and the real editor and Google connector over a tools host with
/// the agent's options beside a fake Google (no OAuth client saved). Cards raise OnChanged into <see cref="Changes"/>.
/// </summary>
/// <remarks>MudBlazor's services are async-disposable only, so the context is disposed through <see cref="IAsyncLifetime"/>.</remarks>
public abstract class IntegrationsCardContext : BunitContext, IAsyncLifetime
{
    protected const string Actor = "owner@example.com";
    protected static readonly DateTimeZone Brussels = DateTimeZoneProviders.Tzdb["Europe/Brussels"];

    protected FakeGoogleServer Google { get; private set; } = null!;
    protected ToolsTestHost Host { get; private set; } = null!;
    protected int Changes { get; set; }

    /// <summary>Settings on top of the fake Google's, e.g. an agent already on a model.</summary>
    protected virtual TestSettings Settings() => new();

    public async Task InitializeAsync()
    {
        Google = await FakeGoogleServer.StartAsync();
        Host = await ToolsTestHost.StartAsync(settings: Google.Settings(configured: false).With(Settings()), configure: services => services.AddAgents());
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton(Host.IntegrationsEditor());
        Services.AddSingleton(Host.Get<GoogleCalendarConnector>());
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await Host.DisposeAsync();
        await Google.DisposeAsync();
    }
}
