using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using OpenBooking.Tests.TestSupport;

namespace OpenBooking.Tests.Tools.Email;

/// <summary>
/// A local stand-in for Azure Communication Services Email on Kestrel at 127.0.0.1:0. It authenticates every request
/// the way the service does: it recomputes <c>VERB\n{path and query}\n{x-ms-date};{host};{x-ms-content-sha256}</c>
/// from the request as received, signs it with its own copy of the access key and compares the result with the
/// Authorization header; it checks the body against its hash and the date against the clock (15 minutes either way).
/// A failed check answers 401 with the service's error body. <c>POST /emails:send</c> answers 202 with an
/// Operation-Location and Retry-After; polls report Running a few times, then the outcome the test chose.
/// </summary>
public sealed class FakeAcsEmailServer : IAsyncDisposable
{
    public const string ApiVersion = "2023-03-31";

    private readonly WebApplication _app;
    private readonly byte[] _key;
    private readonly Func<DateTimeOffset> _now;
    private readonly ConcurrentQueue<AcsRecordedRequest> _requests = new();
    private readonly ConcurrentQueue<JsonObject> _emails = new();
    private readonly ConcurrentDictionary<string, int> _polls = new();

    private FakeAcsEmailServer(WebApplication app, byte[] key, Func<DateTimeOffset> now)
    {
        _app = app;
        _key = key;
        _now = now;
        Endpoint = app.Urls.First().TrimEnd('/');
    }

    public string Endpoint { get; }

    /// <summary>The key the service holds, base64, as it appears in the connection string.</summary>
    public string AccessKey => Convert.ToBase64String(_key);

    /// <summary>Azure Communication Services settings for this server; <paramref name="connectionString"/> replaces its own.</summary>
    public TestSettings Settings(string? connectionString = null) => new TestSettings()
        .With("Email:Provider", "AzureCommunicationServices")
        .With("Email:AzureCommunicationServices:ConnectionString", connectionString ?? ConnectionString)
        .With("Email:AzureCommunicationServices:SenderAddress", "DoNotReply@contoso.azurecomm.net");

    public string ConnectionString => $"endpoint={Endpoint}/;accesskey={AccessKey}";

    /// <summary>How many polls answer Running before the outcome.</summary>
    public int RunningPolls { get; set; } = 2;

    /// <summary>The Retry-After (seconds) sent with 202 and Running answers.</summary>
    public int RetryAfterSeconds { get; set; } = 2;

    /// <summary>Null: the operation Succeeds. Otherwise it ends Failed with this error (code, message).</summary>
    public (string Code, string Message)? Failure { get; set; }

    public IReadOnlyList<AcsRecordedRequest> Requests => [.. _requests];

    /// <summary>The JSON bodies of every accepted send request.</summary>
    public IReadOnlyList<JsonObject> Emails => [.. _emails];

    public static async Task<FakeAcsEmailServer> StartAsync(Func<DateTimeOffset> now)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FakeAcsEmailServer? server = null;
        app.Run(context => server!.HandleAsync(context));
        await app.StartAsync();
        server = new FakeAcsEmailServer(app, RandomNumberGenerator.GetBytes(64), now);
        return server;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var target = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var authenticated = Authenticate(request, target, body, out var reason);
        _requests.Enqueue(new AcsRecordedRequest(request.Method, target, request.Headers.Authorization.ToString(),
            request.Headers["Operation-Id"].ToString(), authenticated, reason));
        if (!authenticated)
        {
            await ErrorAsync(context, StatusCodes.Status401Unauthorized, "Denied", $"Denied by the resource provider. {reason}");
            return;
        }
        if (request.Query["api-version"] != ApiVersion)
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, "InvalidApiVersion", "The api-version is not supported.");
            return;
        }
        if (request.Method == HttpMethods.Post && request.Path == "/emails:send")
        {
            await SendAsync(context, body);
            return;
        }
        if (request.Method == HttpMethods.Get && request.Path.StartsWithSegments("/emails/operations", out var rest))
        {
            await PollAsync(context, rest.Value!.Trim('/'));
            return;
        }
        await ErrorAsync(context, StatusCodes.Status404NotFound, "NotFound", "No such resource.");
    }

    private async Task SendAsync(HttpContext context, byte[] body)
    {
        JsonObject? email;
        try
        {
            email = JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            email = null;
        }
        if (email?["senderAddress"] is null || email["recipients"]?["to"] is not JsonArray { Count: > 0 } || email["content"]?["subject"] is null)
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, "BadRequest", "senderAddress, recipients.to and content.subject are required.");
            return;
        }
        _emails.Enqueue(email);
        var id = context.Request.Headers["Operation-Id"].ToString() is { Length: > 0 } given ? given : Guid.NewGuid().ToString();
        _polls[id] = 0;
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        context.Response.Headers["Operation-Location"] = $"{Endpoint}/emails/operations/{id}?api-version={ApiVersion}";
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        await context.Response.WriteAsJsonAsync(new { id, status = "Running" });
    }

    private async Task PollAsync(HttpContext context, string id)
    {
        if (!_polls.TryGetValue(id, out var polls))
        {
            await ErrorAsync(context, StatusCodes.Status404NotFound, "NotFound", "No such operation.");
            return;
        }
        _polls[id] = polls + 1;
        if (polls < RunningPolls)
        {
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            await context.Response.WriteAsJsonAsync(new { id, status = "Running" });
            return;
        }
        if (Failure is { } failure)
        {
            await context.Response.WriteAsJsonAsync(new { id, status = "Failed", error = new { code = failure.Code, message = failure.Message } });
            return;
        }
        await context.Response.WriteAsJsonAsync(new { id, status = "Succeeded" });
    }

    /// <summary>The service's own check, written from its documentation (not from the client code under test).</summary>
    private bool Authenticate(HttpRequest request, string pathAndQuery, byte[] body, out string reason)
    {
        var date = request.Headers["x-ms-date"].ToString();
        var contentHash = request.Headers["x-ms-content-sha256"].ToString();
        var authorization = request.Headers.Authorization.ToString();
        const string Scheme = "HMAC-SHA256 ";
        if (date.Length == 0 || contentHash.Length == 0 || !authorization.StartsWith(Scheme, StringComparison.Ordinal))
        {
            reason = "Missing x-ms-date, x-ms-content-sha256 or an HMAC-SHA256 Authorization header.";
            return false;
        }
        var parameters = authorization[Scheme.Length..].Split('&')
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1]);
        if (parameters.GetValueOrDefault("SignedHeaders") != "x-ms-date;host;x-ms-content-sha256" || !parameters.TryGetValue("Signature", out var signature))
        {
            reason = "SignedHeaders must be x-ms-date;host;x-ms-content-sha256, with a Signature.";
            return false;
        }
        if (Convert.ToBase64String(SHA256.HashData(body)) != contentHash)
        {
            reason = "The body does not match x-ms-content-sha256.";
            return false;
        }
        if (!DateTimeOffset.TryParseExact(date, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var sent)
            || (sent - _now()).Duration() > TimeSpan.FromMinutes(15))
        {
            reason = "x-ms-date is missing, not RFC 1123, or more than 15 minutes from the service's clock.";
            return false;
        }
        var stringToSign = $"{request.Method}\n{pathAndQuery}\n{date};{request.Host.Value};{contentHash}";
        using var hmac = new HMACSHA256(_key);
        var expected = Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(stringToSign)));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature)))
        {
            reason = "The signature does not match.";
            return false;
        }
        reason = "";
        return true;
    }

    private static async Task ErrorAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        await context.Response.WriteAsJsonAsync(new { error = new { code, message } });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record AcsRecordedRequest(string Method, string Target, string Authorization, string OperationId, bool Authenticated, string Reason);
