using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OpenBooking.Tests.TestSupport;

namespace OpenBooking.Tests.Calendar.Google;

/// <summary>
/// A local stand-in for Google, on Kestrel at 127.0.0.1:0, speaking the documented wire formats: the OAuth 2.0
/// consent redirect and token endpoint (authorization_code with PKCE S256, refresh_token, invalid_grant, revoke)
/// and the Calendar API v3 JSON of calendarList.list, freeBusy.query and events insert/patch/delete (with Google's
/// error bodies). Tests queue faults per operation: a status with a reason, a hang until the client gives up, or
/// "do it, then hang" (the work is done but the answer never arrives).
/// </summary>
public sealed partial class FakeGoogleServer : IAsyncDisposable
{
    public const string ClientId = "test-client.apps.googleusercontent.com";
    public const string ClientSecret = "test-client-secret-3f9a";
    public const string PrimaryCalendarId = "owner@example.com";
    public const string TeamCalendarId = "team@group.calendar.google.com";
    public const string ReadOnlyCalendarId = "holidays@group.v.calendar.google.com";

    public static readonly string[] AllScopes =
    [
        "https://www.googleapis.com/auth/calendar.events",
        "https://www.googleapis.com/auth/calendar.freebusy",
        "https://www.googleapis.com/auth/calendar.calendarlist.readonly",
    ];

    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Fault>> _faults = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly Dictionary<string, PendingCode> _codes = [];
    private readonly HashSet<string> _accessTokens = [];
    private readonly HashSet<string> _refreshTokens = [];
    private readonly List<string> _issued = [];
    private readonly Dictionary<(string Calendar, string Id), JsonObject> _events = [];
    private readonly Dictionary<string, List<(DateTimeOffset Start, DateTimeOffset End)>> _busy = [];

    private FakeGoogleServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public string AuthBaseUrl => BaseAddress.AbsoluteUri.TrimEnd('/');

    public string ApiBaseUrl => $"{AuthBaseUrl}/calendar/v3";

    public int AccessTokenLifetimeSeconds { get; set; } = 3600;

    /// <summary>Scopes granted at the consent screen; by default whatever was asked for.</summary>
    public string[]? GrantedScopes { get; set; }

    /// <summary>Every secret this server handed out (codes, access and refresh tokens) and the client secret.</summary>
    public IReadOnlyList<string> Secrets
    {
        get
        {
            lock (_gate)
            {
                return [ClientSecret, .. _issued];
            }
        }
    }

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public int Count(string operation) => Requests.Count(r => r.Operation == operation);

    /// <summary>
    /// Settings that point the Google code at this server, with a public base URL, no retry waits, and no background
    /// sync or outbox (tests sync explicitly; the sweep and the dispatcher would race them). Without
    /// <paramref name="configured"/> the OAuth client is not set, as on a fresh install.
    /// </summary>
    public TestSettings Settings(bool configured = true)
    {
        var settings = new TestSettings()
            .WithoutBackgroundWork()
            .With("Business:PublicBaseUrl", TestSettings.PublicBaseUrl)
            .With("Google:ApiBaseUrl", ApiBaseUrl)
            .With("Google:AuthBaseUrl", AuthBaseUrl)
            .With("Google:RetryDelay", "00:00:00")
            .With("Google:RequestTimeout", "00:00:10")
            .With("Google:SyncInterval", "00:00:00");
        return configured ? settings.With("Google:ClientId", ClientId).With("Google:ClientSecret", ClientSecret) : settings;
    }

    public static async Task<FakeGoogleServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FakeGoogleServer? server = null;
        app.Run(context => server!.HandleAsync(context));
        await app.StartAsync();
        server = new FakeGoogleServer(app, new Uri(app.Urls.First()));
        return server;
    }

    /// <summary>Answers the next <paramref name="operation"/> request (token, calendarList, freeBusy, insert, patch, delete) with a fault.</summary>
    public void Enqueue(string operation, Fault fault, int times = 1)
    {
        var queue = _faults.GetOrAdd(operation, _ => new ConcurrentQueue<Fault>());
        for (var i = 0; i < times; i++)
        {
            queue.Enqueue(fault);
        }
    }

    /// <summary>Google stops accepting the access tokens it issued (their next use gets 401).</summary>
    public void ExpireAccessTokens()
    {
        lock (_gate)
        {
            _accessTokens.Clear();
        }
    }

    /// <summary>The user removed the app's access (or the grant expired): refreshes get invalid_grant.</summary>
    public void RevokeGrants()
    {
        lock (_gate)
        {
            _accessTokens.Clear();
            _refreshTokens.Clear();
        }
    }

    public void AddBusy(string calendarId, DateTimeOffset start, DateTimeOffset end)
    {
        lock (_gate)
        {
            (_busy.TryGetValue(calendarId, out var list) ? list : _busy[calendarId] = []).Add((start, end));
        }
    }

    /// <summary>An event that already exists (as if an earlier try had created it).</summary>
    public void SeedEvent(string calendarId, string eventId, string startDateTime, string endDateTime)
    {
        lock (_gate)
        {
            _events[(calendarId, eventId)] = new JsonObject
            {
                ["id"] = eventId,
                ["status"] = "confirmed",
                ["summary"] = "seeded",
                ["start"] = new JsonObject { ["dateTime"] = startDateTime },
                ["end"] = new JsonObject { ["dateTime"] = endDateTime },
                ["etag"] = "\"0\"",
                ["htmlLink"] = HtmlLink(eventId),
            };
        }
    }

    public JsonObject? FindEvent(string calendarId, string eventId)
    {
        lock (_gate)
        {
            return _events.TryGetValue((calendarId, eventId), out var found) ? (JsonObject)found.DeepClone() : null;
        }
    }

    public IReadOnlyList<JsonObject> EventsIn(string calendarId)
    {
        lock (_gate)
        {
            return [.. _events.Where(e => e.Key.Calendar == calendarId).Select(e => (JsonObject)e.Value.DeepClone())];
        }
    }

    /// <summary>Follows the consent page like a browser: Google redirects to redirect_uri with a code and the state.</summary>
    public async Task<Uri> ConsentAsync(Uri authorizationUrl)
    {
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        using var response = await http.GetAsync(authorizationUrl);
        return response.Headers.Location ?? throw new InvalidOperationException($"No redirect from the consent page ({(int)response.StatusCode}).");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "";
        var form = request.HasFormContentType ? await request.ReadFormAsync() : null;
        var body = form is null && request.ContentLength is > 0 or null && request.Method is "POST" or "PATCH"
            ? await new StreamReader(request.Body).ReadToEndAsync()
            : "";
        var operation = Operation(request.Method, path);
        var bearer = request.Headers.Authorization.ToString() is { } auth && auth.StartsWith("Bearer ", StringComparison.Ordinal) ? auth[7..] : null;
        lock (_gate)
        {
            _requests.Add(new RecordedRequest(operation, request.Method, path + request.QueryString, body, bearer));
        }

        if (_faults.TryGetValue(operation, out var queue) && queue.TryDequeue(out var fault))
        {
            if (fault.Kind == FaultKind.Hang)
            {
                await HangAsync(context);
                return;
            }
            if (fault.Kind == FaultKind.Status)
            {
                await ErrorAsync(context, fault.StatusCode, fault.Reason ?? "backendError", fault.Reason ?? "Backend Error");
                return;
            }
            // FaultKind.ApplyThenHang: do the work below, then never answer.
            await DispatchAsync(context, operation, form, body, bearer, respond: false);
            await HangAsync(context);
            return;
        }
        await DispatchAsync(context, operation, form, body, bearer, respond: true);
    }

    private async Task DispatchAsync(HttpContext context, string operation, IFormCollection? form, string body, string? bearer, bool respond)
    {
        var response = operation switch
        {
            "consent" => Consent(context.Request.Query),
            "token" => Token(form!),
            "revoke" => Revoke(form!),
            _ when !IsValidAccessToken(bearer) => Google(401, Error(401, "authError", "Invalid Credentials")),
            "calendarList" => CalendarList(),
            "freeBusy" => FreeBusy(body),
            "insert" => Insert(CalendarOf(context.Request.Path.Value!), body),
            "patch" => Patch(CalendarOf(context.Request.Path.Value!), EventOf(context.Request.Path.Value!), body),
            "delete" => Delete(CalendarOf(context.Request.Path.Value!), EventOf(context.Request.Path.Value!)),
            _ => Google(404, Error(404, "notFound", "Not Found")),
        };
        if (!respond)
        {
            return;
        }
        context.Response.StatusCode = response.Status;
        if (response.Location is not null)
        {
            context.Response.Headers.Location = response.Location;
        }
        if (response.Json is not null)
        {
            context.Response.ContentType = "application/json; charset=UTF-8";
            await context.Response.WriteAsync(response.Json.ToJsonString());
        }
    }

    private Reply Consent(IQueryCollection query)
    {
        if (query["client_id"] != ClientId || query["response_type"] != "code" || query["code_challenge_method"] != "S256")
        {
            return new Reply(400, Json: new JsonObject { ["error"] = "invalid_request" });
        }
        var code = "4/code-" + Random();
        var scopes = GrantedScopes ?? query["scope"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        lock (_gate)
        {
            _codes[code] = new PendingCode(query["redirect_uri"].ToString(), query["code_challenge"].ToString(), string.Join(' ', scopes));
            _issued.Add(code);
        }
        var redirect = $"{query["redirect_uri"]}?state={Uri.EscapeDataString(query["state"].ToString())}&code={Uri.EscapeDataString(code)}&scope={Uri.EscapeDataString(string.Join(' ', scopes))}";
        return new Reply(302, Location: redirect);
    }

    private Reply Token(IFormCollection form)
    {
        if (form["client_id"] != ClientId || form["client_secret"] != ClientSecret)
        {
            return new Reply(401, Json: new JsonObject { ["error"] = "invalid_client", ["error_description"] = "The OAuth client was not found." });
        }
        lock (_gate)
        {
            switch (form["grant_type"].ToString())
            {
                case "authorization_code":
                    var code = form["code"].ToString();
                    if (!_codes.Remove(code, out var pending))
                    {
                        return InvalidGrant("Malformed auth code.");
                    }
                    if (pending.RedirectUri != form["redirect_uri"])
                    {
                        return InvalidGrant("Bad Request");
                    }
                    var verifier = form["code_verifier"].ToString();
                    var challenge = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
                    if (verifier.Length < 43 || challenge != pending.Challenge)
                    {
                        return InvalidGrant("Invalid code verifier.");
                    }
                    var refresh = "1//refresh-" + Random();
                    _refreshTokens.Add(refresh);
                    _issued.Add(refresh);
                    return TokenReply(pending.Scopes, refresh);
                case "refresh_token":
                    return _refreshTokens.Contains(form["refresh_token"].ToString())
                        ? TokenReply(string.Join(' ', AllScopes), refreshToken: null)
                        : InvalidGrant("Token has been expired or revoked.");
                default:
                    return new Reply(400, Json: new JsonObject { ["error"] = "unsupported_grant_type" });
            }
        }
    }

    private Reply TokenReply(string scope, string? refreshToken)
    {
        var access = "ya29.access-" + Random();
        _accessTokens.Add(access);
        _issued.Add(access);
        var json = new JsonObject
        {
            ["access_token"] = access,
            ["expires_in"] = AccessTokenLifetimeSeconds,
            ["scope"] = scope,
            ["token_type"] = "Bearer",
        };
        if (refreshToken is not null)
        {
            json["refresh_token"] = refreshToken;
        }
        return new Reply(200, Json: json);
    }

    private Reply Revoke(IFormCollection form)
    {
        lock (_gate)
        {
            var token = form["token"].ToString();
            _refreshTokens.Remove(token);
            _accessTokens.Remove(token);
        }
        return new Reply(200, Json: new JsonObject());
    }

    private static Reply InvalidGrant(string description) =>
        new(400, Json: new JsonObject { ["error"] = "invalid_grant", ["error_description"] = description });

    private bool IsValidAccessToken(string? bearer)
    {
        lock (_gate)
        {
            return bearer is not null && _accessTokens.Contains(bearer);
        }
    }

    private static Reply CalendarList() => Google(200, new JsonObject
    {
        ["kind"] = "calendar#calendarList",
        ["items"] = new JsonArray(
            new JsonObject { ["id"] = PrimaryCalendarId, ["summary"] = PrimaryCalendarId, ["primary"] = true, ["accessRole"] = "owner", ["timeZone"] = "Europe/Brussels" },
            new JsonObject { ["id"] = TeamCalendarId, ["summary"] = "Team", ["accessRole"] = "writer", ["timeZone"] = "Europe/Brussels" }),
    });

    private Reply FreeBusy(string body)
    {
        var query = JsonNode.Parse(body)!;
        var min = DateTimeOffset.Parse(query["timeMin"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        var max = DateTimeOffset.Parse(query["timeMax"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        var calendars = new JsonObject();
        foreach (var item in query["items"]!.AsArray())
        {
            var asked = item!["id"]!.GetValue<string>();
            var id = asked == "primary" ? PrimaryCalendarId : asked;
            var busy = new List<(DateTimeOffset Start, DateTimeOffset End)>();
            lock (_gate)
            {
                busy.AddRange(_busy.TryGetValue(id, out var list) ? list : []);
                busy.AddRange(_events.Where(e => e.Key.Calendar == id && e.Value["status"]?.GetValue<string>() != "cancelled")
                    .Select(e => (Time(e.Value["start"]!), Time(e.Value["end"]!))));
            }
            calendars[asked] = new JsonObject
            {
                ["busy"] = new JsonArray([.. Merge(busy.Where(b => b.Start < max && b.End > min))
                    .Select(b => (JsonNode)new JsonObject { ["start"] = b.Start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), ["end"] = b.End.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) })]),
            };
        }
        return Google(200, new JsonObject { ["kind"] = "calendar#freeBusy", ["timeMin"] = query["timeMin"]!.DeepClone(), ["timeMax"] = query["timeMax"]!.DeepClone(), ["calendars"] = calendars });
    }

    private Reply Insert(string calendarId, string body)
    {
        var created = JsonNode.Parse(body)!.AsObject();
        var id = created["id"]?.GetValue<string>() ?? "";
        if (!EventIdPattern().IsMatch(id))
        {
            return Google(400, Error(400, "invalid", "Invalid resource id value."));
        }
        lock (_gate)
        {
            if (_events.ContainsKey((calendarId, id)))
            {
                return Google(409, Error(409, "duplicate", "The requested identifier already exists."));
            }
            created["status"] ??= "confirmed";
            created["etag"] = "\"1\"";
            created["htmlLink"] = HtmlLink(id);
            _events[(calendarId, id)] = created;
            return Google(200, (JsonObject)created.DeepClone());
        }
    }

    private Reply Patch(string calendarId, string eventId, string body)
    {
        lock (_gate)
        {
            if (!_events.TryGetValue((calendarId, eventId), out var existing))
            {
                return Google(404, Error(404, "notFound", "Not Found"));
            }
            foreach (var (key, value) in JsonNode.Parse(body)!.AsObject())
            {
                existing[key] = value?.DeepClone();
            }
            var etag = int.Parse(existing["etag"]!.GetValue<string>().Trim('"'), System.Globalization.CultureInfo.InvariantCulture) + 1;
            existing["etag"] = $"\"{etag}\"";
            return Google(200, (JsonObject)existing.DeepClone());
        }
    }

    private Reply Delete(string calendarId, string eventId)
    {
        lock (_gate)
        {
            if (!_events.TryGetValue((calendarId, eventId), out var existing))
            {
                return Google(404, Error(404, "notFound", "Not Found"));
            }
            if (existing["status"]?.GetValue<string>() == "cancelled")
            {
                return Google(410, Error(410, "deleted", "Resource has been deleted"));
            }
            existing["status"] = "cancelled";
            return new Reply(204);
        }
    }

    private static async Task HangAsync(HttpContext context)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The client gave up, which is the point.
        }
    }

    private static Task ErrorAsync(HttpContext context, int status, string reason, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=UTF-8";
        var domain = reason.Contains("RateLimit", StringComparison.OrdinalIgnoreCase) ? "usageLimits" : "global";
        return context.Response.WriteAsync(Error(status, reason, message, domain).ToJsonString());
    }

    private static JsonObject Error(int code, string reason, string message, string domain = "global") => new()
    {
        ["error"] = new JsonObject
        {
            ["errors"] = new JsonArray(new JsonObject { ["domain"] = domain, ["reason"] = reason, ["message"] = message }),
            ["code"] = code,
            ["message"] = message,
        },
    };

    private static Reply Google(int status, JsonObject json) => new(status, Json: json);

    private static string Operation(string method, string path) => (method, path) switch
    {
        ("GET", "/o/oauth2/v2/auth") => "consent",
        ("POST", "/token") => "token",
        ("POST", "/revoke") => "revoke",
        ("GET", "/calendar/v3/users/me/calendarList") => "calendarList",
        ("POST", "/calendar/v3/freeBusy") => "freeBusy",
        ("POST", _) when path.EndsWith("/events", StringComparison.Ordinal) => "insert",
        ("PATCH", _) => "patch",
        ("DELETE", _) => "delete",
        _ => "unknown",
    };

    private static string CalendarOf(string path)
    {
        var calendar = Uri.UnescapeDataString(path.Split('/')[4]);
        return calendar == "primary" ? PrimaryCalendarId : calendar;
    }

    private static string EventOf(string path) => Uri.UnescapeDataString(path.Split('/')[6]);

    private static DateTimeOffset Time(JsonNode node) =>
        DateTimeOffset.Parse(node["dateTime"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);

    private static IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> Merge(IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> busy)
    {
        (DateTimeOffset Start, DateTimeOffset End)? current = null;
        foreach (var b in busy.OrderBy(b => b.Start))
        {
            if (current is { } c && b.Start <= c.End)
            {
                current = (c.Start, b.End > c.End ? b.End : c.End);
                continue;
            }
            if (current is { } done)
            {
                yield return done;
            }
            current = b;
        }
        if (current is { } last)
        {
            yield return last;
        }
    }

    private static string HtmlLink(string eventId) =>
        $"https://www.google.com/calendar/event?eid={Convert.ToBase64String(Encoding.UTF8.GetBytes(eventId + " " + PrimaryCalendarId)).TrimEnd('=')}";

    private static string Random() => Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();

    [GeneratedRegex("^[a-v0-9]{5,1024}$")]
    private static partial Regex EventIdPattern();

    private sealed record PendingCode(string RedirectUri, string Challenge, string Scopes);

    private sealed record Reply(int Status, JsonObject? Json = null, string? Location = null);
}

public enum FaultKind
{
    Status,
    Hang,
    ApplyThenHang,
}

public sealed record Fault(FaultKind Kind, int StatusCode = 0, string? Reason = null)
{
    public static Fault Answer(int statusCode, string? reason = null) => new(FaultKind.Status, statusCode, reason);

    public static readonly Fault Hang = new(FaultKind.Hang);

    /// <summary>The request takes effect at Google but its answer never arrives (the client times out).</summary>
    public static readonly Fault ApplyThenHang = new(FaultKind.ApplyThenHang);
}

public sealed record RecordedRequest(string Operation, string Method, string PathAndQuery, string Body, string? Bearer);
