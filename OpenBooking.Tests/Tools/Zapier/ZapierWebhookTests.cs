using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using NodaTime;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Events;
using OpenBooking.Tools.Notifications;
using OpenBooking.Tools.Zapier;

namespace OpenBooking.Tests.Tools.Zapier;

/// <summary>Booking events delivered to Catch Hooks on a real loopback receiver, through the real outbox.</summary>
public sealed class ZapierWebhookTests : IAsyncLifetime
{
    private const string Secret = "test-signing-secret";
    private HookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await HookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    private Dictionary<string, string?> Settings() => new()
    {
        ["Zapier:SigningSecret"] = Secret,
        ["Zapier:Webhooks:BookingCreated"] = _receiver.Url("hooks/catch/123/created"),
        ["Zapier:Webhooks:BookingCancelled"] = _receiver.Url("hooks/catch/123/cancelled"),
    };

    private static string ExpectedSignature(string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(body)));

    [Fact]
    public async Task Dispatch_BookingCreated_ArrivesSignedWithEventIdAndBooking()
    {
        await using var host = await ToolsTestHost.StartAsync(settings: TestSettings.Notifications().With(Settings()));
        var booking = await new BookingBuilder().For("anna@example.com").At(new LocalDateTime(2026, 3, 30, 15, 0)).SaveAsync(host);

        var result = await host.Dispatcher().DispatchDueAsync();

        Assert.Equal(new DispatchResult(1, 0), result);
        var hook = Assert.Single(_receiver.Requests);
        Assert.Equal("/hooks/catch/123/created", hook.Path);
        Assert.Equal(ExpectedSignature(hook.Body), hook.Header("X-OpenBooking-Signature"));
        Assert.Equal("booking.created", hook.Header("X-OpenBooking-Event-Type"));
        using var json = JsonDocument.Parse(hook.Body);
        var root = json.RootElement;
        Assert.Equal(hook.Header("X-OpenBooking-Event-Id"), root.GetProperty("id").GetString());
        Assert.True(Guid.TryParse(root.GetProperty("id").GetString(), out _));
        Assert.Equal("booking.created", root.GetProperty("type").GetString());
        Assert.Equal("2026-03-27T10:00:00+01:00", root.GetProperty("occurredAt").GetString());
        var sent = root.GetProperty("booking");
        Assert.Equal(booking.Id.ToString(), sent.GetProperty("id").GetString());
        Assert.Equal("confirmed", sent.GetProperty("status").GetString());
        Assert.Equal("Haircut", sent.GetProperty("service").GetString());
        Assert.Equal("anna@example.com", sent.GetProperty("customer").GetProperty("email").GetString());
        Assert.Equal("2026-03-30T15:00:00+02:00", sent.GetProperty("start").GetString());
        Assert.Equal("2026-03-30T16:00:00+02:00", sent.GetProperty("end").GetString());
        Assert.Equal("Europe/Brussels", sent.GetProperty("timeZone").GetString());
        Assert.Equal($"{TestSettings.PublicBaseUrl}/booking/{booking.ManageToken}", sent.GetProperty("manageUrl").GetString());
        var delivery = Assert.Single(await host.Get<WebhookDeliveries>().ListAsync());
        Assert.Equal(WebhookDeliveryStatus.Delivered, delivery.Status);
        Assert.Equal(200, delivery.LastStatusCode);
        Assert.DoesNotContain("hooks/catch", delivery.Url);
    }

    [Fact]
    public async Task Dispatch_EventTypeWithoutHook_PostsNothingForIt()
    {
        await using var host = await ToolsTestHost.StartAsync(settings: TestSettings.Notifications().With(Settings()));
        var booking = await new BookingBuilder().SaveAsync(host);
        await host.MoveAsync(booking.Id, new LocalDateTime(2026, 3, 31, 10, 0));
        await host.CancelAsync(booking.Id);

        var result = await host.Dispatcher().DispatchDueAsync();

        Assert.Equal(new DispatchResult(3, 0), result);
        Assert.Equal(["booking.created", "booking.cancelled"], _receiver.Requests.Select(r => r.Header("X-OpenBooking-Event-Type")));
        Assert.Equal(2, (await host.Get<WebhookDeliveries>().ListAsync()).Count);
    }

    [Fact]
    public async Task Dispatch_ReceiverFailsTwiceAndAppRestarts_DeliversOncePerEventId()
    {
        var shared = TempFolder.Create();
        var clock = TestClock.At("2026-03-27T10:00");
        try
        {
            _receiver.FailNext(2);
            await using (var first = await ToolsTestHost.StartAsync(clock, TestSettings.Notifications().With(Settings()), dataDirectory: shared))
            {
                await new BookingBuilder().SaveAsync(first);
                Assert.Equal(new DispatchResult(0, 1), await first.Dispatcher().DispatchDueAsync());
                clock.Advance(OutboxDispatcher.BackoffAfter(1));
                Assert.Equal(new DispatchResult(0, 1), await first.Dispatcher().DispatchDueAsync());
                var failed = Assert.Single(await first.Get<WebhookDeliveries>().ListAsync());
                Assert.Equal(WebhookDeliveryStatus.Failed, failed.Status);
                Assert.Equal(500, failed.LastStatusCode);
            }

            await using var second = await ToolsTestHost.StartAsync(clock, TestSettings.Notifications().With(Settings()), dataDirectory: shared);
            Assert.Equal(new DispatchResult(0, 0), await second.Dispatcher().DispatchDueAsync());
            clock.Advance(OutboxDispatcher.BackoffAfter(2));
            Assert.Equal(new DispatchResult(1, 0), await second.Dispatcher().DispatchDueAsync());
            clock.Advance(Duration.FromHours(10));
            Assert.Equal(new DispatchResult(0, 0), await second.Dispatcher().DispatchDueAsync());

            Assert.Equal(3, _receiver.Requests.Count);
            Assert.Single(_receiver.Requests.Select(r => r.Header("X-OpenBooking-Event-Id")).Distinct());
            Assert.Single(_receiver.Accepted);
            Assert.Single(_receiver.Processed);
            Assert.All(_receiver.Requests, r => Assert.Equal(ExpectedSignature(r.Body), r.Header("X-OpenBooking-Signature")));
            var delivery = Assert.Single(await second.Get<WebhookDeliveries>().ListAsync());
            Assert.Equal(WebhookDeliveryStatus.Delivered, delivery.Status);
            Assert.Equal(3, delivery.Attempts);
            Assert.Null(delivery.LastError);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            TempFolder.Delete(shared);
        }
    }

    [Fact]
    public async Task Dispatch_SameEventHandledAgain_DoesNotPostTwice()
    {
        await using var host = await ToolsTestHost.StartAsync(settings: TestSettings.Notifications().With(Settings()));
        var booking = await new BookingBuilder().SaveAsync(host);
        await host.Dispatcher().DispatchDueAsync();
        var message = Assert.Single(await host.OutboxAsync());

        // As after a crash between the webhook and the outbox's own record: the handler sees the event again.
        var handler = host.Get<IEnumerable<IBookingEventHandler>>().OfType<ZapierWebhookHandler>().Single();
        await handler.HandleAsync(new BookingEvent(message.Id, message.Type, message.Sequence, message.OccurredAt, await host.BookingAsync(booking.Id)), default);

        Assert.Single(_receiver.Requests);
    }

    [Fact]
    public async Task Resend_DeliveredEvent_RepostsSameEventIdAndBody()
    {
        await using var host = await ToolsTestHost.StartAsync(settings: TestSettings.Notifications().With(Settings()));
        await new BookingBuilder().SaveAsync(host);
        await host.Dispatcher().DispatchDueAsync();
        var deliveries = host.Get<WebhookDeliveries>();
        var delivery = Assert.Single(await deliveries.ListAsync());

        var resent = await deliveries.ResendAsync(delivery.Id);

        Assert.Equal(2, _receiver.Requests.Count);
        var (original, again) = (_receiver.Requests.First(), _receiver.Requests.Last());
        Assert.Equal(original.Header("X-OpenBooking-Event-Id"), again.Header("X-OpenBooking-Event-Id"));
        Assert.Equal(original.Body, again.Body);
        Assert.Equal(ExpectedSignature(again.Body), again.Header("X-OpenBooking-Signature"));
        Assert.Single(_receiver.Processed);
        Assert.Equal(WebhookDeliveryStatus.Delivered, resent.Status);
        Assert.Equal(2, resent.Attempts);
    }

    [Fact]
    public async Task Resend_ReceiverDown_RecordsFailureWithoutThrowing()
    {
        await using var host = await ToolsTestHost.StartAsync(settings: TestSettings.Notifications().With(Settings()));
        _receiver.FailNext(1);
        await new BookingBuilder().SaveAsync(host);
        await host.Dispatcher().DispatchDueAsync();
        var deliveries = host.Get<WebhookDeliveries>();
        var failed = Assert.Single(await deliveries.ListAsync(status: WebhookDeliveryStatus.Failed));
        _receiver.FailNext(1);

        var resent = await deliveries.ResendAsync(failed.Id);

        Assert.Equal(WebhookDeliveryStatus.Failed, resent.Status);
        Assert.Equal(500, resent.LastStatusCode);
        Assert.Contains("500", resent.LastError);
        Assert.Empty(_receiver.Processed);
    }

    [Fact]
    public async Task Start_BadHookUrlOrDuplicateZapNames_FailsNamingTheKeys()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => ToolsTestHost.StartAsync(settings: TestSettings.Notifications().With(new Dictionary<string, string?>
        {
            ["Zapier:Webhooks:BookingCreated"] = "hooks.zapier.com/no-scheme",
            ["Zapier:Zaps:0:Name"] = "Newsletter",
            ["Zapier:Zaps:0:HookUrl"] = "https://hooks.zapier.com/hooks/catch/1/a",
            ["Zapier:Zaps:1:Name"] = "newsletter",
            ["Zapier:Zaps:1:HookUrl"] = "ftp://example.com/x",
        })));

        Assert.Contains("Zapier:Webhooks:BookingCreated", error.Message);
        Assert.Contains("Zapier:Zaps:1:Name", error.Message);
        Assert.Contains("Zapier:Zaps:1:HookUrl", error.Message);
    }
}
