using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Email;
using OpenBooking.Web.Chat;

namespace OpenBooking.Tests.Tools.Data;

/// <summary>The whole web app on PostgreSQL, two instances on one database (as behind a load balancer).</summary>
public sealed class PostgreSqlWebAppTests
{
    [Fact]
    public async Task Conversation_StartedOnOneInstance_ContinuesOnTheOtherThroughTheCode()
    {
        var settings = await PostgreSqlServer.SettingsAsync();
        await using var first = new AppHost(settings: settings);
        await using var second = new AppHost(settings: settings);
        var id = Guid.NewGuid();

        await first.Get<ChatService>().SendAsync(id, "Show my bookings");
        var sent = await second.Get<ChatService>().SendAsync(id, "ann@example.com");
        var code = second.Get<PickupMailbox>().LatestCode("ann@example.com");
        var verified = await first.Get<ChatService>().SendAsync(id, code);

        Assert.Contains("sent a 6-digit code to ann@example.com", sent.Replies[0].Text);
        Assert.Contains("verified", verified.Replies[0].Text, StringComparison.OrdinalIgnoreCase);
        var transcript = (await second.Get<ChatService>().OpenAsync(id)).Messages.Select(m => m.Text).ToList();
        Assert.Equal(["Show my bookings", "ann@example.com", "••••••"], transcript.Where((_, i) => i % 2 == 1).Take(3));
    }

    [Fact]
    public async Task TurnLock_HeldByOneInstance_TheOtherWaitsUntilItIsReleased()
    {
        var settings = await PostgreSqlServer.SettingsAsync();
        await using var first = new AppHost(settings: settings);
        await using var second = new AppHost(settings: settings);
        var id = Guid.NewGuid();
        var other = Guid.NewGuid();

        var held = await first.Get<ConversationTurnLock>().EnterAsync(id);
        var waiting = second.Get<ConversationTurnLock>().EnterAsync(id);
        await using (await second.Get<ConversationTurnLock>().EnterAsync(other).WaitAsync(TimeSpan.FromSeconds(30)))
        {
            // Another conversation is not held up.
        }
        Assert.False(waiting.IsCompleted);

        await held.DisposeAsync();

        await using var _ = await waiting.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task ManageLink_MadeOnOneInstance_OpensOnTheOther()
    {
        var settings = await PostgreSqlServer.SettingsAsync();
        await using var first = new AppHost(settings: settings);
        await using var second = new AppHost(settings: settings);
        var booking = await first.Get<OpenBooking.Tools.Calendar.BookingService>().CreateAsync("ann@example.com", new NodaTime.LocalDateTime(2026, 6, 11, 15, 0));

        using var client = second.CreateClient();
        var page = await client.GetAsync($"/booking/{Uri.EscapeDataString(booking.ManageToken)}");

        Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("ann@example.com", html);
        Assert.Contains("Thursday 11 June 2026", html);
    }
}
