using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Text;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace OpenBooking.Tools.Calendar.Google;

/// <summary>How hard a call tries: a person waiting in the chat, or a background sync that can wait.</summary>
public enum GoogleCallUrgency
{
    /// <summary>At most one retry, so a slow Google does not stall a reply.</summary>
    Interactive,

    /// <summary>All of <see cref="GoogleOptions.MaxRetries"/> with exponential backoff.</summary>
    Background,
}

/// <summary>
/// The five Calendar API v3 calls OpenBooking needs (Google.Apis.Calendar.v3 is not available here): calendarList.list,
/// freeBusy.query, events.insert, events.patch and events.delete. 429, 5xx, rate-limit 403s and timeouts are retried
/// with exponential backoff (Polly); a 401 refreshes the access token once and tries again; a 409 on insert (the
/// event id exists: an earlier try got through) patches the existing event instead; 404/410 on delete is success.
/// </summary>
public sealed partial class GoogleCalendarClient
{
    public const string HttpClientName = "google-calendar";

    private static readonly InstantPattern RfcInstant = InstantPattern.ExtendedIso;
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly IHttpClientFactory _httpFactory;
    private readonly GoogleTokenService _tokens;
    private readonly IOptionsMonitor<GoogleOptions> _options;
    private readonly ILogger<GoogleCalendarClient> _logger;
    private readonly Lock _gate = new();
    private (GoogleOptions Options, ResiliencePipeline<HttpResponseMessage> Interactive, ResiliencePipeline<HttpResponseMessage> Background)? _pipelines;

    public GoogleCalendarClient(IHttpClientFactory httpFactory, GoogleTokenService tokens, IOptionsMonitor<GoogleOptions> options, ILogger<GoogleCalendarClient> logger)
    {
        _httpFactory = httpFactory;
        _tokens = tokens;
        _options = options;
        _logger = logger;
    }

    /// <summary>Calendars the account can write events to (calendarList.list, minAccessRole=writer), all pages.</summary>
    public async Task<IReadOnlyList<GoogleCalendarListEntry>> ListCalendarsAsync(CancellationToken cancellationToken = default)
    {
        var entries = new List<GoogleCalendarListEntry>();
        string? pageToken = null;
        do
        {
            var url = $"{ApiBase}/users/me/calendarList?minAccessRole=writer&maxResults=250"
                + (pageToken is null ? "" : $"&pageToken={Uri.EscapeDataString(pageToken)}");
            using var response = await SendAsync("calendarList.list", GoogleCallUrgency.Interactive, () => new HttpRequestMessage(HttpMethod.Get, url), cancellationToken);
            await EnsureSuccessAsync(response, "calendarList.list", cancellationToken);
            var page = await response.Content.ReadFromJsonAsync(GoogleJsonContext.Default.GoogleCalendarList, cancellationToken);
            entries.AddRange(page?.Items ?? []);
            pageToken = page?.NextPageToken;
        }
        while (pageToken is not null);
        return entries;
    }

    /// <summary>Busy time of one calendar within a window (freeBusy.query), as instants.</summary>
    public async Task<IReadOnlyList<Interval>> QueryFreeBusyAsync(string calendarId, Interval window, GoogleCallUrgency urgency = GoogleCallUrgency.Interactive, CancellationToken cancellationToken = default)
    {
        var body = new GoogleFreeBusyRequest
        {
            TimeMin = RfcInstant.Format(window.Start),
            TimeMax = RfcInstant.Format(window.End),
            Items = [new GoogleFreeBusyItem { Id = calendarId }],
        };
        using var response = await SendAsync("freeBusy.query", urgency,
            () => new HttpRequestMessage(HttpMethod.Post, $"{ApiBase}/freeBusy") { Content = JsonContent.Create(body, GoogleJsonContext.Default.GoogleFreeBusyRequest) },
            cancellationToken);
        await EnsureSuccessAsync(response, "freeBusy.query", cancellationToken);
        var result = await response.Content.ReadFromJsonAsync(GoogleJsonContext.Default.GoogleFreeBusyResponse, cancellationToken);
        var calendars = result?.Calendars ?? [];
        var calendar = calendars.TryGetValue(calendarId, out var exact) ? exact : calendars.Count == 1 ? calendars.Values.Single() : null;
        if (calendar is null)
        {
            throw new GoogleCalendarException("Google Calendar answered freeBusy.query without the calendar asked for.", isTransient: false);
        }
        if (calendar.Errors is [var error, ..])
        {
            throw new GoogleCalendarException(
                $"Google Calendar could not read free/busy time of the chosen calendar ({error.Reason}).", isTransient: error.Reason == "backendError", reason: error.Reason);
        }
        return [.. (calendar.Busy ?? [])
            .Select(b => new Interval(Instant.FromDateTimeOffset(b.Start), Instant.FromDateTimeOffset(b.End)))
            .Where(b => b.Start < b.End)
            .OrderBy(b => b.Start)];
    }

    /// <summary>
    /// Creates an event with the id in <paramref name="created"/> (events.insert). If that id exists already (409: an
    /// earlier try that timed out did reach Google, or the event was deleted and is kept as cancelled) the existing
    /// event is patched to match and returned, so a retry never makes a second event.
    /// </summary>
    public async Task<GoogleEvent> InsertEventAsync(string calendarId, GoogleEvent created, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(created.Id);
        var url = $"{EventsUrl(calendarId)}?sendUpdates=none";
        using var response = await SendAsync("events.insert", GoogleCallUrgency.Background,
            () => new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(created, GoogleJsonContext.Default.GoogleEvent) },
            cancellationToken);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            LogDuplicateInsert(created.Id);
            var existing = CopyForPatch(created);
            existing.Status = "confirmed";
            return await PatchEventAsync(calendarId, created.Id, existing, cancellationToken);
        }
        await EnsureSuccessAsync(response, "events.insert", cancellationToken);
        return await ReadEventAsync(response, cancellationToken);
    }

    /// <summary>Changes the fields set in <paramref name="patch"/> (events.patch); throws with 404 when the event is gone.</summary>
    public async Task<GoogleEvent> PatchEventAsync(string calendarId, string eventId, GoogleEvent patch, CancellationToken cancellationToken = default)
    {
        var url = $"{EventsUrl(calendarId)}/{Uri.EscapeDataString(eventId)}?sendUpdates=none";
        using var response = await SendAsync("events.patch", GoogleCallUrgency.Background,
            () => new HttpRequestMessage(HttpMethod.Patch, url) { Content = JsonContent.Create(patch, GoogleJsonContext.Default.GoogleEvent) },
            cancellationToken);
        await EnsureSuccessAsync(response, "events.patch", cancellationToken);
        return await ReadEventAsync(response, cancellationToken);
    }

    /// <summary>Deletes an event (events.delete). An event that is already gone (404, 410) counts as deleted.</summary>
    public async Task DeleteEventAsync(string calendarId, string eventId, CancellationToken cancellationToken = default)
    {
        var url = $"{EventsUrl(calendarId)}/{Uri.EscapeDataString(eventId)}?sendUpdates=none";
        using var response = await SendAsync("events.delete", GoogleCallUrgency.Background, () => new HttpRequestMessage(HttpMethod.Delete, url), cancellationToken);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
        {
            return;
        }
        await EnsureSuccessAsync(response, "events.delete", cancellationToken);
    }

    private string ApiBase => _options.CurrentValue.ApiBaseUrl.TrimEnd('/');

    private string EventsUrl(string calendarId) => $"{ApiBase}/calendars/{Uri.EscapeDataString(calendarId)}/events";

    /// <summary>
    /// Sends one call through the retry pipeline with a bearer token; on 401 refreshes the token once and sends again.
    /// The request is built anew for every try (a request message cannot be sent twice).
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(string operation, GoogleCallUrgency urgency, Func<HttpRequestMessage> build, CancellationToken cancellationToken)
    {
        var http = _httpFactory.CreateClient(HttpClientName);
        var pipeline = Pipeline(urgency);
        for (var attempt = 0; ; attempt++)
        {
            var accessToken = await _tokens.GetAccessTokenAsync(forceRefresh: attempt > 0, cancellationToken);
            HttpResponseMessage response;
            try
            {
                response = await pipeline.ExecuteAsync(async token =>
                {
                    using var request = build();
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
                    return await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, token);
                }, cancellationToken);
            }
            catch (TimeoutRejectedException ex)
            {
                throw new GoogleCalendarException($"Google Calendar did not answer {operation} in time.", isTransient: true, inner: ex);
            }
            catch (HttpRequestException ex)
            {
                throw new GoogleCalendarException($"Google Calendar could not be reached for {operation}: {ex.Message}", isTransient: true, inner: ex);
            }
            if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 0)
            {
                response.Dispose();
                LogUnauthorized(operation);
                continue;
            }
            return response;
        }
    }

    private ResiliencePipeline<HttpResponseMessage> Pipeline(GoogleCallUrgency urgency)
    {
        var options = _options.CurrentValue;
        lock (_gate)
        {
            if (_pipelines is not { } built || !ReferenceEquals(built.Options, options))
            {
                built = (options, BuildPipeline(options, Math.Min(options.MaxRetries, 1)), BuildPipeline(options, options.MaxRetries));
                _pipelines = built;
            }
            return urgency == GoogleCallUrgency.Interactive ? built.Interactive : built.Background;
        }
    }

    private ResiliencePipeline<HttpResponseMessage> BuildPipeline(GoogleOptions options, int retries)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (retries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = retries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                MaxDelay = MaxBackoff,
                ShouldHandle = args => IsTransientAsync(args.Outcome, args.Context.CancellationToken),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result)),
                OnRetry = args =>
                {
                    LogRetry(args.AttemptNumber + 1, args.Outcome.Result is { } r ? (int)r.StatusCode : null, args.Outcome.Exception?.GetType().Name, args.RetryDelay);
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            });
        }
        return builder.AddTimeout(options.RequestTimeout).Build();
    }

    /// <summary>429, 5xx, a 403 whose reason is a rate limit, a network failure or a timeout: worth another try.</summary>
    private static async ValueTask<bool> IsTransientAsync(Outcome<HttpResponseMessage> outcome, CancellationToken cancellationToken)
    {
        if (outcome.Exception is HttpRequestException or TimeoutRejectedException)
        {
            return true;
        }
        if (outcome.Result is not { } response)
        {
            return false;
        }
        var status = (int)response.StatusCode;
        if (status == 429 || status >= 500)
        {
            return true;
        }
        return status == 403 && IsRateLimit(await ReadErrorAsync(response, cancellationToken));
    }

    private static bool IsRateLimit(GoogleError? error) =>
        error?.Errors?.Any(e => e.Reason is "rateLimitExceeded" or "userRateLimitExceeded" or "quotaExceeded") == true;

    /// <summary>Google's Retry-After, when it sends one (capped); otherwise the exponential backoff applies.</summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage? response) =>
        response?.Headers.RetryAfter?.Delta is { } delta ? TimeSpan.FromTicks(Math.Min(delta.Ticks, MaxBackoff.Ticks)) : null;

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        var error = await ReadErrorAsync(response, cancellationToken);
        var status = (int)response.StatusCode;
        var reason = error?.Errors?.FirstOrDefault()?.Reason;
        var transient = status == 429 || status >= 500 || (status == 403 && IsRateLimit(error)) || status == 401;
        throw new GoogleCalendarException(
            $"Google Calendar refused {operation}: {status} {reason ?? response.ReasonPhrase}{(error?.Message is { Length: > 0 } m ? $" ({m})" : "")}",
            transient, response.StatusCode, reason);
    }

    private static async Task<GoogleError?> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            // Buffered by ResponseContentRead, so reading it here does not consume it for a later reader.
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return text.Length == 0 ? null : JsonSerializer.Deserialize(text, GoogleJsonContext.Default.GoogleErrorResponse)?.Error;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<GoogleEvent> ReadEventAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        await response.Content.ReadFromJsonAsync(GoogleJsonContext.Default.GoogleEvent, cancellationToken)
        ?? throw new GoogleCalendarException("Google Calendar answered without an event.", isTransient: true);

    private static GoogleEvent CopyForPatch(GoogleEvent source) => new()
    {
        Summary = source.Summary,
        Description = source.Description,
        Start = source.Start,
        End = source.End,
        Attendees = source.Attendees,
        ExtendedProperties = source.ExtendedProperties,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Google Calendar call failed (try {Attempt}, status {Status}, {Exception}); retrying in {Delay}")]
    private partial void LogRetry(int attempt, int? status, string? exception, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Information, Message = "Google Calendar answered 401 to {Operation}; refreshing the access token once")]
    private partial void LogUnauthorized(string operation);

    [LoggerMessage(Level = LogLevel.Information, Message = "Event {EventId} already exists in Google Calendar (an earlier try got through); updating it instead")]
    private partial void LogDuplicateInsert(string eventId);
}
