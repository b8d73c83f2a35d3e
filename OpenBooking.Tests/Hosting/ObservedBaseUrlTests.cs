using Microsoft.Extensions.Options;
using NodaTime;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Business;
using OpenBooking.Tools.Calendar;
using OpenBooking.Tools.Email;
using OpenBooking.Tools.Notifications;

namespace OpenBooking.Tests.Hosting;

/// <summary>
/// Links in emails are absolute even when Business:PublicBaseUrl is not set: the web app remembers the address its pages
/// are opened at (never a health probe, never the server's own loopback in Production), and the outbox uses it.
/// </summary>
public sealed class ObservedBaseUrlTests
{
    private static string? LinkBase(AppHost app) => app.Get<IOptionsMonitor<BusinessOptions>>().CurrentValue.LinkBaseUrl;

    private static HttpClient Browser(AppHost app, string baseAddress)
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri(baseAddress) });
        return client;
    }

    [Fact]
    public async Task OpenTheChat_WithoutPublicBaseUrl_ConfirmationEmailLinksToThatAddress()
    {
        await using var app = new AppHost(environment: "Production", settings: new TestSettings().WithoutBackgroundWork());
        using var browser = Browser(app, "https://book.example.com");

        (await browser.GetAsync("/")).EnsureSuccessStatusCode();
        var booking = await app.Get<BookingService>().CreateAsync("ann@example.com", new LocalDateTime(2026, 6, 11, 15, 0));
        await app.Get<OutboxDispatcher>().DispatchDueAsync();

        Assert.Equal("https://book.example.com", LinkBase(app));
        var confirmation = app.Get<PickupMailbox>().ReadNewest().First(m => m.To.Contains("ann@example.com", StringComparison.Ordinal));
        Assert.Contains($"https://book.example.com/booking/{Uri.EscapeDataString(booking.ManageToken)}", confirmation.TextBody);
        Assert.DoesNotContain("open the link in your chat", confirmation.TextBody);
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/mcp")]
    public async Task OnlyAProbeOrAnApiCall_RemembersNoAddress(string path)
    {
        await using var app = new AppHost(environment: "Production");
        using var browser = Browser(app, "https://book.example.com");

        await browser.GetAsync(path);

        Assert.Null(LinkBase(app));
    }

    [Fact]
    public async Task OpenedFromTheServerItselfInProduction_RemembersNoAddress()
    {
        await using var app = new AppHost(environment: "Production");
        using var browser = Browser(app, "http://localhost");

        (await browser.GetAsync("/")).EnsureSuccessStatusCode();

        Assert.Null(LinkBase(app));
    }

    [Fact]
    public async Task PublicBaseUrlSet_IsWhatLinksUse()
    {
        await using var app = new AppHost(environment: "Production", settings: new TestSettings().With("Business:PublicBaseUrl", "https://www.example.org/book"));
        using var browser = Browser(app, "https://internal.example.com");

        (await browser.GetAsync("/")).EnsureSuccessStatusCode();

        Assert.Equal("https://www.example.org/book", LinkBase(app));
        Assert.Null(app.Get<IOptionsMonitor<BusinessOptions>>().CurrentValue.ObservedBaseUrl);
    }
}
