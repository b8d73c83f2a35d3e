using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OpenBooking.Tests.TestSupport;

/// <summary>Chooses an option of a MudBlazor select the way a person does, and waits until the list has closed.</summary>
public static class MudSelectExtensions
{
    /// <summary>
    /// Opens the combobox named <paramref name="combobox"/> inside <paramref name="scope"/>, clicks the option and
    /// waits for the popover to close and the combobox to show the choice. Clicking the next button while the
    /// popover's overlay is still fading out lands on the overlay, and the click is lost.
    /// </summary>
    public static async Task ChooseAsync(this ILocator scope, IPage page, string combobox, string option)
    {
        var select = scope.GetByRole(AriaRole.Combobox, new() { Name = combobox });
        await select.ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true }).ClickAsync();
        await Expect(page.Locator(".mud-popover-open")).ToHaveCountAsync(0);
        await Expect(page.Locator(".mud-overlay")).ToHaveCountAsync(0);
        await Expect(select).ToContainTextAsync(option);
    }
}
