namespace OpenBooking.Tools.Email;

/// <summary>An email to send. Text is always present; HTML is optional.</summary>
public sealed record EmailMessage(string To, string Subject, string TextBody, string? HtmlBody = null);

/// <summary>Delivers email. The default writes .eml files to a pickup directory.</summary>
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default);
}

/// <summary>Thrown when an email could not be handed to the provider; the message is safe to show.</summary>
public sealed class EmailDeliveryException(string message, Exception? inner = null) : Exception(message, inner);
