using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Web.Components;
using OpenBooking.Tools.Data;

namespace OpenBooking.Tests.EndToEnd;

/// <summary>
/// The web app in memory with a fresh data folder (database and mail pickup directory), a fixed clock and a
/// chosen environment. Keyed on <see cref="App"/> rather than <c>Program</c>: OpenBooking.Tools (visible to
/// the tests) has a Program too, and the factory only needs a type from the web app's assembly.
/// </summary>
public class OpenBookingAppFactory(IClock clock, string environment = "Development", IReadOnlyDictionary<string, string?>? settings = null)
    : WebApplicationFactory<App>
{
    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("openbooking-tests-").FullName;

    /// <summary>Everything the app logged (both hosts of a <see cref="KestrelAppFactory"/> write here).</summary>
    public LogCapture Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("Storage:DataDirectory", DataDirectory);
        builder.UseSetting("Mcp:ApiKeys:0", "test-staff-key");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services => services.AddSingleton(clock));
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // SQLite may hold the WAL file a moment longer; a leftover temp folder is harmless.
            }
        }
    }
}
