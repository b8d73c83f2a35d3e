using Microsoft.EntityFrameworkCore;
using ModelContextProtocol.Client;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Data;

namespace OpenBooking.Tests.Hosting;

/// <summary>Behind a reverse proxy: code limits count the customer's address, only when the proxy is a known one.</summary>
public sealed class ProxyHeadersTests
{
    [Theory]
    [InlineData("127.0.0.1", "203.0.113.9")]
    [InlineData(null, "127.0.0.1")]
    public async Task SendCode_ThroughAProxy_IsCountedByTheForwardedAddressOnlyWhenTheProxyIsKnown(string? knownProxy, string expected)
    {
        await using var app = new AppHost().WithSetting("Mcp:ApiKeys:0", "proxy-test-key").WithSetting("ForwardedHeaders:KnownProxies:0", knownProxy);
        app.StartOnKestrel();
        await using var client = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(app.ServerAddress, "/mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string>
            {
                ["Authorization"] = "Bearer proxy-test-key",
                ["X-Forwarded-For"] = "203.0.113.9",
            },
        }));

        await client.CallToolAsync("send_email_otp", new Dictionary<string, object?> { ["email"] = "ann@example.com" });

        var entry = await app.WithDbAsync(db => db.OtpAuditEntries.SingleAsync());
        Assert.Equal(expected, entry.ClientAddress);
    }

    [Fact]
    public void Start_ProxyThatIsNotAnAddress_StopsNamingTheSetting()
    {
        using var app = new AppHost().WithSetting("ForwardedHeaders:KnownNetworks:0", "the office");

        var error = Assert.ThrowsAny<Exception>(() => app.Server);

        Assert.Contains("ForwardedHeaders:KnownNetworks:0 'the office' is not a network", error.ToString());
    }
}
