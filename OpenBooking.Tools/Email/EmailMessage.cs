using System.Text;

namespace OpenBooking.Tools.Email;

/// <summary>An email to send. Text is always present; HTML and attachments are optional.</summary>
public sealed record EmailMessage(
    string To,
    string Subject,
    string TextBody,
    string? HtmlBody = null,
    IReadOnlyList<EmailAttachment>? Attachments = null);

/// <summary>
/// A file sent with an email. <see cref="ContentType"/> is a full MIME type with parameters, e.g.
/// <c>text/calendar; method=REQUEST; charset=utf-8</c> for a calendar invitation.
/// </summary>
public sealed record EmailAttachment(string FileName, string ContentType, byte[] Content)
{
    public static EmailAttachment FromText(string fileName, string contentType, string text) =>
        new(fileName, contentType, Encoding.UTF8.GetBytes(text));

    /// <summary>A calendar invitation, which mail clients show with accept/update buttons.</summary>
    public bool IsCalendar => ContentType.StartsWith("text/calendar", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Delivers email. The default writes .eml files to a pickup directory.</summary>
public interface IEmailSender
{
    /// <summary>Hands the message to the provider; throws <see cref="EmailDeliveryException"/> when it was not accepted.</summary>
    Task<EmailReceipt> SendAsync(EmailMessage message, CancellationToken cancellationToken = default);
}

/// <summary>
/// The provider's answer to an accepted email, for the logs and the dashboard's "send test email": an ACS operation id
/// and status, the SMTP server that took it, or the pickup folder.
/// </summary>
public sealed record EmailReceipt(EmailProvider Provider, string Answer, string? OperationId = null);

/// <summary>
/// Thrown when an email could not be handed to the provider. The message names the provider and its answer (never a
/// secret); it is meant for staff (logs, the dashboard, the outbox). Customers get a plainer sentence.
/// </summary>
public sealed class EmailDeliveryException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The provider refused this recipient (e.g. SMTP 550): another try will not help, another address may.</summary>
    public bool RecipientRejected { get; init; }
}
