using System.Text.RegularExpressions;
using OpenBooking.Tests.TestSupport;

namespace OpenBooking.Tests.Components;

/// <summary>
/// The business's colour and logo reach the chat and the manage page's theme; every page follows the system's dark
/// mode; no font comes from the internet and no Radzen asset is linked.
/// </summary>
public sealed partial class BusinessThemeTests : IAsyncLifetime
{
    private readonly AppHost app = new(settings: new Dictionary<string, string?>
    {
        ["Business:Name"] = "Studio Nova",
        ["Business:PrimaryColor"] = "#AA3355",
        ["Business:LogoUrl"] = "https://cdn.example.com/nova.png",
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task GetChat_BusinessColourAndLogo_ThemeLightAndDarkWithSystemFonts()
    {
        using var client = app.CreateClient();

        var html = await client.GetStringAsync("/");

        Assert.Matches(LightPrimary(), html);
        Assert.Contains("<style media=\"(prefers-color-scheme: dark)\">", html);
        Assert.Contains("src=\"https://cdn.example.com/nova.png\"", html);
        Assert.Contains("rel=\"icon\"", html);
        Assert.Contains("system-ui", html);
        Assert.DoesNotContain("fonts.googleapis.com", html);
        Assert.DoesNotMatch(RadzenAsset(), html);
    }

    [Theory]
    [InlineData("/admin/login")]
    [InlineData("/booking/unknown-token")]
    public async Task GetPage_AnyPage_FollowsTheSystemsDarkModeWithTheBusinessTheme(string path)
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Contains("data-color-scheme=\"system\"", html);
        Assert.Contains("<meta name=\"color-scheme\" content=\"light dark\"", html);
        Assert.Matches(LightPrimary(), html);
        Assert.Contains("<style media=\"(prefers-color-scheme: dark)\">", html);
        Assert.DoesNotMatch(RadzenAsset(), html);
    }

    [Fact]
    public async Task GetChat_NoColourSet_UsesTheDefaultBlue()
    {
        await using var plain = new AppHost();
        using var client = plain.CreateClient();

        var html = await client.GetStringAsync("/");

        Assert.Matches(DefaultPrimary(), html);
    }

    [GeneratedRegex(@"--mud-palette-primary:\s*(#aa3355|rgba\(170,\s*51,\s*85)", RegexOptions.IgnoreCase)]
    private static partial Regex LightPrimary();

    [GeneratedRegex(@"(href|src)=""[^""]*Radzen")]
    private static partial Regex RadzenAsset();

    [GeneratedRegex(@"--mud-palette-primary:\s*(#3b5bdb|rgba\(59,\s*91,\s*219)", RegexOptions.IgnoreCase)]
    private static partial Regex DefaultPrimary();
}
