using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;

namespace OpenBooking.Tools.Email;

/// <summary>
/// Azure Communication Services Email over its REST API (the Azure SDK package is not available here):
/// <c>POST {endpoint}/emails:send</c> signed with the resource's access key (<see cref="AcsRequestSigner"/>), then
/// <c>GET</c> the <c>Operation-Location</c> it answers with, waiting <c>Retry-After</c> between polls, until the
/// operation Succeeded, Failed or was Canceled. A failure carries the service's own error code and message.
/// </summary>
public sealed class AcsEmailSender(
    IHttpClientFactory httpFactory,
    IOptionsMonitor<EmailOptions> options,
    IClock clock,
    TimeProvider time,
    ILogger<AcsEmailSender> logger) : IEmailSender
{
    public const string HttpClientName = "acs-email";

    /// <summary>The current stable version of the Email data-plane API.</summary>
    public const string ApiVersion = "2023-03-31";

    private static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestPollInterval = TimeSpan.FromSeconds(30);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public async Task<EmailReceipt> SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        var settings = options.CurrentValue;
        if (settings.ProblemWith(EmailProvider.AzureCommunicationServices) is { } problem)
        {
            throw new EmailDeliveryException($"Azure Communication Services is not configured: {problem}");
        }
        AcsConnectionString.TryParse(settings.AzureCommunicationServices.ConnectionString, out var connection, out _);
        var sender = string.IsNullOrWhiteSpace(settings.AzureCommunicationServices.SenderAddress)
            ? settings.From
            : settings.AzureCommunicationServices.SenderAddress;

        // Our own operation id makes the send repeatable: the service treats a retried POST with it as the same email.
        var operationId = Guid.NewGuid().ToString();
        var body = JsonSerializer.SerializeToUtf8Bytes(ToRequest(message, sender), Json);
        using var post = new HttpRequestMessage(HttpMethod.Post, new Uri($"{connection!.Endpoint}/emails:send?api-version={ApiVersion}"))
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        post.Headers.TryAddWithoutValidation("Operation-Id", operationId);
        post.Headers.TryAddWithoutValidation("x-ms-client-request-id", operationId);
        AcsRequestSigner.Sign(post, body, connection.AccessKey, clock.GetCurrentInstant());

        var http = httpFactory.CreateClient(HttpClientName);
        using (var accepted = await SendAsync(http, post, cancellationToken))
        {
            if (accepted.StatusCode != HttpStatusCode.Accepted)
            {
                throw await RefusedAsync(accepted, "refused the email", cancellationToken);
            }
            var status = await ReadStatusAsync(accepted, cancellationToken);
            operationId = status?.Id ?? operationId;
            var location = accepted.Headers.TryGetValues("Operation-Location", out var values) && Uri.TryCreate(values.First(), UriKind.Absolute, out var given)
                ? given
                : new Uri($"{connection.Endpoint}/emails/operations/{Uri.EscapeDataString(operationId)}?api-version={ApiVersion}");
            logger.LogInformation("Azure Communication Services accepted email '{Subject}' as operation {OperationId}", message.Subject, operationId);
            return await FollowAsync(http, connection, location, operationId, RetryAfter(accepted), settings.AzureCommunicationServices.MaxWait, cancellationToken);
        }
    }

    /// <summary>Polls the operation until it ends (or <paramref name="maxWait"/> of waiting has passed: it was accepted, so it counts as sent).</summary>
    private async Task<EmailReceipt> FollowAsync(
        HttpClient http, AcsConnectionString connection, Uri location, string operationId, TimeSpan delay, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var waited = TimeSpan.Zero;
        while (true)
        {
            if (waited + delay > maxWait)
            {
                logger.LogWarning("Email operation {OperationId} was still running after {Seconds} s; not following it further", operationId, waited.TotalSeconds);
                return new EmailReceipt(EmailProvider.AzureCommunicationServices,
                    $"Operation {operationId} accepted and still running after {waited.TotalSeconds:0} s.", operationId);
            }
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, time, cancellationToken);
            }
            waited += delay;

            using var get = new HttpRequestMessage(HttpMethod.Get, location);
            AcsRequestSigner.Sign(get, [], connection.AccessKey, clock.GetCurrentInstant());
            using var response = await SendAsync(http, get, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw await RefusedAsync(response, $"did not report on operation {operationId}", cancellationToken);
            }
            var status = await ReadStatusAsync(response, cancellationToken)
                ?? throw new EmailDeliveryException($"Azure Communication Services answered operation {operationId} with an unreadable status.");
            switch (status.Status)
            {
                case "Succeeded":
                    return new EmailReceipt(EmailProvider.AzureCommunicationServices, $"Operation {status.Id ?? operationId}: Succeeded.", status.Id ?? operationId);
                case "Failed" or "Canceled":
                    throw new EmailDeliveryException(
                        $"Azure Communication Services reports operation {status.Id ?? operationId} {status.Status}: "
                        + (status.Error is { } error ? Describe(error) : "no reason given."));
            }
            delay = RetryAfter(response);
        }
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new EmailDeliveryException($"Could not reach Azure Communication Services at {request.RequestUri!.GetLeftPart(UriPartial.Authority)}: {ex.Message}", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new EmailDeliveryException($"Azure Communication Services at {request.RequestUri!.GetLeftPart(UriPartial.Authority)} did not answer in time.", ex);
        }
    }

    private static async Task<EmailDeliveryException> RefusedAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        AcsErrorResponse? error = null;
        try
        {
            error = await response.Content.ReadFromJsonSafeAsync<AcsErrorResponse>(cancellationToken);
        }
        catch (JsonException)
        {
            // Not the documented error body (a proxy's page, say): the status code still says what happened.
        }
        var detail = error?.Error is { } e ? Describe(e) : response.ReasonPhrase ?? "";
        var hint = response.StatusCode == HttpStatusCode.Unauthorized
            ? " Check the access key in Email:AzureCommunicationServices:ConnectionString (and this server's clock)."
            : "";
        return new EmailDeliveryException($"Azure Communication Services {what} ({status}): {detail}{hint}".TrimEnd());
    }

    private static async Task<AcsSendStatus?> ReadStatusAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonSafeAsync<AcsSendStatus>(cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Describe(AcsError error) =>
        string.Join(" ", new[] { error.Code is null ? null : $"{error.Code}:", error.Message ?? "no message." }.Where(p => p is not null));

    /// <summary>The wait the service asks for (seconds), kept between zero and half a minute; one second when it says nothing.</summary>
    private TimeSpan RetryAfter(HttpResponseMessage response)
    {
        var retryAfter = response.Headers.RetryAfter;
        var delay = retryAfter?.Delta ?? (retryAfter?.Date is { } date ? date - time.GetUtcNow() : DefaultPollInterval);
        return delay < TimeSpan.Zero ? TimeSpan.Zero : delay > LongestPollInterval ? LongestPollInterval : delay;
    }

    private static AcsSendRequest ToRequest(EmailMessage message, string sender) => new(
        sender,
        new AcsRecipients([new AcsAddress(message.To)]),
        new AcsContent(message.Subject, message.TextBody, message.HtmlBody),
        message.Attachments is { Count: > 0 } attachments
            ? [.. attachments.Select(a => new AcsAttachment(a.FileName, MediaType(a.ContentType), Convert.ToBase64String(a.Content)))]
            : null,
        // Codes and booking emails need no open or click tracking (and tracking would rewrite the manage link).
        UserEngagementTrackingDisabled: true);

    /// <summary>The service takes a bare media type (<c>text/calendar</c>), not one with parameters.</summary>
    private static string MediaType(string contentType) => contentType.Split(';', 2)[0].Trim();

    private sealed record AcsSendRequest(
        string SenderAddress, AcsRecipients Recipients, AcsContent Content, IReadOnlyList<AcsAttachment>? Attachments, bool UserEngagementTrackingDisabled);

    private sealed record AcsRecipients(IReadOnlyList<AcsAddress> To);

    private sealed record AcsAddress(string Address);

    private sealed record AcsContent(string Subject, string PlainText, string? Html);

    private sealed record AcsAttachment(string Name, string ContentType, string ContentInBase64);

    private sealed record AcsSendStatus(string? Id, string? Status, AcsError? Error);

    private sealed record AcsErrorResponse(AcsError? Error);

    private sealed record AcsError(string? Code, string? Message);
}

internal static class HttpContentJson
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    /// <summary>The body as JSON, or null when it is empty.</summary>
    public static async Task<T?> ReadFromJsonSafeAsync<T>(this HttpContent content, CancellationToken cancellationToken)
    {
        var bytes = await content.ReadAsByteArrayAsync(cancellationToken);
        return bytes.Length == 0 ? default : JsonSerializer.Deserialize<T>(bytes, Web);
    }
}
