using System.Diagnostics;
using System.Text.RegularExpressions;

namespace OpenBooking.Tests.Hosting;

/// <summary>
/// What the container image runs: the output of <c>dotnet publish -c Release</c> (the Dockerfile's command), started in
/// Production from another folder. Every stylesheet, script and image the chat page links to is served.
/// </summary>
public sealed partial class PublishedAppTests
{
    [Fact]
    public async Task PublishedRelease_InProduction_ServesThePageAndEveryAssetItLinks()
    {
        var root = Directory.CreateTempSubdirectory("openbooking-publish-").FullName;
        var output = Path.Combine(root, "app");
        var data = Path.Combine(root, "data");
        Directory.CreateDirectory(data);
        Process? app = null;
        try
        {
            await RunAsync("dotnet", ["publish", Path.Combine(RepositoryRoot(), "OpenBooking.Web", "OpenBooking.Web.csproj"), "-c", "Release", "-o", output, "--nologo", "-v", "q"]);
            (app, var address) = await StartAsync(output, data);
            using var http = new HttpClient { BaseAddress = address };

            var page = await http.GetStringAsync("/");
            var assets = AssetRegex().Matches(page).Select(m => m.Groups["url"].Value)
                .Where(url => !url.StartsWith("http", StringComparison.Ordinal) && !url.StartsWith("data:", StringComparison.Ordinal))
                .Distinct().ToList();

            Assert.Contains(assets, a => a.Contains("blazor.web", StringComparison.Ordinal));
            Assert.Contains(assets, a => a.EndsWith(".css", StringComparison.Ordinal));
            foreach (var asset in assets)
            {
                using var response = await http.GetAsync(asset.StartsWith('/') ? asset : "/" + asset);
                Assert.True(response.IsSuccessStatusCode, $"{asset}: {(int)response.StatusCode}");
            }
            Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        }
        finally
        {
            if (app is { HasExited: false })
            {
                app.Kill(entireProcessTree: true);
                await app.WaitForExitAsync();
            }
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<(Process, Uri)> StartAsync(string output, string data)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(output, "OpenBooking.Web.dll"), "--urls", "http://127.0.0.1:0" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = data,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Storage__DataDirectory"] = data;
        info.Environment["Logging__LogLevel__Default"] = "Information";
        var process = Process.Start(info)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (ListeningRegex().Match(line) is { Success: true } match)
            {
                _ = Task.Run(async () =>
                {
                    while (await process.StandardOutput.ReadLineAsync() is not null)
                    {
                    }
                });
                return (process, new Uri(match.Groups[1].Value));
            }
        }
        throw new InvalidOperationException($"The published app exited ({(process.HasExited ? process.ExitCode : -1)}) before listening.");
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(10));
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', arguments)}: {await stdout}{await stderr}");
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "OpenBooking.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("OpenBooking.sln not found above the test folder.");
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningRegex();

    [GeneratedRegex("""(?:href|src)="(?<url>[^"#?]+)(?:\?[^"]*)?"[^>]*""")]
    private static partial Regex AssetRegex();
}
