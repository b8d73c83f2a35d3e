using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace OpenBooking.Benchmarks;

/// <summary>
/// Server memory per connected customer: starts the built web app as its own process, opens N chat pages in
/// headless Chromium (one browser context, so one conversation, each), sends one message from each, and reads the
/// server's resident memory (VmRSS) before and after. Run: <c>dotnet run -c Release --project
/// OpenBooking.Benchmarks -- circuits 50</c>. Loopback only; bounded by N and a timeout per page.
/// </summary>
internal static partial class CircuitMemoryLoad
{
    public static async Task<int> RunAsync(int circuits)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("openbooking-circuits-").FullName;
        var startup = Stopwatch.StartNew();
        using var app = StartApp(dataDirectory, out var baseUrl);
        Console.WriteLine($"startup: listening {startup.Elapsed.TotalSeconds:F2} s after the process started (fresh database, migrations included)");
        try
        {
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = "/usr/bin/chromium",
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--disable-quic"],
            });

            // Warm up: one circuit, so that code paths, pools and caches are loaded before the baseline.
            await OpenChatAsync(browser, baseUrl);
            await Task.Delay(TimeSpan.FromSeconds(2));
            var baseline = ResidentKiB(app.Id);

            var sw = Stopwatch.StartNew();
            for (var i = 0; i < circuits; i++)
            {
                await OpenChatAsync(browser, baseUrl);
            }
            var opened = sw.Elapsed;
            await Task.Delay(TimeSpan.FromSeconds(2));
            var loaded = ResidentKiB(app.Id);

            Console.WriteLine($"circuits: {circuits} (+1 warm-up), opened and answered in {opened.TotalSeconds:F1} s");
            Console.WriteLine($"server RSS: {baseline / 1024.0:F1} MiB with 1 circuit, {loaded / 1024.0:F1} MiB with {circuits + 1}");
            Console.WriteLine($"per connected customer: {(loaded - baseline) / (double)circuits:F0} KiB");
            return 0;
        }
        finally
        {
            if (!app.HasExited)
            {
                app.Kill(entireProcessTree: true);
                app.WaitForExit();
            }
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    /// <summary>A new browser context (its own cookie, so its own conversation), the chat page, one message and its answer.</summary>
    private static async Task OpenChatAsync(IBrowser browser, string baseUrl)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.Locator("[data-ready=true]").WaitForAsync(new() { Timeout = 30_000 });
        await page.GetByLabel("Message", new() { Exact = true }).FillAsync("hello, what can you do?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();
        await page.Locator("[data-author=agent]").Nth(1).WaitForAsync(new() { Timeout = 30_000 });
    }

    private static Process StartApp(string dataDirectory, out string baseUrl)
    {
        var info = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "OpenBooking.Web"))
        {
            ArgumentList = { "--urls", "http://127.0.0.1:0" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = dataDirectory,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["Storage__DataDirectory"] = dataDirectory;
        info.Environment["Logging__LogLevel__Default"] = "Information";
        var process = Process.Start(info)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        while (process.StandardOutput.ReadLine() is { } line)
        {
            if (ListeningRegex().Match(line) is { Success: true } match)
            {
                baseUrl = match.Groups[1].Value;
                _ = Task.Run(() =>
                {
                    while (process.StandardOutput.ReadLine() is not null)
                    {
                    }
                });
                return process;
            }
        }
        throw new InvalidOperationException("The web app ended before it listened.");
    }

    private static long ResidentKiB(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(DigitsRegex().Match(line).Value);
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningRegex();

    [GeneratedRegex(@"\d+")]
    private static partial Regex DigitsRegex();
}
