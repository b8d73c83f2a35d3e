using OpenBooking.Tests.TestSupport;
using OpenBooking.Web.Health;

namespace OpenBooking.Tests.Health;

public sealed class HealthCheckCommandTests
{
    [Fact]
    public async Task Run_AgainstARunningInstance_ExitsZero()
    {
        await using var app = new AppHost();
        app.StartOnKestrel();
        var output = new StringWriter();

        var exit = await HealthCheckCommand.RunAsync([new Uri(app.ServerAddress, "/healthz").ToString()], output);

        Assert.Equal(0, exit);
        Assert.EndsWith("/healthz: 200", output.ToString().Trim());
    }

    [Theory]
    [InlineData("/no-such-page")]
    [InlineData(null)]
    public async Task Run_NotHealthyOrNotListening_ExitsOne(string? path)
    {
        await using var app = new AppHost();
        app.StartOnKestrel();
        // A port nobody listens on: a fresh listener's port, released before the check.
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var closedPort = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var url = path is null ? $"http://127.0.0.1:{closedPort}/healthz" : new Uri(app.ServerAddress, path).ToString();

        Assert.Equal(1, await HealthCheckCommand.RunAsync([url], new StringWriter()));
    }
}
