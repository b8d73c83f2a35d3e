using OpenBooking.Tests.TestSupport;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OpenBooking.Tests.EndToEnd;

/// <summary>
/// A customer books through the chat in a real browser: the agent asks for an email, the code arrives in the
/// development mailbox, the booking is confirmed with a link, and the manage page shows and cancels it.
/// Screenshots of every page (desktop and phone) land in <see cref="ChatAppFixture.ScreenshotDirectory"/>.
/// </summary>
public sealed partial class ChatBookingTests(ChatAppFixture fixture) : IClassFixture<ChatAppFixture>
{
    [Fact]
    public async Task BookThroughChat_VerifiedCustomer_ConfirmsAndManagesBooking()
    {
        await using var desktop = await fixture.NewDesktopContextAsync();
        var chat = new ChatPageModel(await desktop.NewPageAsync());
        await chat.OpenAsync();
        await Expect(chat.AgentMessages.First).ToContainTextAsync("Hello");
        await Expect(chat.SendButton).ToBeDisabledAsync();

        await chat.SendAsync("I want to book an appointment tomorrow at 15:00");
        await chat.ExpectLastAgentMessageAsync($"I found a free slot from 15:00 to 16:00 {ChatAppFixture.Tomorrow}. Book it?");
        await chat.SendAsync("yes");
        await chat.ExpectLastAgentMessageAsync("Please provide your email for verification.");

        await chat.SendWithEnterAsync("john@example.com");
        await chat.ExpectLastAgentMessageAsync("john@example.com");

        var mailbox = await desktop.NewPageAsync();
        await mailbox.GotoAsync("/dev/mailbox");
        var newest = mailbox.GetByRole(AriaRole.Article).First;
        await Expect(newest).ToContainTextAsync("john@example.com");
        var code = OtpCodes.In(await newest.Locator("pre").InnerTextAsync());
        Assert.Matches(@"^\d{6}$", code);
        await mailbox.ScreenshotAsync(new() { Path = Shot("mailbox-desktop.png"), FullPage = true });

        await chat.SendCodeAsync(code);
        await chat.ExpectLastAgentMessageAsync($"Verified! Your appointment is confirmed from 15:00 to 16:00 {ChatAppFixture.Tomorrow}");
        var manage = chat.AgentMessages.Last.GetByRole(AriaRole.Link, new() { Name = "Manage your booking" });
        await Expect(manage).ToHaveAttributeAsync("href", ManageHref());
        await Expect(chat.AgentMessages.Last.GetByRole(AriaRole.Link, new() { Name = "Add to Google Calendar" }))
            .ToHaveAttributeAsync("href", new Regex("^https://calendar.google.com/"));
        await chat.Page.ScreenshotAsync(new() { Path = Shot("chat-desktop.png") });
        var manageUrl = (await manage.GetAttributeAsync("href"))!;

        await manage.ClickAsync();
        var booking = chat.Page;
        await Expect(booking).ToHaveURLAsync(new Regex(Regex.Escape(manageUrl) + "$"));
        await Expect(booking.GetByRole(AriaRole.Heading, new() { Name = "Your booking" })).ToBeVisibleAsync();
        await Expect(booking.GetByRole(AriaRole.Main)).ToContainTextAsync("Thursday 11 June 2026");
        await Expect(booking.GetByRole(AriaRole.Main)).ToContainTextAsync("15:00 – 16:00");
        await Expect(booking.GetByRole(AriaRole.Main)).ToContainTextAsync("Confirmed");
        await Expect(booking.GetByRole(AriaRole.Main)).ToContainTextAsync("john@example.com");
        await Expect(booking.GetByRole(AriaRole.Link, new() { Name = "Add to Google Calendar" })).ToHaveAttributeAsync("href", new Regex("^https://calendar.google.com/"));
        await booking.ScreenshotAsync(new() { Path = Shot("booking-desktop.png"), FullPage = true });

        var ics = await booking.APIRequest.GetAsync(manageUrl + "/ics");
        Assert.Equal(200, ics.Status);
        Assert.StartsWith("text/calendar", ics.Headers["content-type"]);
        var calendar = await ics.TextAsync();
        Assert.Contains("BEGIN:VCALENDAR\r\n", calendar);
        Assert.Contains("DTSTART;TZID=Europe/Brussels:20260611T150000\r\n", calendar);

        await TakePhoneScreenshotsAsync(desktop, manageUrl);

        await booking.GetByRole(AriaRole.Button, new() { Name = "Cancel booking" }).ClickAsync();
        await Expect(booking.GetByText("Cancel this appointment?")).ToBeVisibleAsync();
        await booking.ScreenshotAsync(new() { Path = Shot("booking-confirm-cancel-desktop.png"), FullPage = true });
        await booking.GetByRole(AriaRole.Button, new() { Name = "Yes, cancel booking" }).ClickAsync();
        await Expect(booking.GetByRole(AriaRole.Status)).ToContainTextAsync("Your booking is cancelled");
        await Expect(booking.GetByRole(AriaRole.Main)).ToContainTextAsync("Cancelled");
        await Expect(booking.GetByRole(AriaRole.Button, new() { Name = "Cancel booking" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task BookOnAClosedDay_HearsItIsClosedAndPicksANearTimeBeforeGivingAnEmail()
    {
        await using var desktop = await fixture.NewDesktopContextAsync();
        var chat = new ChatPageModel(await desktop.NewPageAsync());
        await chat.OpenAsync();

        await chat.SendAsync("Book me Sunday at 10:00");
        await chat.ExpectLastAgentMessageAsync("Sorry, 10:00 on Sunday 14 June is not available");
        await chat.ExpectLastAgentMessageAsync("Which one would you like?");
        await Expect(chat.AgentMessages.Last).Not.ToContainTextAsync("email");

        await chat.SendAsync("1");
        await chat.ExpectLastAgentMessageAsync("Please provide your email for verification.");
        await chat.SendAsync("sunday.customer@example.com");
        await chat.ExpectLastAgentMessageAsync("sunday.customer@example.com");

        var mailbox = await desktop.NewPageAsync();
        await mailbox.GotoAsync("/dev/mailbox");
        var newest = mailbox.GetByRole(AriaRole.Article).Filter(new() { HasText = "sunday.customer@example.com" }).First;
        var code = OtpCodes.In(await newest.Locator("pre").InnerTextAsync());

        await chat.SendCodeAsync(code);
        await chat.ExpectLastAgentMessageAsync("Verified! Your appointment is confirmed from 09:00 to 10:00 on Monday 15 June");
    }

    [Fact]
    public async Task Reload_AfterAMessage_ShowsTheSameTranscript()
    {
        await using var context = await fixture.NewDesktopContextAsync();
        var chat = new ChatPageModel(await context.NewPageAsync());
        await chat.OpenAsync();
        await chat.SendWithEnterAsync("hello, is anyone there?");
        var agentCount = await chat.AgentMessages.CountAsync();

        await chat.Page.ReloadAsync();
        await chat.WaitUntilReadyAsync();

        await Expect(chat.CustomerMessages).ToHaveCountAsync(1);
        await Expect(chat.CustomerMessages.First).ToContainTextAsync("hello, is anyone there?");
        await Expect(chat.AgentMessages).ToHaveCountAsync(agentCount);
    }

    [Fact]
    public async Task Open_NewBrowser_StartsItsOwnConversation()
    {
        await using var first = await fixture.NewDesktopContextAsync();
        var chat = new ChatPageModel(await first.NewPageAsync());
        await chat.OpenAsync();
        await chat.SendAsync("a message only this browser should see");

        await using var second = await fixture.NewDesktopContextAsync();
        var other = new ChatPageModel(await second.NewPageAsync());
        await other.OpenAsync();

        await Expect(other.AgentMessages).ToHaveCountAsync(1);
        await Expect(other.CustomerMessages).ToHaveCountAsync(0);
        var cookie = (await second.CookiesAsync()).Single(c => c.Name == "ob_conversation");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Lax, cookie.SameSite);
    }

    /// <summary>The same conversation (its cookie) on a phone-sized screen: chat, mailbox and booking page.</summary>
    private async Task TakePhoneScreenshotsAsync(IBrowserContext desktop, string manageUrl)
    {
        await using var phone = await fixture.NewPhoneContextAsync();
        await phone.AddCookiesAsync((await desktop.CookiesAsync()).Select(c => new Cookie
        {
            Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, HttpOnly = c.HttpOnly, SameSite = c.SameSite,
        }));
        var chat = new ChatPageModel(await phone.NewPageAsync());
        await chat.OpenAsync();
        await chat.ExpectLastAgentMessageAsync("Your appointment is confirmed");
        await chat.Page.ScreenshotAsync(new() { Path = Shot("chat-phone.png") });

        await chat.Page.GotoAsync("/dev/mailbox");
        await Expect(chat.Page.GetByRole(AriaRole.Article).First).ToBeVisibleAsync();
        await chat.Page.ScreenshotAsync(new() { Path = Shot("mailbox-phone.png") });

        await chat.Page.GotoAsync(manageUrl);
        await Expect(chat.Page.GetByRole(AriaRole.Heading, new() { Name = "Your booking" })).ToBeVisibleAsync();
        await chat.Page.ScreenshotAsync(new() { Path = Shot("booking-phone.png"), FullPage = true });
    }

    private static string Shot(string name) => Path.Combine(ChatAppFixture.ScreenshotDirectory, name);

    [GeneratedRegex("^/booking/[A-Za-z0-9_-]+$")]
    private static partial Regex ManageHref();
}
