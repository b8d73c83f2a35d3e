using Microsoft.Playwright;
using OpenBooking.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace OpenBooking.Tests.Admin;

/// <summary>The conversations list on the dashboard's seeded chats: search, its empty state, accessibility.</summary>
public sealed class ConversationsPageTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    [Fact]
    public async Task Search_NothingMatches_SaysWhatWasSearchedThenFindsAMatch()
    {
        await using var context = await fixture.NewDesktopContextAsync();
        var page = await context.NewPageAsync();
        await DashboardFixture.SignInAsync(page, "/admin/conversations");
        var table = page.GetByRole(AriaRole.Table);
        await Expect(table.GetByRole(AriaRole.Row)).ToHaveCountAsync(4);

        var search = page.GetByRole(AriaRole.Textbox, new() { Name = "Search messages" });
        await search.FillAsync("walrus");
        await Expect(page.GetByText("No conversation matches 'walrus'.")).ToBeVisibleAsync();
        await Expect(page.GetByText("No conversations yet.")).ToHaveCountAsync(0);

        await search.FillAsync("saturday");
        await Expect(table.GetByRole(AriaRole.Row)).ToHaveCountAsync(2);
        await Expect(table).ToContainTextAsync("hi, are you open on saturday?");
        await table.GetByRole(AriaRole.Link, new() { Name = "Open" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Log)).ToContainTextAsync("We are closed on Saturdays.");
    }

    [Theory]
    [InlineData("/admin/conversations", "Conversations", false, ColorScheme.Light)]
    [InlineData("/admin/conversations", "Conversations", false, ColorScheme.Dark)]
    [InlineData("/admin/conversations", "Conversations", true, ColorScheme.Light)]
    [InlineData("/admin/conversations", "Conversations", true, ColorScheme.Dark)]
    public async Task Page_DesktopAndPhone_HasNoSeriousViolationsAndFits(string path, string heading, bool phone, ColorScheme scheme)
    {
        await using var context = phone ? await fixture.NewPhoneContextAsync() : await fixture.NewDesktopContextAsync();
        var page = await context.NewPageAsync();
        await page.EmulateMediaAsync(new() { ColorScheme = scheme });
        await DashboardFixture.SignInAsync(page, path);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Table)).ToContainTextAsync("li.wei@example.cn");
        var name = $"{heading.ToLowerInvariant()}-{(phone ? "phone" : "desktop")}-{scheme.ToString().ToLowerInvariant()}";
        await page.ScreenshotAsync(new() { Path = AdminBrowserFixture.Shot(name), FullPage = true });

        await page.AssertNoSeriousViolationsAsync(name);
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "The page scrolls sideways.");
    }
}
