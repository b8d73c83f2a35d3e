using Microsoft.Playwright;
using OpenBooking.Tools.Data;

namespace OpenBooking.Tests.TestSupport;

/// <summary>
/// One <see cref="AppHost"/> on Kestrel and one headless Chromium for a test class (an xunit class fixture).
/// Derived fixtures choose the app's settings (<see cref="Settings"/>) and arrange its data (<see cref="SeedAsync"/>).
/// </summary>
public abstract class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private AppHost? _app;

    public AppHost App => _app ?? throw new InvalidOperationException("The fixture is not initialised yet.");

    public IBrowser Browser { get; private set; } = null!;

    public Uri BaseAddress => App.ServerAddress;

    /// <summary>Where screenshots go: OpenBooking.Tests/TestResults/screenshots (ignored by git).</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(
        SolutionFolder.Find(AppContext.BaseDirectory) ?? AppContext.BaseDirectory, "OpenBooking.Tests", "TestResults", "screenshots");

    /// <summary>Settings the app starts with on top of its embedded defaults.</summary>
    protected virtual Task<IReadOnlyDictionary<string, string?>?> SettingsAsync() => Task.FromResult<IReadOnlyDictionary<string, string?>?>(null);

    /// <summary>Arranges the data the class needs once the app runs.</summary>
    protected virtual Task SeedAsync(AppHost app) => Task.CompletedTask;

    /// <summary>Extra Chromium arguments (e.g. a UI language).</summary>
    protected virtual IEnumerable<string> BrowserArguments => [];

    public virtual async Task InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout(15_000);
        _app = new AppHost(settings: await SettingsAsync());
        _app.StartOnKestrel();
        await SeedAsync(_app);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic", .. BrowserArguments,
            ],
        });
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    public Task<IBrowserContext> NewDesktopContextAsync() => Browser.NewContextAsync(new BrowserNewContextOptions
    {
        BaseURL = BaseAddress.ToString(),
        ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        Locale = "en-GB",
        TimezoneId = "Europe/Brussels",
    });

    public Task<IBrowserContext> NewPhoneContextAsync() => Browser.NewContextAsync(new BrowserNewContextOptions
    {
        BaseURL = BaseAddress.ToString(),
        ViewportSize = new ViewportSize { Width = 390, Height = 844 },
        DeviceScaleFactor = 2,
        IsMobile = true,
        HasTouch = true,
        Locale = "en-GB",
        TimezoneId = "Europe/Brussels",
    });

    public virtual async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
