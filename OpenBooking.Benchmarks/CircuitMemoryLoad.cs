using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Text.RegularExpressions;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;
using Microsoft.Playwright;

namespace OpenBooking.Benchmarks;

/// <summary>
/// Server memory per connected chat customer and the chat page's time to interactive. Starts the built web app as
/// its own process (or another build's <c>OpenBooking.Web.dll</c>, to compare releases), opens N chat pages in
/// headless Chromium (one browser context, so one circuit and one conversation, each) and reads the server's
/// managed heap after a forced full GC (through EventPipe, as dotnet-gcdump does) with N idle circuits, and again
/// after each customer sent one message; RSS is printed beside it. Time to interactive is the page's own clock from
/// navigation start to the chat's <c>data-ready</c> (the circuit is connected and the page has rendered interactively).
/// Run: <c>dotnet run -c Release --project OpenBooking.Benchmarks -- circuits 40 [path/to/OpenBooking.Web.dll]</c>.
/// Loopback only; bounded by N and a timeout per page.
/// </summary>
internal static partial class CircuitMemoryLoad
{
    public static async Task<int> RunAsync(int circuits, string? webAppDll)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("openbooking-circuits-").FullName;
        var startup = Stopwatch.StartNew();
        using var app = StartApp(dataDirectory, webAppDll, out var baseUrl);
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

            // Warm up: two customers who each chat once, closed again, so that code paths, pools and caches are
            // loaded before the baseline.
            for (var i = 0; i < 2; i++)
            {
                var (warm, _, _) = await OpenChatAsync(browser, baseUrl);
                await SendAsync(warm);
                await warm.Context.CloseAsync();
            }
            await Task.Delay(TimeSpan.FromSeconds(2));
            var baseHeap = ManagedHeapAfterFullGc(app.Id);
            var baseRss = ResidentKiB(app.Id);

            var pages = new List<IPage>();
            var interactive = new List<double>();
            var contentLoaded = new List<double>();
            for (var i = 0; i < circuits; i++)
            {
                var (page, ready, loaded) = await OpenChatAsync(browser, baseUrl);
                pages.Add(page);
                interactive.Add(ready);
                contentLoaded.Add(loaded);
            }
            await Task.Delay(TimeSpan.FromSeconds(2));
            var idleHeap = ManagedHeapAfterFullGc(app.Id);
            var idleRss = ResidentKiB(app.Id);

            foreach (var page in pages)
            {
                await SendAsync(page);
            }
            await Task.Delay(TimeSpan.FromSeconds(2));
            var chattedHeap = ManagedHeapAfterFullGc(app.Id);
            var chattedRss = ResidentKiB(app.Id);

            interactive.Sort();
            contentLoaded.Sort();
            Console.WriteLine($"circuits: {circuits} (after 2 warm-up customers)");
            Console.WriteLine($"chat page time to interactive: p50 {Percentile(interactive, 0.5):F0} ms, p90 {Percentile(interactive, 0.9):F0} ms (DOMContentLoaded: p50 {Percentile(contentLoaded, 0.5):F0} ms)");
            Console.WriteLine($"managed heap after a full GC: {baseHeap / 1024.0:F0} KiB with none, {idleHeap / 1024.0:F0} KiB with {circuits} idle, {chattedHeap / 1024.0:F0} KiB after one message each");
            Console.WriteLine($"per idle circuit: {(idleHeap - baseHeap) / 1024.0 / circuits:F0} KiB managed; after one message: {(chattedHeap - baseHeap) / 1024.0 / circuits:F0} KiB managed");
            Console.WriteLine($"RSS: {baseRss / 1024.0:F1} MiB with none, {idleRss / 1024.0:F1} MiB idle, {chattedRss / 1024.0:F1} MiB after one message each ({(chattedRss - baseRss) / (double)circuits:F0} KiB per customer)");
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

    /// <summary>
    /// A new browser context (its own cookie, so its own circuit and conversation) on the chat page, interactive; with
    /// the page's own clock (ms since navigation start) when the chat marked itself ready and at DOMContentLoaded.
    /// </summary>
    private static async Task<(IPage Page, double Interactive, double ContentLoaded)> OpenChatAsync(IBrowser browser, string baseUrl)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl });
        var page = await context.NewPageAsync();
        // Notes the moment the chat sets data-ready, without waiting for a poll.
        await page.AddInitScriptAsync("""
            new MutationObserver((_, observer) => {
                if (document.querySelector('[data-ready=true]')) { window.__obReady = performance.now(); observer.disconnect(); }
            }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-ready'] });
            """);
        await page.GotoAsync("/");
        await page.Locator("[data-ready=true]").WaitForAsync(new() { Timeout = 30_000 });
        var ready = await page.EvaluateAsync<double>("window.__obReady");
        var loaded = await page.EvaluateAsync<double>("performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd");
        return (page, ready, loaded);
    }

    private static async Task SendAsync(IPage page)
    {
        await page.GetByLabel("Message", new() { Exact = true }).FillAsync("hello, what can you do?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();
        await page.Locator("[data-author=agent]").Nth(1).WaitForAsync(new() { Timeout = 30_000 });
    }

    /// <summary>
    /// Asks the runtime of <paramref name="pid"/> for a full blocking GC (the GCHeapCollect keyword of an EventPipe
    /// session) and returns the managed heap it reports afterwards (all generations, large and pinned object heaps).
    /// </summary>
    private static long ManagedHeapAfterFullGc(int pid)
    {
        var client = new DiagnosticsClient(pid);
        var keywords = (long)(ClrTraceEventParser.Keywords.GC | ClrTraceEventParser.Keywords.GCHeapCollect);
        using var session = client.StartEventPipeSession(
            [new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, keywords)], requestRundown: false);
        using var source = new EventPipeEventSource(session.EventStream);
        var induced = false;
        long heap = -1;
        source.Clr.GCStart += e => induced |= e.Reason == GCReason.Induced && e.Depth == 2;
        source.Clr.GCHeapStats += e =>
        {
            if (induced && heap < 0)
            {
                heap = e.GenerationSize0 + e.GenerationSize1 + e.GenerationSize2 + e.GenerationSize3 + e.GenerationSize4;
                session.Stop();
            }
        };
        var reader = Task.Run(source.Process);
        if (!reader.Wait(TimeSpan.FromSeconds(30)) || heap < 0)
        {
            throw new TimeoutException("The web app did not report a forced GC within 30 s.");
        }
        return heap;
    }

    private static double Percentile(List<double> sorted, double p) => sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(p * sorted.Count))];

    private static Process StartApp(string dataDirectory, string? webAppDll, out string baseUrl)
    {
        var info = webAppDll is null
            ? new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "OpenBooking.Web"))
            : new ProcessStartInfo("dotnet") { ArgumentList = { Path.GetFullPath(webAppDll) } };
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add("http://127.0.0.1:0");
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.WorkingDirectory = webAppDll is null ? dataDirectory : Path.GetDirectoryName(Path.GetFullPath(webAppDll))!;
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
