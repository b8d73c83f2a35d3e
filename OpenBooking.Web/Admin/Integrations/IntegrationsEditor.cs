using Microsoft.Extensions.Options;
using OpenBooking.Tools.Calendar.Google;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Email;
using OpenBooking.Web.Agent.Llm;

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

/// <summary>The agent settings as the Integrations page edits them. The key starts empty: empty keeps the stored one.</summary>
public sealed class AgentDraft
{
    public AgentMode Mode { get; set; }
    public string? Endpoint { get; set; } = OpenAIAgentOptions.DefaultEndpoint;
    public string? Model { get; set; }

    /// <summary>A new API key; empty keeps the stored one.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Remove the stored key on save (a local server needs none).</summary>
    public bool ClearApiKey { get; set; }

    /// <summary>Whether a key is stored (shown as "set").</summary>
    public bool ApiKeySet { get; set; }
}

/// <summary>
/// Saves the Integrations page's editors (email provider, agent model, Google OAuth client, calendar choice, disconnect) as dashboard
/// settings, and audits each change without secrets: a secret's entry says only that it changed.
/// </summary>
public sealed class IntegrationsEditor(
    IOptionsMonitor<EmailOptions> email,
    IOptionsMonitor<GoogleOptions> google,
    IOptionsMonitor<AgentOptions> agent,
    SettingsStore settings,
    GoogleCalendarConnector connector,
    ChatModelClients models,
    AuditLog audit)
{
    public const string EmailProviderKey = "Email:Provider", FromKey = "Email:From",
        SmtpHostKey = "Email:Smtp:Host", SmtpPortKey = "Email:Smtp:Port", SmtpUserNameKey = "Email:Smtp:UserName",
        SmtpPasswordKey = "Email:Smtp:Password", SmtpEnableSslKey = "Email:Smtp:EnableSsl",
        AcsConnectionStringKey = "Email:AzureCommunicationServices:ConnectionString", AcsSenderAddressKey = "Email:AzureCommunicationServices:SenderAddress",
        AgentModeKey = "Agent:Mode", AgentEndpointKey = "Agent:OpenAI:Endpoint", AgentModelKey = "Agent:OpenAI:Model",
        AgentApiKeyKey = OpenAIAgentOptions.ApiKeySetting;

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
        var changes = new SettingChanges();
        changes.Compare(EmailProviderKey, before.Provider.ToString(), draft.Provider.ToString());
        changes.Compare(FromKey, before.From, draft.From.Trim());
        if (draft.Provider == EmailProvider.Smtp)
        {
            changes.Compare(SmtpHostKey, before.SmtpHost, draft.SmtpHost?.Trim());
            changes.Compare(SmtpPortKey, before.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture), draft.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
            changes.Compare(SmtpUserNameKey, before.SmtpUserName, draft.SmtpUserName?.Trim());
            changes.Compare(SmtpEnableSslKey, before.SmtpEnableSsl ? "true" : "false", draft.SmtpEnableSsl ? "true" : "false");
            changes.Secret(SmtpPasswordKey, draft.SmtpPassword);
        }
        else if (draft.Provider == EmailProvider.AzureCommunicationServices)
        {
            changes.Compare(AcsSenderAddressKey, before.AcsSenderAddress, draft.AcsSenderAddress?.Trim());
            changes.Secret(AcsConnectionStringKey, draft.AcsConnectionString);
        }
        await SaveAsync(actor, AuditActions.EmailUpdated, changes, cancellationToken);
        draft.SmtpPassword = null;
        draft.AcsConnectionString = null;
        return [];
    }

    public AgentDraft LoadAgent()
    {
        var o = agent.CurrentValue;
        return new AgentDraft
        {
            Mode = o.Mode,
            Endpoint = string.IsNullOrWhiteSpace(o.OpenAI.Endpoint) ? OpenAIAgentOptions.DefaultEndpoint : o.OpenAI.Endpoint,
            Model = o.OpenAI.Model,
            ApiKeySet = !string.IsNullOrEmpty(o.OpenAI.ApiKey),
        };
    }

    /// <summary>
    /// The problems with an agent draft (the field's key and a message naming the setting); empty when it can be saved.
    /// The built-in engine needs none of the model's settings.
    /// </summary>
    public IReadOnlyList<FieldError> ValidateAgent(AgentDraft draft)
    {
        List<FieldError> errors = [];
        if (draft.Mode != AgentMode.OpenAI)
        {
            return errors;
        }
        if (EndpointProblem(draft.Endpoint) is { } problem)
        {
            errors.Add(new(AgentEndpointKey, $"{AgentEndpointKey}: {problem}"));
        }
        if (string.IsNullOrWhiteSpace(draft.Model))
        {
            errors.Add(new(AgentModelKey, $"{AgentModelKey}: enter the model or deployment name, e.g. gpt-4.1-mini, or llama3.1 on Ollama."));
        }
        var keyAfterSave = !string.IsNullOrWhiteSpace(draft.ApiKey) || (!draft.ClearApiKey && !string.IsNullOrEmpty(agent.CurrentValue.OpenAI.ApiKey));
        if (!keyAfterSave && Uri.TryCreate(NormalEndpoint(draft.Endpoint), UriKind.Absolute, out var endpoint)
            && endpoint.Host.Equals(new Uri(OpenAIAgentOptions.DefaultEndpoint).Host, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(new(AgentApiKeyKey, $"{AgentApiKeyKey}: api.openai.com needs an API key (local servers such as Ollama need none)."));
        }
        return errors;
    }

    /// <summary>Why an endpoint cannot work with the OpenAI SDK (which appends <c>/chat/completions</c> to it), or null; empty means the default.</summary>
    private static string? EndpointProblem(string? endpoint)
    {
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return null;
        }
        if (!Uri.TryCreate(endpoint.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            return $"enter an absolute http:// or https:// URL ending in /v1, e.g. {OpenAIAgentOptions.DefaultEndpoint}, or http://localhost:11434/v1 for Ollama.";
        }
        return uri.AbsolutePath.TrimEnd('/').EndsWith("/v1", StringComparison.Ordinal)
            ? null
            : "the endpoint must end in /v1, e.g. http://localhost:11434/v1 for Ollama (a trailing slash is fine).";
    }

    /// <summary>
    /// Saves a valid agent draft (only what changed; the key only when a new one was typed or it is cleared); returns the
    /// problems otherwise. Switching to the built-in engine keeps the model's settings for switching back.
    /// </summary>
    public async Task<IReadOnlyList<FieldError>> SaveAgentAsync(string actor, AgentDraft draft, CancellationToken cancellationToken = default)
    {
        var errors = ValidateAgent(draft);
        if (errors.Count > 0)
        {
            return errors;
        }
        var before = LoadAgent();
        var changes = new SettingChanges();
        changes.Compare(AgentModeKey, before.Mode.ToString(), draft.Mode.ToString());
        if (draft.Mode == AgentMode.OpenAI)
        {
            changes.Compare(AgentEndpointKey, before.Endpoint, NormalEndpoint(draft.Endpoint));
            changes.Compare(AgentModelKey, before.Model, draft.Model?.Trim());
            if (!string.IsNullOrWhiteSpace(draft.ApiKey))
            {
                changes.Secret(AgentApiKeyKey, draft.ApiKey.Trim());
            }
            else if (draft.ClearApiKey && before.ApiKeySet)
            {
                // Empty rather than removed: a key in the settings files would otherwise come back.
                changes.Set(AgentApiKeyKey, "", $"{AgentApiKeyKey}: removed");
            }
        }
        await SaveAsync(actor, AuditActions.AgentUpdated, changes, cancellationToken);
        draft.ApiKey = null;
        draft.ClearApiKey = false;
        return [];
    }

    private static string NormalEndpoint(string? endpoint) =>
        string.IsNullOrWhiteSpace(endpoint) ? OpenAIAgentOptions.DefaultEndpoint : endpoint.Trim();

    /// <summary>
    /// Tests the model as the form has it, before saving: the typed key, else the stored one (unless it is to be cleared).
    /// </summary>
    public async Task<ModelConnectionResult> TestAgentConnectionAsync(AgentDraft draft, CancellationToken cancellationToken = default)
    {
        if (EndpointProblem(draft.Endpoint) is { } problem)
        {
            return new(false, $"Endpoint: {problem}");
        }
        var current = agent.CurrentValue.OpenAI;
        var options = new OpenAIAgentOptions
        {
            Endpoint = NormalEndpoint(draft.Endpoint),
            Model = draft.Model?.Trim(),
            ApiKey = !string.IsNullOrWhiteSpace(draft.ApiKey) ? draft.ApiKey.Trim() : draft.ClearApiKey ? null : current.ApiKey,
            TimeoutSeconds = current.TimeoutSeconds,
        };
        return await models.TestConnectionAsync(options, cancellationToken);
    }

    /// <summary>Writes the changed settings and one audit entry for them; nothing when nothing changed.</summary>
    private async Task SaveAsync(string actor, string action, SettingChanges changes, CancellationToken cancellationToken)
    {
        if (changes.Values.Count == 0)
        {
            return;
        }
        await settings.SetAsync(changes.Values, cancellationToken);
        await audit.WriteAsync(actor, action, changes.Summary, cancellationToken);
    }

    /// <summary>The settings an editor changes and the audit's words for them; a secret's words say only that it changed.</summary>
    private sealed class SettingChanges
    {
        private readonly List<string> _changes = [];

        public Dictionary<string, string?> Values { get; } = [];

        public string Summary => string.Join("; ", _changes) + ".";

        public void Compare(string key, string? old, string? now)
        {
            old = string.IsNullOrEmpty(old) ? null : old;
            now = string.IsNullOrEmpty(now) ? null : now;
            if (!string.Equals(old, now, StringComparison.Ordinal))
            {
                Set(key, now, $"{key}: {Show(old)} → {Show(now)}");
            }
        }

        public void Secret(string key, string? typed)
        {
            if (!string.IsNullOrEmpty(typed))
            {
                Set(key, typed, $"{key}: changed (hidden)");
            }
        }

        public void Set(string key, string? value, string change)
        {
            Values[key] = value;
            _changes.Add(change);
        }

        private static string Show(string? value) => value is null ? "not set" : $"'{value}'";
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
