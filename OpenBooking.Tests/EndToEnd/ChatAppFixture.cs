using Microsoft.Playwright;
using NodaTime.Testing;
using NodaTime;
using OpenBooking.Tools.Hosting;

namespace OpenBooking.Tests.EndToEnd;

/// <summary>
/// One running app (on Kestrel, Development, fresh data folder) and one headless Chromium for a test class.
/// The clock is fixed on Wednesday 10 June 2026, 10:00 in Brussels, so "tomorrow" is always a working day.
/// </summary>
public class ChatAppFixture : IAsyncLifetime
{
    public static readonly Instant Now = Instant.FromUtc(2026, 6, 10, 8, 0);

    /// <summary>How the agent names the fixed clock's tomorrow.</summary>
    public const string Tomorrow = "tomorrow (Thursday 11 June)";

    private IPlaywright? playwright;
    private KestrelAppFactory? app;

    public KestrelAppFactory App => app ?? throw new InvalidOperationException("The fixture is not initialised yet.");

    public IBrowser Browser { get; private set; } = null!;

    public Uri BaseAddress => App.ServerAddress;

    /// <summary>Where screenshots go: OpenBooking.Tests/TestResults/screenshots (ignored by git).</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(
        SolutionFolder.Find(AppContext.BaseDirectory) ?? AppContext.BaseDirectory, "OpenBooking.Tests", "TestResults", "screenshots");

    /// <summary>Settings the app starts with on top of its embedded defaults.</summary>
    protected virtual Task<IReadOnlyDictionary<string, string?>?> SettingsAsync() => Task.FromResult<IReadOnlyDictionary<string, string?>?>(null);

    public virtual async Task InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout(15_000);
        app = new KestrelAppFactory(new FakeClock(Now), await SettingsAsync());
        _ = App.ServerAddress;
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic",
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
        await Browser.CloseAsync();
        playwright?.Dispose();
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }
}
