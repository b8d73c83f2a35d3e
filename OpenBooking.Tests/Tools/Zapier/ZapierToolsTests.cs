using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Hosting;
using OpenBooking.Tools.Zapier;
using OpenBooking.Tools.Mcp;

namespace OpenBooking.Tests.Tools.Zapier;

/// <summary>The zapier tool server through the in-memory MCP client, posting to a real loopback receiver.</summary>
public sealed class ZapierToolsTests : IAsyncLifetime
{
    private const string Secret = "zap-secret";
    private HookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await HookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    private Dictionary<string, string?> Zaps() => new()
    {
        ["Zapier:SigningSecret"] = Secret,
        ["Zapier:Zaps:0:Name"] = "Add to newsletter",
        ["Zapier:Zaps:0:Description"] = "Adds a customer's email to the newsletter list.",
        ["Zapier:Zaps:0:HookUrl"] = _receiver.Url("hooks/newsletter"),
        ["Zapier:Zaps:1:Name"] = "Notify staff",
        ["Zapier:Zaps:1:Description"] = "Posts a message in the staff chat.",
        ["Zapier:Zaps:1:HookUrl"] = _receiver.Url("hooks/staff"),
    };

    private static Dictionary<string, object?> Args(string name, string payloadJson) => new()
    {
        ["name"] = name,
        ["payload"] = JsonDocument.Parse(payloadJson).RootElement,
    };

    [Fact]
    public async Task ListZaps_NoneConfigured_ReturnsEmptyAndSaysHowToAdd()
    {
        await using var host = await ToolsTestHost.StartAsync(settings: TestSettings.Notifications());

        var result = (await host.Get<InMemoryToolClients>().CallAsync("list_zaps", new Dictionary<string, object?>())).Structured<ZapsResult>();

        Assert.Empty(result.Zaps);
        Assert.Contains("Zapier:Zaps", result.Note);
    }

    [Fact]
    public async Task ListZaps_Configured_ReturnsNamesAndDescriptions()
    {
        await using var host = await ToolsTestHost.StartAsync(settings: TestSettings.Notifications().With(Zaps()));

        var result = (await host.Get<InMemoryToolClients>().CallAsync("list_zaps", new Dictionary<string, object?>())).Structured<ZapsResult>();

        Assert.Equal(
            [new ZapInfo("Add to newsletter", "Adds a customer's email to the newsletter list."), new ZapInfo("Notify staff", "Posts a message in the staff chat.")],
            result.Zaps);
        Assert.Null(result.Note);
    }

    [Fact]
    public async Task TriggerZap_KnownZap_PostsSignedPayloadAndReturnsStatus()
    {
        await using var host = await ToolsTestHost.StartAsync(settings: TestSettings.Notifications().With(Zaps()));

        var call = await host.Get<InMemoryToolClients>().CallAsync("trigger_zap", Args("notify staff", """{"message":"VIP arriving","room":2}"""));

        var result = call.Structured<ZapTriggerResult>();
        Assert.Equal(new ZapTriggerResult("Notify staff", result.EventId, true, 200, result.DeliveryId), result);
        var hook = Assert.Single(_receiver.Requests);
        Assert.Equal("/hooks/staff", hook.Path);
        using var body = JsonDocument.Parse(hook.Body);
        Assert.Equal("VIP arriving", body.RootElement.GetProperty("message").GetString());
        Assert.Equal(2, body.RootElement.GetProperty("room").GetInt32());
        Assert.Equal(result.EventId, hook.Header("X-OpenBooking-Event-Id"));
        Assert.Equal("zap.triggered", hook.Header("X-OpenBooking-Event-Type"));
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(hook.Body)));
        Assert.Equal(expected, hook.Header("X-OpenBooking-Signature"));
        var delivery = Assert.Single(await host.Get<WebhookDeliveries>().ListAsync());
        Assert.Equal(("Notify staff", WebhookDeliveryStatus.Delivered), (delivery.ZapName, delivery.Status));
    }

    [Fact]
    public async Task TriggerZap_UnknownName_ErrorListsTheZaps()
    {
        await using var host = await ToolsTestHost.StartAsync(settings: TestSettings.Notifications().With(Zaps()));

        var call = await host.Get<InMemoryToolClients>().CallAsync("trigger_zap", Args("Send invoice", "{}"));

        Assert.True(call.IsError);
        Assert.Contains("Add to newsletter, Notify staff", call.ErrorText());
        Assert.Empty(_receiver.Requests);
    }

    [Fact]
    public async Task TriggerZap_ReceiverFails_ErrorSaysSoAndDeliveryCanBeResent()
    {
        await using var host = await ToolsTestHost.StartAsync(settings: TestSettings.Notifications().With(Zaps()));
        _receiver.FailNext(1);

        var call = await host.Get<InMemoryToolClients>().CallAsync("trigger_zap", Args("Add to newsletter", """{"email":"anna@example.com"}"""));

        Assert.True(call.IsError);
        Assert.Contains("500", call.ErrorText());
        var deliveries = host.Get<WebhookDeliveries>();
        var failed = Assert.Single(await deliveries.ListAsync());
        Assert.Equal(WebhookDeliveryStatus.Failed, failed.Status);
        var resent = await deliveries.ResendAsync(failed.Id);
        Assert.Equal(WebhookDeliveryStatus.Delivered, resent.Status);
        Assert.Equal(failed.EventId, Assert.Single(_receiver.Processed).Key);
    }
}
