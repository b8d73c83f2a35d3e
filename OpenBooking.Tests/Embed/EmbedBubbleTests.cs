using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;
using OpenBooking.Tests.Admin;
using OpenBooking.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace OpenBooking.Tests.Embed;

/// <summary>
/// The app with an admin, and a business website on another origin (http://localhost:port, the app being on
/// 127.0.0.1) that is the only site listed in Business:EmbedOrigins.
/// </summary>
public sealed class EmbedFixture : AdminBrowserFixture
{
    private WebApplication? _site;

    /// <summary>The business's own website: a page with a link and the one script line from the dashboard.</summary>
    public Uri SiteAddress { get; private set; } = null!;

    protected override async Task<IReadOnlyDictionary<string, string?>?> SettingsAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _site = builder.Build();
        _site.MapGet("/", () => Results.Content($"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Studio Noord</title></head>
            <body>
              <main><h1>Studio Noord</h1><p>Haircuts in the north of town.</p><a href="#prices">Prices</a></main>
              <script src="{BaseAddress}embed.js" async></script>
            </body>
            </html>
            """, "text/html"));
        await _site.StartAsync();
        SiteAddress = new Uri(new Uri(_site.Urls.First()).ToString().Replace("127.0.0.1", "localhost", StringComparison.Ordinal));
        return new Dictionary<string, string?> { ["Business:EmbedOrigins:0"] = SiteAddress.GetLeftPart(UriPartial.Authority) };
    }

    protected override Task SeedAsync(AppHost app) => AdminForms.CreateAdminAsync(app.Services, DashboardFixture.Email);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_site is not null)
        {
            await _site.DisposeAsync();
        }
    }
}

/// <summary>
/// The chat bubble on a business's website in a real browser: opened and used with the keyboard, closed with Escape from
/// inside the frame, the conversation kept across page loads; and the dashboard card that gives the script line.
/// </summary>
public sealed class EmbedBubbleTests(EmbedFixture fixture) : IClassFixture<EmbedFixture>
{
    private const string Title = "Chat with OpenBooking";

    private static ILocator Bubble(IPage page) => page.GetByRole(AriaRole.Button, new() { Name = Title });

    private static IFrameLocator Chat(IPage page) => page.FrameLocator($"iframe[title='{Title}']");

    private static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotDirectory, $"embed-{name}.png");

    [Fact]
    public async Task Bubble_OpenWithKeyboardChatEscapeAndReload_KeepsTheConversationAndFocus()
    {
        await using var context = await fixture.NewDesktopContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(fixture.SiteAddress.ToString());
        var bubble = Bubble(page);
        await Expect(bubble).ToHaveAttributeAsync("aria-expanded", "false");

        // Tab past the site's own link to the bubble; Enter opens the panel and focus lands in the message box.
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Tab");
        await Expect(bubble).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(bubble).ToHaveAttributeAsync("aria-expanded", "true");
        var panel = page.GetByRole(AriaRole.Dialog, new() { Name = Title });
        await Expect(panel).ToBeVisibleAsync();
        var chat = Chat(page);
        await Expect(chat.Locator("[data-ready=true]")).ToBeVisibleAsync();
        var message = chat.GetByLabel("Message", new() { Exact = true });
        await Expect(message).ToBeFocusedAsync();
        await Expect(chat.Locator(".chat-header")).ToHaveCountAsync(0);

        // Typing and Enter send, as on the chat page.
        var agent = chat.GetByRole(AriaRole.Log).Locator("[data-author=agent]");
        await Expect(agent).ToHaveCountAsync(1);
        await page.Keyboard.TypeAsync("are you open on saturday?");
        await page.Keyboard.PressAsync("Enter");
        await Expect(chat.GetByRole(AriaRole.Log).Locator("[data-author=customer]")).ToContainTextAsync("are you open on saturday?");
        await Expect(agent).ToHaveCountAsync(2);
        await page.ScreenshotAsync(new() { Path = Shot("open-desktop") });
        await page.AssertNoSeriousViolationsAsync("business website with the chat open");

        // Escape inside the frame closes the panel and gives focus back to the bubble.
        await Expect(message).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(panel).ToBeHiddenAsync();
        await Expect(bubble).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(bubble).ToBeFocusedAsync();

        // The next page load on the site continues the same conversation.
        await page.ReloadAsync();
        await Bubble(page).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(Chat(page).Locator("[data-ready=true]")).ToBeVisibleAsync();
        await Expect(Chat(page).GetByRole(AriaRole.Log).Locator("[data-author=customer]")).ToContainTextAsync("are you open on saturday?");
        await Expect(Chat(page).GetByRole(AriaRole.Log).Locator("[data-author=agent]")).ToHaveCountAsync(2);

        // The close button closes it too, again returning focus.
        await page.GetByRole(AriaRole.Button, new() { Name = "Close chat" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToBeHiddenAsync();
        await Expect(Bubble(page)).ToBeFocusedAsync();
    }

    [Theory]
    [InlineData(ColorScheme.Light)]
    [InlineData(ColorScheme.Dark)]
    public async Task Bubble_OnAPhone_FillsTheScreenWithoutSidewaysScrolling(ColorScheme scheme)
    {
        await using var context = await fixture.NewPhoneContextAsync();
        var page = await context.NewPageAsync();
        await page.EmulateMediaAsync(new() { ColorScheme = scheme });
        await page.GotoAsync(fixture.SiteAddress.ToString());
        await page.ScreenshotAsync(new() { Path = Shot($"closed-phone-{scheme}".ToLowerInvariant()) });

        await Bubble(page).TapAsync();
        await Expect(Chat(page).Locator("[data-ready=true]")).ToBeVisibleAsync();
        var panel = await page.GetByRole(AriaRole.Dialog, new() { Name = Title }).BoundingBoxAsync();
        Assert.Equal(390, panel!.Width, 1);
        Assert.Equal(0, await page.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth"));
        await page.ScreenshotAsync(new() { Path = Shot($"open-phone-{scheme}".ToLowerInvariant()) });
        await page.AssertNoSeriousViolationsAsync($"business website with the chat open on a phone ({scheme})");
    }

    [Fact]
    public async Task Overview_EmbedCard_ShowsTheScriptLineAndCopiesIt()
    {
        await using var context = await fixture.NewDesktopContextAsync();
        await context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        var page = await context.NewPageAsync();
        await DashboardFixture.SignInAsync(page);

        var card = page.GetByRole(AriaRole.Region, new() { Name = "Chat on your website" });
        var line = $"""<script src="{fixture.BaseAddress}embed.js" async></script>""";
        await Expect(card.GetByLabel("Website snippet")).ToHaveTextAsync(line);
        await Expect(card).ToContainTextAsync(fixture.SiteAddress.GetLeftPart(UriPartial.Authority));
        await card.GetByRole(AriaRole.Button, new() { Name = "Copy" }).ClickAsync();
        await Expect(card.GetByRole(AriaRole.Status)).ToHaveTextAsync("Copied");
        Assert.Equal(line, await page.EvaluateAsync<string>("navigator.clipboard.readText()"));
        await card.ScreenshotAsync(new() { Path = Shot("overview-card-desktop") });
        await card.AssertNoSeriousViolationsAsync("website snippet card");
    }

    [Theory]
    [InlineData(ColorScheme.Light)]
    [InlineData(ColorScheme.Dark)]
    public async Task Overview_EmbedCardOnAPhone_NoSidewaysScrolling(ColorScheme scheme)
    {
        await using var context = await fixture.NewPhoneContextAsync();
        var page = await context.NewPageAsync();
        await page.EmulateMediaAsync(new() { ColorScheme = scheme });
        await DashboardFixture.SignInAsync(page);

        var card = page.GetByRole(AriaRole.Region, new() { Name = "Chat on your website" });
        await Expect(card.GetByLabel("Website snippet")).ToContainTextAsync("embed.js");
        Assert.Equal(0, await page.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth"));
        await card.ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new() { Path = Shot($"overview-card-phone-{scheme}".ToLowerInvariant()) });
        await card.AssertNoSeriousViolationsAsync($"website snippet card on a phone ({scheme})");
    }
}
