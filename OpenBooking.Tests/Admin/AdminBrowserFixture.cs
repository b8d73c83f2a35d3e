using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NodaTime;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Calendar;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Data.WebApp;
using OpenBooking.Web.Chat;
using static Microsoft.Playwright.Assertions;

namespace OpenBooking.Tests.Admin;

/// <summary>
/// The app on a real port with a headless Chromium for dashboard tests, on the chat tests' clock (Wednesday
/// 10 June 2026, 10:00 in Brussels) and an English browser. <see cref="BrowserFixture.SeedAsync"/> arranges the data
/// a class needs.
/// </summary>
public abstract class AdminBrowserFixture : BrowserFixture
{
    protected override IEnumerable<string> BrowserArguments => ["--lang=en-GB"];

    /// <summary>Where a screenshot goes: <c>OpenBooking.Tests/TestResults/screenshots/admin-{name}.png</c>.</summary>
    public static string Shot(string name) => Path.Combine(ScreenshotDirectory, $"admin-{name}.png");

    /// <summary>Waits until the dashboard's circuit is live (the layout marks itself ready).</summary>
    public static Task WaitUntilReadyAsync(IPage page) => Expect(page.Locator("main[data-ready=true]")).ToBeVisibleAsync();
}

/// <summary>A fresh app with no admin: the first-run setup.</summary>
public sealed class FirstRunFixture : AdminBrowserFixture;

/// <summary>
/// An app with an admin, two services, bookings today and in the coming days, and a few conversations, so
/// that every dashboard page has something to show.
/// </summary>
public sealed class DashboardFixture : AdminBrowserFixture
{
    public const string Email = "owner@example.com";

    protected override async Task SeedAsync(AppHost app)
    {
        var services = app.Services;
        await AdminForms.CreateAdminAsync(services, Email);

        await new ServiceBuilder().Named("Consultation").Described("A short first talk").Lasting(30).StartingEvery(30).SortedAt(1).SaveAsync(app);

        var bookings = services.GetRequiredService<BookingService>();
        var consultation = (await services.GetRequiredService<ServiceCatalog>().FindAsync("Consultation"))!.Id;
        (string Email, LocalDateTime Start, Guid? Service)[] seed =
        [
            ("anna.peeters@example.com", new(2026, 6, 10, 14, 0), null),
            ("marc@example.org", new(2026, 6, 10, 16, 0), consultation),
            ("john@example.com", new(2026, 6, 11, 9, 0), null),
            ("sofia.rossi@example.it", new(2026, 6, 11, 11, 0), consultation),
            ("li.wei@example.cn", new(2026, 6, 11, 15, 0), null),
            ("emma@example.be", new(2026, 6, 12, 10, 0), null),
            ("noah@example.nl", new(2026, 6, 15, 13, 0), null),
        ];
        foreach (var (email, start, service) in seed)
        {
            await bookings.CreateAsync(email, start, serviceId: service);
        }

        var conversations = services.GetRequiredService<ConversationStore>();
        await SeedConversationAsync(conversations,
            ("I want to book an appointment tomorrow at 15:00", "Please provide your email for verification."),
            ("li.wei@example.cn", "I sent a 6-digit code to li.wei@example.cn. Please type it here."),
            ("481 902", "Verified! I found a free slot from 15:00 to 16:00 tomorrow (Thursday 11 June). Shall I book it?"),
            ("yes please", "Your appointment is confirmed from 15:00 to 16:00 tomorrow (Thursday 11 June)."));
        await SeedConversationAsync(conversations,
            ("hi, are you open on saturday?", "We are closed on Saturdays. Would another day suit you?"));
        await SeedConversationAsync(conversations,
            ("can I move my appointment to friday morning", "Sure. What is the email you booked with?"),
            ("emma@example.be", "I sent a 6-digit code to emma@example.be. Please type it here."));
    }

    private static async Task SeedConversationAsync(ConversationStore store, params (string Customer, string Agent)[] turns)
    {
        var id = Guid.NewGuid();
        await store.CreateAsync(id, "Hello! I can book, move or cancel an appointment for you. What would you like to do?");
        foreach (var (customer, agent) in turns)
        {
            await store.AppendAsync(id, [(MessageAuthor.Customer, customer), (MessageAuthor.Agent, agent)], agentState: null);
        }
    }

    /// <summary>Signs in through the login page and waits for the dashboard.</summary>
    public static async Task SignInAsync(IPage page, string? returnPath = null)
    {
        await page.GotoAsync(returnPath is null ? "/admin/login" : $"/admin/login?returnUrl={Uri.EscapeDataString(returnPath)}");
        await page.GetByLabel("Email").FillAsync(Email);
        await page.GetByLabel("Password").FillAsync(AdminForms.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await WaitUntilReadyAsync(page);
    }
}
