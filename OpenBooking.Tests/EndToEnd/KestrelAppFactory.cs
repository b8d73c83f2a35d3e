using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodaTime;

namespace OpenBooking.Tests.EndToEnd;

/// <summary>
/// The real app on a real port for a browser: the factory builds its in-memory test host, and
/// <see cref="CreateHost"/> builds a second host of the same app on Kestrel at a free port. Both share the data
/// folder and the fixed clock.
/// </summary>
public sealed class KestrelAppFactory(IClock clock, IReadOnlyDictionary<string, string?>? settings = null)
    : OpenBookingAppFactory(clock, settings: settings)
{
    private IHost? kestrelHost;
    private string? serverAddress;

    /// <summary>The Kestrel address, e.g. http://127.0.0.1:41234; starts both hosts on first use.</summary>
    public Uri ServerAddress
    {
        get
        {
            _ = Server;
            return new Uri(serverAddress!);
        }
    }

    protected override IHost CreateHost(IHostBuilder builder)
    {
        var testHost = builder.Build();
        builder.ConfigureWebHost(web => web.UseKestrel().UseUrls("http://127.0.0.1:0"));
        kestrelHost = builder.Build();
        kestrelHost.Start();
        var addresses = kestrelHost.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        serverAddress = addresses.Addresses.First();
        testHost.Start();
        return testHost;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && kestrelHost is not null)
        {
            kestrelHost.StopAsync().GetAwaiter().GetResult();
            kestrelHost.Dispose();
        }
        base.Dispose(disposing);
    }
}
