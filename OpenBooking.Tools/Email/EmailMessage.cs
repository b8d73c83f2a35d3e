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
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default);
}

/// <summary>Thrown when an email could not be handed to the provider; the message is safe to show.</summary>
public sealed class EmailDeliveryException(string message, Exception? inner = null) : Exception(message, inner);
