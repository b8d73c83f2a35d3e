using Microsoft.Extensions.Options;
using OpenBooking.Tools.Calendar.Google;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Email;

namespace OpenBooking.Web.Admin;

/// <summary>The email settings as the Integrations page edits them. Secrets start empty: empty keeps the stored one.</summary>
public sealed class EmailDraft
{
    public EmailProvider Provider { get; set; }
    public string From { get; set; } = "";
    public string? SmtpHost { get; set; }
    public int SmtpPort { get; set; } = 587;
    public string? SmtpUserName { get; set; }

    /// <summary>A new password; empty keeps the stored one.</summary>
    public string? SmtpPassword { get; set; }

    public bool SmtpEnableSsl { get; set; } = true;

    /// <summary>A new connection string; empty keeps the stored one.</summary>
    public string? AcsConnectionString { get; set; }

    public string? AcsSenderAddress { get; set; }

    /// <summary>Whether a password / connection string is stored (shown as "set (hidden)").</summary>
    public bool SmtpPasswordSet { get; set; }
    public bool AcsConnectionStringSet { get; set; }
}

/// <summary>
/// Saves the Integrations page's editors (email provider, Google OAuth client, calendar choice, disconnect) as dashboard
/// settings, and audits each change without secrets: a secret's entry says only that it changed.
/// </summary>
public sealed class IntegrationsEditor(
    IOptionsMonitor<EmailOptions> email,
    IOptionsMonitor<GoogleOptions> google,
    SettingsStore settings,
    GoogleCalendarConnector connector,
    AuditLog audit)
{
    public const string EmailProviderKey = "Email:Provider", FromKey = "Email:From",
        SmtpHostKey = "Email:Smtp:Host", SmtpPortKey = "Email:Smtp:Port", SmtpUserNameKey = "Email:Smtp:UserName",
        SmtpPasswordKey = "Email:Smtp:Password", SmtpEnableSslKey = "Email:Smtp:EnableSsl",
        AcsConnectionStringKey = "Email:AzureCommunicationServices:ConnectionString", AcsSenderAddressKey = "Email:AzureCommunicationServices:SenderAddress";

    public EmailDraft LoadEmail()
    {
        var o = email.CurrentValue;
        return new EmailDraft
        {
            Provider = o.Provider,
            From = o.From,
            SmtpHost = o.Smtp.Host,
            SmtpPort = o.Smtp.Port,
            SmtpUserName = o.Smtp.UserName,
            SmtpEnableSsl = o.Smtp.EnableSsl,
            AcsSenderAddress = o.AzureCommunicationServices.SenderAddress,
            SmtpPasswordSet = !string.IsNullOrEmpty(o.Smtp.Password),
            AcsConnectionStringSet = !string.IsNullOrEmpty(o.AzureCommunicationServices.ConnectionString),
        };
    }

    /// <summary>The problems with a draft (the field's key and a message naming the setting); empty when it can be saved.</summary>
    public IReadOnlyList<FieldError> ValidateEmail(EmailDraft draft)
    {
        List<FieldError> errors = [];
        if (!EmailAddress.IsValid(draft.From?.Trim()))
        {
            errors.Add(new(FromKey, "Email:From: enter a valid email address to send from."));
        }
        if (draft.Provider == EmailProvider.AzureCommunicationServices && !string.IsNullOrWhiteSpace(draft.AcsSenderAddress)
            && !EmailAddress.IsValid(draft.AcsSenderAddress.Trim()))
        {
            errors.Add(new(AcsSenderAddressKey, "Email:AzureCommunicationServices:SenderAddress: enter a valid email address."));
        }
        // The provider's own check, on the settings as they would be after saving (secrets kept when left empty).
        if (Merged(draft).ProblemWith(draft.Provider) is { } problem)
        {
            var field = SecretSettings.Keys.Concat([SmtpHostKey, SmtpPortKey, SmtpUserNameKey]).FirstOrDefault(k => problem.StartsWith(k, StringComparison.Ordinal)) ?? EmailProviderKey;
            errors.Add(new(field, problem));
        }
        return errors;
    }

    private EmailOptions Merged(EmailDraft draft)
    {
        var current = email.CurrentValue;
        return new EmailOptions
        {
            Provider = draft.Provider,
            From = draft.From,
            Smtp = new SmtpEmailOptions
            {
                Host = draft.SmtpHost,
                Port = draft.SmtpPort,
                UserName = draft.SmtpUserName,
                Password = string.IsNullOrEmpty(draft.SmtpPassword) ? current.Smtp.Password : draft.SmtpPassword,
                EnableSsl = draft.SmtpEnableSsl,
            },
            AzureCommunicationServices = new AcsEmailOptions
            {
                ConnectionString = string.IsNullOrEmpty(draft.AcsConnectionString) ? current.AzureCommunicationServices.ConnectionString : draft.AcsConnectionString,
                SenderAddress = draft.AcsSenderAddress,
            },
        };
    }

    /// <summary>Saves a valid draft (only what changed; a secret only when a new one was typed); returns the problems otherwise.</summary>
    public async Task<IReadOnlyList<FieldError>> SaveEmailAsync(string actor, EmailDraft draft, CancellationToken cancellationToken = default)
    {
        var errors = ValidateEmail(draft);
        if (errors.Count > 0)
        {
            return errors;
        }
        var before = LoadEmail();
        var values = new Dictionary<string, string?>();
        var changes = new List<string>();
        Compare(EmailProviderKey, before.Provider.ToString(), draft.Provider.ToString());
        Compare(FromKey, before.From, draft.From.Trim());
        if (draft.Provider == EmailProvider.Smtp)
        {
            Compare(SmtpHostKey, before.SmtpHost, draft.SmtpHost?.Trim());
            Compare(SmtpPortKey, before.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture), draft.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Compare(SmtpUserNameKey, before.SmtpUserName, draft.SmtpUserName?.Trim());
            Compare(SmtpEnableSslKey, before.SmtpEnableSsl ? "true" : "false", draft.SmtpEnableSsl ? "true" : "false");
            Secret(SmtpPasswordKey, draft.SmtpPassword);
        }
        else if (draft.Provider == EmailProvider.AzureCommunicationServices)
        {
            Compare(AcsSenderAddressKey, before.AcsSenderAddress, draft.AcsSenderAddress?.Trim());
            Secret(AcsConnectionStringKey, draft.AcsConnectionString);
        }
        if (values.Count == 0)
        {
            return [];
        }
        await settings.SetAsync(values, cancellationToken);
        await audit.WriteAsync(actor, AuditActions.EmailUpdated, string.Join("; ", changes) + ".", cancellationToken);
        draft.SmtpPassword = null;
        draft.AcsConnectionString = null;
        return [];

        void Compare(string key, string? old, string? now)
        {
            old = string.IsNullOrEmpty(old) ? null : old;
            now = string.IsNullOrEmpty(now) ? null : now;
            if (!string.Equals(old, now, StringComparison.Ordinal))
            {
                values[key] = now;
                changes.Add($"{key}: {Show(old)} → {Show(now)}");
            }
        }

        void Secret(string key, string? typed)
        {
            if (!string.IsNullOrEmpty(typed))
            {
                values[key] = typed;
                changes.Add($"{key}: changed (hidden)");
            }
        }

        static string Show(string? value) => value is null ? "not set" : $"'{value}'";
    }

    public string? GoogleClientId => google.CurrentValue.ClientId;

    public bool GoogleSecretSet => !string.IsNullOrEmpty(google.CurrentValue.ClientSecret);

    /// <summary>Saves the Google OAuth client; an empty secret keeps the stored one. Returns the problems, or the new status.</summary>
    public async Task<(IReadOnlyList<FieldError> Errors, GoogleCalendarStatus? Status)> SaveGoogleClientAsync(
        string actor, string? clientId, string? clientSecret, CancellationToken cancellationToken = default)
    {
        clientId = clientId?.Trim() ?? "";
        var secret = string.IsNullOrWhiteSpace(clientSecret) ? google.CurrentValue.ClientSecret : clientSecret.Trim();
        List<FieldError> errors = [];
        if (clientId.Length == 0)
        {
            errors.Add(new("Google:ClientId", "Google:ClientId: enter the OAuth client id (from the Google Cloud console)."));
        }
        if (string.IsNullOrWhiteSpace(secret))
        {
            errors.Add(new("Google:ClientSecret", "Google:ClientSecret: enter the OAuth client secret."));
        }
        if (errors.Count > 0)
        {
            return (errors, null);
        }
        var before = google.CurrentValue.ClientId;
        var status = await connector.SaveClientAsync(clientId, secret!, cancellationToken);
        var summary = string.Equals(before, clientId, StringComparison.Ordinal) ? "Google:ClientId unchanged" : $"Google:ClientId: {(string.IsNullOrEmpty(before) ? "not set" : $"'{before}'")} → '{clientId}'";
        if (!string.IsNullOrWhiteSpace(clientSecret))
        {
            summary += "; Google:ClientSecret: changed (hidden)";
        }
        await audit.WriteAsync(actor, AuditActions.GoogleClientSaved, summary + ".", cancellationToken);
        return ([], status);
    }

    public async Task<GoogleCalendarStatus> ChooseCalendarAsync(string actor, GoogleCalendarInfo calendar, CancellationToken cancellationToken = default)
    {
        var status = await connector.ChooseCalendarAsync(calendar.Id, cancellationToken);
        await audit.WriteAsync(actor, AuditActions.GoogleCalendarChosen, $"Google Calendar: now uses '{calendar.Name}'.", cancellationToken);
        return status;
    }

    public async Task<GoogleCalendarStatus> DisconnectGoogleAsync(string actor, CancellationToken cancellationToken = default)
    {
        var before = await connector.GetStatusAsync(cancellationToken);
        var status = await connector.DisconnectAsync(cancellationToken);
        await audit.WriteAsync(actor, AuditActions.GoogleDisconnected, $"Google Calendar disconnected{(before.Account is { } account ? $" ({account})" : "")}.", cancellationToken);
        return status;
    }
}
