using System.Net;
using Microsoft.Extensions.Options;
using OpenBooking.Tools.Business;
using OpenBooking.Tools.Data;

namespace OpenBooking.Web.Hosting;

/// <summary>
/// When <c>Business:PublicBaseUrl</c> is not set, remembers the address the web app is reached at (as the customer's
/// browser sees it, after the forwarded headers) in <c>Business:ObservedBaseUrl</c>, stored with the settings so every
/// instance and the outbox have it: emails, calendar events and webhooks then carry absolute links instead of "open the
/// link in your chat". Only page requests count (never a health probe or an API call), and a loopback address only in
/// Development (a check from the server itself must not become the customers' link).
/// </summary>
internal sealed partial class ObservedBaseUrl(
    IOptionsMonitor<BusinessOptions> business, SettingsStore settings, IHostEnvironment environment, ILogger<ObservedBaseUrl> logger)
{
    public const string Key = "Business:ObservedBaseUrl";

    private string? _stored;

    public async Task ObserveAsync(HttpRequest request)
    {
        var options = business.CurrentValue;
        if (!string.IsNullOrWhiteSpace(options.PublicBaseUrl) || !HttpMethods.IsGet(request.Method) || !IsPage(request.Path)
            || (!environment.IsDevelopment() && IsLoopback(request.Host.Host)))
        {
            return;
        }
        var url = $"{request.Scheme}://{request.Host}{request.PathBase}";
        if (url == (_stored ?? options.ObservedBaseUrl))
        {
            return;
        }
        _stored = url;
        try
        {
            await settings.SetAsync(new Dictionary<string, string?> { [Key] = url }, request.HttpContext.RequestAborted);
            LogObserved(logger, url);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The page is served anyway; the next page request tries again.
            _stored = null;
            LogNotStored(logger, ex, url);
        }
    }

    /// <summary>The chat, the manage page, the dashboard: what a person opens in a browser.</summary>
    private static bool IsPage(PathString path) =>
        path == "/" || path.StartsWithSegments("/booking") || path.StartsWithSegments("/admin") || path.StartsWithSegments("/embed");

    private static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Business:PublicBaseUrl is not set: links in emails and calendar events use {Url}, the address this app was opened at. Set Business:PublicBaseUrl to choose another.")]
    private static partial void LogObserved(ILogger logger, string url);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The address {Url} could not be stored as Business:ObservedBaseUrl")]
    private static partial void LogNotStored(ILogger logger, Exception exception, string url);
}
