using System.ComponentModel.DataAnnotations;

namespace OpenBooking.Tools.Email;

public enum EmailProvider
{
    Pickup,
    Smtp,
    AzureCommunicationServices,
}

/// <summary>
/// Bound to the <c>Email</c> section. The dashboard stores its edits as settings, which reach
/// <c>IOptionsMonitor&lt;EmailOptions&gt;</c> at once: the sender is chosen per email from the current value.
/// Secrets (<see cref="SmtpEmailOptions.Password"/>, <see cref="AcsEmailOptions.ConnectionString"/>) are stored
/// protected (see <see cref="SecretSettings"/>) and are plain here.
/// </summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    public EmailProvider Provider { get; set; } = EmailProvider.Pickup;

    [Required, EmailAddress]
    public string From { get; set; } = "bookings@openbooking.local";

    /// <summary>Where the pickup sender writes .eml files; relative to the data directory.</summary>
    [Required]
    public string PickupDirectory { get; set; } = "mail";

    public SmtpEmailOptions Smtp { get; set; } = new();

    public AcsEmailOptions AzureCommunicationServices { get; set; } = new();

    /// <summary>
    /// What is missing for <paramref name="provider"/> to send, naming the setting (for the sender's error and for the
    /// dashboard to check before it saves); null when it can send. Not a start-up validation: a half-configured
    /// provider that is not selected must not stop the app, and a bad dashboard edit must not break every email.
    /// </summary>
    public string? ProblemWith(EmailProvider provider) => provider switch
    {
        EmailProvider.Smtp when string.IsNullOrWhiteSpace(Smtp.Host) => "Email:Smtp:Host is not set.",
        EmailProvider.Smtp when Smtp.Port is < 1 or > 65535 => "Email:Smtp:Port must be between 1 and 65535.",
        EmailProvider.Smtp when !string.IsNullOrEmpty(Smtp.Password) && string.IsNullOrWhiteSpace(Smtp.UserName)
            => "Email:Smtp:UserName is not set (a password is).",
        EmailProvider.AzureCommunicationServices when string.IsNullOrWhiteSpace(AzureCommunicationServices.ConnectionString)
            => "Email:AzureCommunicationServices:ConnectionString is not set.",
        EmailProvider.AzureCommunicationServices when !AcsConnectionString.TryParse(AzureCommunicationServices.ConnectionString, out _, out var problem)
            => $"Email:AzureCommunicationServices:ConnectionString {problem}",
        _ => null,
    };
}

/// <summary>The <c>Email:Smtp</c> section.</summary>
public sealed class SmtpEmailOptions
{
    public string? Host { get; set; }

    /// <summary>587 is the submission port (STARTTLS); 25 for a relay. Implicit TLS (465) is not supported by System.Net.Mail.</summary>
    public int Port { get; set; } = 587;

    /// <summary>When set (with <see cref="Password"/>), the client authenticates (AUTH LOGIN).</summary>
    public string? UserName { get; set; }

    /// <summary>Secret: stored protected by the dashboard, never logged.</summary>
    public string? Password { get; set; }

    /// <summary>Upgrade the connection with STARTTLS before authenticating and sending; the server's certificate must be valid.</summary>
    public bool EnableSsl { get; set; } = true;

    /// <summary>An SMTP conversation may take this long.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>The <c>Email:AzureCommunicationServices</c> section.</summary>
public sealed class AcsEmailOptions
{
    /// <summary>
    /// <c>endpoint=https://&lt;resource&gt;.communication.azure.com/;accesskey=&lt;base64 key&gt;</c> from the
    /// Communication Services resource's Keys page. Secret: stored protected by the dashboard, never logged.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>The MailFrom address of a domain connected to the resource, e.g. DoNotReply@&lt;guid&gt;.azurecomm.net; empty: <see cref="EmailOptions.From"/>.</summary>
    public string? SenderAddress { get; set; }

    /// <summary>How long to follow the send operation before reporting it as still running (it was accepted).</summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromSeconds(60);
}
