using System.Net.Mail;
using System.Net.Mime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenBooking.Tools.Hosting;

namespace OpenBooking.Tools.Email;

/// <summary>
/// The default email provider: writes each message as an RFC 5322 .eml file into a folder, where a
/// developer (or <c>/dev/mailbox</c>, or a test) reads it. Nothing leaves the machine.
/// </summary>
public sealed class PickupDirectoryEmailSender(
    IOptionsMonitor<EmailOptions> options, DataDirectory dataDirectory, ILogger<PickupDirectoryEmailSender> logger) : IEmailSender
{
    public string Directory => dataDirectory.Resolve(options.CurrentValue.PickupDirectory);

    public async Task<EmailReceipt> SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        var directory = Directory;
        System.IO.Directory.CreateDirectory(directory);
        using var mail = ToMailMessage(message, options.CurrentValue.From);
        using var client = new SmtpClient
        {
            DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory,
            PickupDirectoryLocation = directory,
        };
        try
        {
            await client.SendMailAsync(mail, cancellationToken);
        }
        catch (SmtpException ex)
        {
            throw new EmailDeliveryException("The email could not be written to the pickup directory.", ex);
        }
        logger.LogInformation("Email '{Subject}' written to the pickup directory {Directory}", message.Subject, directory);
        return new EmailReceipt(EmailProvider.Pickup, $"Written to the pickup directory {directory}.");
    }

    internal static MailMessage ToMailMessage(EmailMessage message, string from)
    {
        var mail = new MailMessage(from, message.To)
        {
            Subject = message.Subject,
            Body = message.TextBody,
            BodyEncoding = System.Text.Encoding.UTF8,
            SubjectEncoding = System.Text.Encoding.UTF8,
        };
        if (message.HtmlBody is not null)
        {
            mail.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(message.HtmlBody, System.Text.Encoding.UTF8, MediaTypeNames.Text.Html));
        }
        foreach (var attachment in message.Attachments ?? [])
        {
            var contentType = new ContentType(attachment.ContentType);
            if (attachment.IsCalendar)
            {
                // Outlook and Gmail show an invitation (with the event's time and an update of the one already in the
                // calendar) from a text/calendar alternative carrying the method; other clients take the attachment.
                mail.AlternateViews.Add(new AlternateView(new MemoryStream(attachment.Content), new ContentType(attachment.ContentType))
                {
                    TransferEncoding = TransferEncoding.Base64,
                });
            }
            contentType.Name = attachment.FileName;
            var file = new Attachment(new MemoryStream(attachment.Content), contentType)
            {
                TransferEncoding = TransferEncoding.Base64,
            };
            file.ContentDisposition!.FileName = attachment.FileName;
            mail.Attachments.Add(file);
        }
        return mail;
    }
}

/// <summary>Reads the .eml files of the pickup directory back, newest first (for <c>/dev/mailbox</c> and tests).</summary>
public sealed class PickupMailbox(PickupDirectoryEmailSender sender)
{
    public IReadOnlyList<ReceivedEmail> ReadNewest(int max = 50)
    {
        var dir = new DirectoryInfo(sender.Directory);
        if (!dir.Exists)
        {
            return [];
        }
        return [.. dir.EnumerateFiles("*.eml")
            .OrderByDescending(f => f.LastWriteTimeUtc).ThenByDescending(f => f.Name)
            .Take(max)
            .Select(f => EmlReader.Read(File.ReadAllText(f.FullName), f.LastWriteTimeUtc))];
    }
}

public sealed record ReceivedEmail(string To, string Subject, string TextBody, DateTime ReceivedUtc)
{
    public string? HtmlBody { get; init; }

    /// <summary>File names of the attachments, in order.</summary>
    public IReadOnlyList<string> AttachmentNames { get; init; } = [];

    /// <summary>The first text/calendar part (invitation or attachment), decoded; null when there is none.</summary>
    public string? CalendarText { get; init; }
}
