using System.Net;
using System.Net.Mail;
using System.Net.Sockets;
using System.Security.Authentication;
using Microsoft.Extensions.Options;

namespace OpenBooking.Tools.Email;

/// <summary>
/// Sends through an SMTP server (System.Net.Mail): STARTTLS when <see cref="SmtpEmailOptions.EnableSsl"/>, AUTH LOGIN
/// when a user name is set. Settings are read per email, so a dashboard edit applies to the next one. Failures become
/// an <see cref="EmailDeliveryException"/> naming the server and its answer, never the password.
/// </summary>
public sealed class SmtpEmailSender(IOptionsMonitor<EmailOptions> options) : IEmailSender
{
    public async Task<EmailReceipt> SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        var settings = options.CurrentValue;
        if (settings.ProblemWith(EmailProvider.Smtp) is { } problem)
        {
            throw new EmailDeliveryException($"SMTP is not configured: {problem}");
        }
        var smtp = settings.Smtp;
        var server = $"{smtp.Host}:{smtp.Port}";
        using var mail = PickupDirectoryEmailSender.ToMailMessage(message, settings.From);
        using var client = new SmtpClient(smtp.Host, smtp.Port)
        {
            DeliveryMethod = SmtpDeliveryMethod.Network,
            EnableSsl = smtp.EnableSsl,
            UseDefaultCredentials = false,
            Credentials = string.IsNullOrWhiteSpace(smtp.UserName) ? null : new NetworkCredential(smtp.UserName, smtp.Password ?? ""),
            // A backstop only: the wait below gives up first.
            Timeout = (int)Math.Min(int.MaxValue, (smtp.Timeout + TimeSpan.FromSeconds(30)).TotalMilliseconds),
        };
        var send = Task.Run(() => client.Send(mail), CancellationToken.None);
        try
        {
            // The synchronous Send: when every recipient is refused it stops there and says so, where SendMailAsync
            // may go on to DATA (when RCPT answers at once) and report the server's "no valid recipients" instead.
            await send.WaitAsync(smtp.Timeout, cancellationToken);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            // Disposing aborts the conversation; Send then fails on its thread, where nobody waits for it any more.
            client.Dispose();
            _ = send.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            if (ex is TimeoutException)
            {
                throw new EmailDeliveryException($"The SMTP server {server} did not finish within {smtp.Timeout.TotalSeconds:0} s.");
            }
            throw;
        }
        catch (SmtpFailedRecipientException ex)
        {
            throw new EmailDeliveryException($"The SMTP server {server} refused the recipient ({(int)ex.StatusCode}): {ex.Message}", ex)
            {
                RecipientRejected = IsPermanent(ex.StatusCode),
            };
        }
        catch (SmtpException ex)
        {
            throw new EmailDeliveryException(Explain(ex, server, smtp), ex);
        }
        catch (Exception ex) when (ex is IOException or SocketException or AuthenticationException or InvalidOperationException)
        {
            throw new EmailDeliveryException(Explain(ex, server, smtp), ex);
        }
        return new EmailReceipt(EmailProvider.Smtp, $"Accepted by the SMTP server {server}{(smtp.EnableSsl ? " (STARTTLS)" : "")}.");
    }

    private static string Explain(Exception ex, string server, SmtpEmailOptions smtp)
    {
        var root = ex;
        while (root.InnerException is not null && root is not SocketException and not AuthenticationException)
        {
            root = root.InnerException;
        }
        return root switch
        {
            SocketException socket => $"Could not connect to the SMTP server {server}: {socket.Message}",
            AuthenticationException tls => $"The TLS handshake with the SMTP server {server} failed ({tls.Message}). Check Email:Smtp:EnableSsl and the server's certificate.",
            // System.Net.Mail goes on without AUTH when the server refuses the credentials; MAIL FROM then gets 530.
            _ when ex is SmtpException { StatusCode: SmtpStatusCode.MustIssueStartTlsFirst or SmtpStatusCode.ClientNotPermitted } smtpError
                => $"The SMTP server {server} did not accept the sign-in ({(int)smtpError.StatusCode}): {ex.Message} "
                    + (string.IsNullOrWhiteSpace(smtp.UserName) ? "Set Email:Smtp:UserName and Email:Smtp:Password." : "Check Email:Smtp:UserName and Email:Smtp:Password.")
                    + (smtp.EnableSsl ? "" : " The server may also want Email:Smtp:EnableSsl."),
            // The client checks the EHLO answer for STARTTLS before it sends anything else.
            _ when ex is SmtpException { StatusCode: SmtpStatusCode.GeneralFailure, InnerException: null } && smtp.EnableSsl
                => $"The SMTP server {server} does not offer STARTTLS ({ex.Message}) Turn off Email:Smtp:EnableSsl only if the network to it is trusted.",
            _ when ex is SmtpException { StatusCode: SmtpStatusCode.GeneralFailure } => $"The SMTP server {server} did not accept the email: {ex.Message}",
            _ when ex is SmtpException smtpError => $"The SMTP server {server} did not accept the email ({(int)smtpError.StatusCode}): {ex.Message}",
            _ => $"Sending through the SMTP server {server} failed: {ex.Message}",
        };
    }

    /// <summary>5xx answers are final; 4xx ones (mailbox busy, try later) may pass another time.</summary>
    private static bool IsPermanent(SmtpStatusCode code) => (int)code is >= 500 and < 600;
}
