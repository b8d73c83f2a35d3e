using Microsoft.Extensions.Logging;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Diagnostics;
using OpenBooking.Tools.Email;
using OpenBooking.Tools.Hosting;

namespace OpenBooking.Tests.Tools.Diagnostics;

/// <summary>The SDK's message tracing (whole JSON-RPC messages with codes and tokens) stays off whatever the settings say.</summary>
public sealed class McpLogCapTests
{
    [Fact]
    public async Task VerifyCode_SettingsAskForMcpTrace_NoLogLineHoldsTheCodeButOtherLogsStay()
    {
        await using var host = await ToolsTestHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Logging:LogLevel:ModelContextProtocol"] = "Trace",
            ["Logging:LogLevel:ModelContextProtocol.Client.McpClient"] = "Trace",
        });
        var clients = host.Get<InMemoryToolClients>();
        await clients.CallAsync("send_email_otp", new Dictionary<string, object?> { ["email"] = "ann@example.com" });
        var code = host.Get<PickupMailbox>().LatestCode("ann@example.com");

        await clients.CallAsync("verify_email_otp", new Dictionary<string, object?> { ["email"] = "ann@example.com", ["code"] = code });

        Assert.DoesNotContain(host.Logs.Lines, line => line.Contains(code, StringComparison.Ordinal));
        Assert.DoesNotContain(host.Logs.Lines, line => line.StartsWith("Trace ModelContextProtocol", StringComparison.Ordinal)
            || line.StartsWith("Debug ModelContextProtocol", StringComparison.Ordinal));
        Assert.Contains(host.Logs.Lines, line => line.StartsWith("Trace ", StringComparison.Ordinal) || line.StartsWith("Debug ", StringComparison.Ordinal));
    }

    [Fact]
    public void Apply_RulesBelowInformation_AreRaisedOnlyForTheSdk()
    {
        var options = new LoggerFilterOptions { MinLevel = LogLevel.Trace };
        options.Rules.Add(new LoggerFilterRule(null, "ModelContextProtocol.Server", LogLevel.Debug, null));
        options.Rules.Add(new LoggerFilterRule(null, "OpenBooking", LogLevel.Trace, null));
        options.Rules.Add(new LoggerFilterRule(null, "ModelContextProtocol.Client", LogLevel.Warning, null));

        McpLogCap.Apply(options);

        Assert.Equal(
            ["ModelContextProtocol.Server:Information", "OpenBooking:Trace", "ModelContextProtocol.Client:Warning", "ModelContextProtocol:Information"],
            options.Rules.Select(r => $"{r.CategoryName}:{r.LogLevel}"));
    }
}
