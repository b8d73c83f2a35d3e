using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OpenBooking.Tests.EndToEnd;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Data.WebApp;
using OpenBooking.Web.Admin;
using OpenBooking.Web.Chat;
using static Microsoft.Playwright.Assertions;

namespace OpenBooking.Tests.Admin;

/// <summary>A transcript of the LLM agent in the dashboard: its tool calls are there, collapsed, and not counted as messages.</summary>
public sealed class TranscriptPageTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    private const string Greeting = "Hello! I can book, move or cancel an appointment for you. What would you like to do?";

    /// <summary>
    /// A conversation in which the model checked a slot, then failed to book it: customer and agent messages through
    /// the store, the tool calls as the LLM agent stores them (Tool messages holding a <see cref="ToolCallRecord"/>).
    /// </summary>
    private async Task<Guid> SeedConversationWithToolCallsAsync()
    {
        var id = Guid.NewGuid();
        var store = fixture.App.Services.GetRequiredService<ConversationStore>();
        await store.CreateAsync(id, Greeting);
        await store.AppendAsync(id, [(MessageAuthor.Customer, "Is tomorrow at 15:00 free? I'm noor@example.com")], agentState: null);
        await using (var db = await fixture.App.Services.GetRequiredService<IDbContextFactory<OpenBookingDbContext>>().CreateDbContextAsync())
        {
            db.ConversationMessages.AddRange(
                ToolMessage(id, new ToolCallRecord("check_availability",
                    """{"start":"2026-06-11T15:00:00+02:00","durationMinutes":60}""",
                    """{"available":true,"start":"2026-06-11T15:00:00+02:00","end":"2026-06-11T16:00:00+02:00","timeZone":"Europe/Brussels"}""",
                    IsError: false)),
                ToolMessage(id, new ToolCallRecord("create_booking",
                    """{"email":"noor@example.com","start":"2026-06-11T15:00:00+02:00"}""",
                    "A verification token for noor@example.com is required: verify the customer's email first.",
                    IsError: true)));
            await db.SaveChangesAsync();
        }
        await store.AppendAsync(id, [(MessageAuthor.Agent, "15:00 tomorrow is free. I sent a code to noor@example.com to confirm it is you.")], agentState: null);
        return id;
    }

    private static ConversationMessage ToolMessage(Guid conversation, ToolCallRecord call) => new()
    {
        ConversationId = conversation,
        Author = MessageAuthor.Tool,
        Text = call.ToJson(),
        CreatedAt = ChatAppFixture.Now,
    };

    [Fact]
    public async Task Transcript_WithToolCalls_ShowsThemCollapsedAndCountsOnlyMessages()
    {
        var id = await SeedConversationWithToolCallsAsync();

        var row = (await fixture.App.Services.GetRequiredService<AdminConversations>().ListAsync()).Single(r => r.Id == id);
        Assert.Equal((3, 1), (row.Messages, row.CustomerMessages));

        await using var context = await fixture.NewDesktopContextAsync();
        var page = await context.NewPageAsync();
        await DashboardFixture.SignInAsync(page, $"/admin/conversations/{id}");
        var log = page.GetByRole(AriaRole.Log);
        await Expect(log.Locator("[data-author=agent]")).ToHaveCountAsync(2);
        await Expect(page.GetByText("3 messages · 2 tool calls · read-only")).ToBeVisibleAsync();

        var calls = log.Locator("details[data-author=tool]");
        await Expect(calls).ToHaveCountAsync(2);
        var check = calls.Nth(0);
        var booking = calls.Nth(1);
        await Expect(check.Locator("summary")).ToContainTextAsync("Tool call: check_availability");
        await Expect(check.Locator("summary")).Not.ToContainTextAsync("failed");
        await Expect(booking.Locator("summary")).ToContainTextAsync("Tool call: create_booking");
        await Expect(booking.Locator(".failed-mark")).ToHaveTextAsync("failed");
        // Collapsed: the arguments and the result are there but hidden until the summary is opened.
        await Expect(check.Locator("pre").First).ToBeHiddenAsync();
        await Expect(booking.Locator("pre").First).ToBeHiddenAsync();
        await page.ScreenshotAsync(new() { Path = AdminBrowserFixture.Shot("transcript-tools-desktop"), FullPage = true });

        await check.Locator("summary").ClickAsync();
        await booking.Locator("summary").ClickAsync();
        var checkBlocks = check.Locator("pre");
        await Expect(checkBlocks.Nth(0)).ToBeVisibleAsync();
        Assert.Equal("{\n  \"start\": \"2026-06-11T15:00:00+02:00\",\n  \"durationMinutes\": 60\n}", await checkBlocks.Nth(0).TextContentAsync());
        await Expect(checkBlocks.Nth(1)).ToContainTextAsync("\"available\": true");
        await Expect(booking.Locator("h3").Nth(1)).ToHaveTextAsync("Error");
        await Expect(booking.Locator("pre").Nth(1)).ToHaveTextAsync("A verification token for noor@example.com is required: verify the customer's email first.");
        await page.ScreenshotAsync(new() { Path = AdminBrowserFixture.Shot("transcript-tools-open-desktop"), FullPage = true });

        await using var phone = await fixture.NewPhoneContextAsync();
        var phonePage = await phone.NewPageAsync();
        await DashboardFixture.SignInAsync(phonePage, $"/admin/conversations/{id}");
        await phonePage.GetByRole(AriaRole.Log).Locator("details[data-author=tool] summary").Nth(0).ClickAsync();
        await Expect(phonePage.GetByRole(AriaRole.Log).Locator("pre").First).ToBeVisibleAsync();
        await phonePage.ScreenshotAsync(new() { Path = AdminBrowserFixture.Shot("transcript-tools-phone"), FullPage = true });
        Assert.True(await phonePage.EvaluateAsync<bool>("document.documentElement.scrollWidth <= 390"), "The page is wider than the phone.");
    }
}
