using System.Net.Mail;
using System.Net.Mime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using OpenBooking.Tools.Data;

namespace OpenBooking.Tools.Email;

/// <summary>
/// The default email provider: writes each message as an RFC 5322 .eml file into a folder, where a
/// developer (or <c>/dev/mailbox</c>, or a test) reads it. Nothing leaves the machine.
/// </summary>
public sealed class PickupDirectoryEmailSender(
    IOptionsMonitor<EmailOptions> options, DataDirectory dataDirectory, IClock clock, ILogger<PickupDirectoryEmailSender> logger) : IEmailSender
{
    private static long _sequence;

    public string Directory => dataDirectory.Resolve(options.CurrentValue.PickupDirectory);

    public async Task<EmailReceipt> SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        var directory = Directory;
        // System.Net.Mail names pickup files with a random GUID and file times are coarse, so each message is
        // written to a folder of its own first and then moved in under a name that sorts by time of writing.
        var staging = System.IO.Directory.CreateDirectory(Path.Combine(directory, ".staging", Guid.NewGuid().ToString("N")));
        using var mail = ToMailMessage(message, options.CurrentValue.From);
        using var client = new SmtpClient
        {
            DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory,
            PickupDirectoryLocation = staging.FullName,
        };
        try
        {
            await client.SendMailAsync(mail, cancellationToken);
            var written = staging.EnumerateFiles("*.eml").Single();
            written.MoveTo(Path.Combine(directory, $"{clock.GetCurrentInstant().ToUnixTimeTicks():D19}-{Interlocked.Increment(ref _sequence):D6}-{written.Name}"));
        }
        catch (SmtpException ex)
        {
            throw new EmailDeliveryException("The email could not be written to the pickup directory.", ex);
        }
        finally
        {
            staging.Delete(recursive: true);
        }
        // Not the subject: a code email carries the code in it.
        logger.LogInformation("An email was written to the pickup directory {Directory}", directory);
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
            .OrderByDescending(f => f.Name, StringComparer.Ordinal)
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
