using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using OpenBooking.Tools.Notifications;

namespace OpenBooking.Tools.Zapier;

/// <summary>What a receiver answered: its status code (null when it could not be reached) and, on failure, why.</summary>
public sealed record WebhookPostResult(bool Succeeded, int? StatusCode, string? Error);

/// <summary>Posts signed JSON to hook URLs (see <see cref="ZapierOptions"/> for the headers).</summary>
public sealed class WebhookSender(IHttpClientFactory httpFactory, IOptionsMonitor<ZapierOptions> options)
{
    public const string HttpClientName = "zapier";
    public const string EventIdHeader = "X-OpenBooking-Event-Id";
    public const string EventTypeHeader = "X-OpenBooking-Event-Type";
    public const string SignatureHeader = "X-OpenBooking-Signature";

    /// <summary><c>sha256=</c> and the lower-case hex HMAC-SHA256 of <paramref name="body"/> keyed with <paramref name="secret"/>.</summary>
    public static string Sign(string secret, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    /// <summary>Posts one body; never throws for a receiver's failure (a 4xx/5xx, a timeout, a refused connection).</summary>
    public async Task<WebhookPostResult> PostAsync(string url, string eventId, string eventType, string body, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(EventIdHeader, eventId);
        request.Headers.Add(EventTypeHeader, eventType);
        if (!string.IsNullOrEmpty(settings.SigningSecret))
        {
            request.Headers.Add(SignatureHeader, Sign(settings.SigningSecret, body));
        }
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("OpenBooking", "1.0"));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.TimeoutSeconds));
        try
        {
            using var response = await httpFactory.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
            var code = (int)response.StatusCode;
            return response.IsSuccessStatusCode
                ? new WebhookPostResult(true, code, null)
                : new WebhookPostResult(false, code, $"The receiver answered {code} {response.ReasonPhrase}.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WebhookPostResult(false, null, $"No answer within {settings.TimeoutSeconds} s.");
        }
        catch (HttpRequestException ex)
        {
            // Messages may quote the URL, whose path is the hook's secret.
            return new WebhookPostResult(false, null, OutboxDispatcher.Redact(ex.Message));
        }
    }
}
