using Microsoft.Extensions.Options;
using NodaTime;
using OpenBooking.Tools.Business;
using OpenBooking.Tools.Diagnostics;

namespace OpenBooking.Tools.Email;

/// <summary>The last success and the last failure of one email provider.</summary>
public sealed record EmailProviderHealth(
    EmailProvider Provider,
    Instant? LastSuccessAt = null,
    string? LastAnswer = null,
    Instant? LastFailureAt = null,
    string? LastError = null)
{
    /// <summary>The most recent attempt failed.</summary>
    public bool IsFailing => LastFailureAt is { } failed && (LastSuccessAt is not { } succeeded || failed > succeeded);
}

/// <summary>
/// What each email provider last answered, for the dashboard: every email sent through <see cref="ProviderEmailSender"/>
/// (codes, booking emails, test emails) updates it. Stored in the database (<see cref="IntegrationHealthStore"/>), so
/// every instance's dashboard shows what any instance saw.
/// </summary>
public sealed class EmailProviderStatus(IntegrationHealthStore store)
{
    private const string Prefix = "email:";

    public async Task<EmailProviderHealth> GetAsync(EmailProvider provider, CancellationToken cancellationToken = default) =>
        ToHealth(provider, await store.GetAsync(Prefix + provider, cancellationToken));

    /// <summary>Every provider, in declaration order, whether used yet or not.</summary>
    public async Task<IReadOnlyList<EmailProviderHealth>> GetAllAsync(CancellationToken cancellationToken = default)
    {
        var rows = await store.GetAllAsync(Prefix, cancellationToken);
        return [.. Enum.GetValues<EmailProvider>().Select(p => ToHealth(p, rows.GetValueOrDefault(Prefix + p)))];
    }

    public Task RecordSuccessAsync(EmailReceipt receipt) => store.RecordSuccessAsync(Prefix + receipt.Provider, receipt.Answer);

    public Task RecordFailureAsync(EmailProvider provider, string error) => store.RecordFailureAsync(Prefix + provider, error);

    private static EmailProviderHealth ToHealth(EmailProvider provider, IntegrationHealthEntry? row) =>
        row is null ? new EmailProviderHealth(provider) : new EmailProviderHealth(provider, row.LastSuccessAt, row.LastAnswer, row.LastFailureAt, row.LastError);
}

/// <summary>The provider's answer to a test email: its operation id or acceptance, or its error.</summary>
public sealed record EmailTestResult(bool Succeeded, EmailProvider Provider, string Answer, string? OperationId = null);

/// <summary>
/// The dashboard's view of email delivery: which provider is selected, whether its settings are complete, what each
/// provider last answered, and a test email that returns the provider's own answer.
/// </summary>
public sealed class EmailDiagnostics(
    ProviderEmailSender sender,
    EmailProviderStatus status,
    IOptionsMonitor<EmailOptions> options,
    IOptionsMonitor<BusinessOptions> business,
    IClock clock)
{
    public EmailProvider CurrentProvider => options.CurrentValue.Provider;

    /// <summary>Every provider's last success and failure (see <see cref="EmailProviderHealth.IsFailing"/>).</summary>
    public Task<IReadOnlyList<EmailProviderHealth>> GetStatusAsync(CancellationToken cancellationToken = default) => status.GetAllAsync(cancellationToken);

    /// <summary>What is missing for a provider to send (the selected one by default), naming the setting; null when complete.</summary>
    public string? GetConfigurationProblem(EmailProvider? provider = null) => options.CurrentValue.ProblemWith(provider ?? CurrentProvider);

    /// <summary>
    /// Sends a short test email to <paramref name="to"/> with <paramref name="provider"/> (the selected provider by default)
    /// and returns what the provider answered. Never throws for a delivery failure: the error is the answer.
    /// </summary>
    public async Task<EmailTestResult> SendTestEmailAsync(string to, EmailProvider? provider = null, CancellationToken cancellationToken = default)
    {
        var chosen = provider ?? CurrentProvider;
        if (!EmailAddress.IsValid(to?.Trim()))
        {
            return new EmailTestResult(false, chosen, "That is not a valid email address.");
        }
        var name = business.CurrentValue.Name;
        var at = clock.GetCurrentInstant().InZone(business.CurrentValue.Zone).ToString("yyyy-MM-dd HH:mm", null);
        var text = $"This is a test email from {name}, sent with {Describe(chosen)} at {at}. If you can read it, email works.";
        var html = $"<p style=\"font-family:Arial,sans-serif;font-size:16px\">{System.Net.WebUtility.HtmlEncode(text)}</p>";
        try
        {
            var receipt = await sender.SendWithAsync(chosen, new EmailMessage(to!.Trim(), $"Test email from {name}", text, html), cancellationToken);
            return new EmailTestResult(true, chosen, receipt.Answer, receipt.OperationId);
        }
        catch (EmailDeliveryException ex)
        {
            return new EmailTestResult(false, chosen, ex.Message);
        }
    }

    private static string Describe(EmailProvider provider) => provider switch
    {
        EmailProvider.Smtp => "SMTP",
        EmailProvider.AzureCommunicationServices => "Azure Communication Services",
        _ => "the pickup directory",
    };
}
