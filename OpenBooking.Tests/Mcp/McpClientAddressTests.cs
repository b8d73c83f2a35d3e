using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Email;
using OpenBooking.Tools.Mcp;

namespace OpenBooking.Tests.Mcp;

/// <summary>Over HTTP the one-time code limits count by the connection's address, whatever the client claims.</summary>
public sealed class McpClientAddressTests(McpWebHost host) : IClassFixture<McpWebHost>
{
    [Theory]
    [InlineData("2025-11-25")]
    [InlineData(null)]
    public async Task SendEmailOtp_ClientAddressInMeta_IgnoredForTheConnectionsAddress(string? protocolVersion)
    {
        await using var client = await host.ConnectAsync(protocolVersion);
        var email = $"spoof-{protocolVersion ?? "stateless"}@example.com";

        var result = await client.CallToolAsync("send_email_otp", new Dictionary<string, object?> { ["email"] = email }, progress: null,
            new RequestOptions { Meta = new JsonObject { [ToolCaller.ClientAddressMetaKey] = "198.51.100.99" } });

        Assert.True(result.Structured<OtpSentResult>().Sent);
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<OpenBookingDbContext>>().CreateDbContextAsync();
        var entry = await db.OtpAuditEntries.SingleAsync(e => e.Email == email);
        Assert.Equal("127.0.0.1", entry.ClientAddress);
    }
}
