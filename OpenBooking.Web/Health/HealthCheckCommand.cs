namespace OpenBooking.Web.Health;

/// <summary>
/// <c>OpenBooking.Web healthcheck [url]</c>: asks a running instance's <c>/healthz</c> (by default on this machine's
/// port 8080, the container's) and exits 0 when it answers 200, 1 otherwise. The container image's HEALTHCHECK, which
/// has no curl in the ASP.NET runtime image.
/// </summary>
public static class HealthCheckCommand
{
    public const string DefaultUrl = "http://localhost:8080" + HealthEndpoints.LivePath;

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var url = args is [var given, ..] ? given : DefaultUrl;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await http.GetAsync(url);
            await output.WriteLineAsync($"{url}: {(int)response.StatusCode}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or UriFormatException or InvalidOperationException)
        {
            await output.WriteLineAsync($"{url}: {ex.Message}");
            return 1;
        }
    }
}
