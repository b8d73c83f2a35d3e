using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Email;
using OpenBooking.Tools.Zapier;
using OpenBooking.Web.Agent.Llm;
using OpenBooking.Web.Mcp;
using OpenBooking.Tools.Health;

namespace OpenBooking.Web.Admin;

/// <summary>Where a setting's value comes from.</summary>
public enum SettingSource
{
    /// <summary>Nothing set: the built-in default applies.</summary>
    Default,

    /// <summary>appsettings files, environment variables, user secrets or the command line.</summary>
    Configuration,

    /// <summary>Saved in the dashboard (stored in the database; wins over the files).</summary>
    Dashboard,
}

/// <summary>A setting as the dashboard shows it: its key, a display value (secrets masked) and where it comes from.</summary>
public sealed record ShownSetting(string Label, string Key, string Value, SettingSource Source);

/// <summary>
/// What is configured for each integration, read from configuration (files, environment, user secrets and the
/// dashboard's own rows) for display. Secrets never leave this class unmasked.
/// </summary>
/// <remarks>
/// The Google and Zapier features own their options types; this class only reads the documented keys (DESIGN.md) so
/// that the dashboard can say what is set and where, without depending on them. The agent's status reads
/// <see cref="AgentOptions"/>, as the agent does, so that it says what the next message will use.
/// </remarks>
public sealed class IntegrationSettings(
    IConfiguration configuration,
    DatabaseSettingsSource dashboardSettings,
    IOptionsMonitor<EmailOptions> email,
    IOptionsMonitor<AgentOptions> agent,
    ModelHealth modelHealth,
    IOptionsMonitor<McpOptions> mcp,
    IEnumerable<IIntegrationStatusSource> statusSources,
    IDbContextFactory<OpenBookingDbContext> dbFactory)
{
    public const string GoogleConnectPath = "/admin/google/connect";

    public EmailProvider EmailProvider => email.CurrentValue.Provider;

    public bool GoogleClientConfigured => !string.IsNullOrWhiteSpace(configuration["Google:ClientId"]) && !string.IsNullOrWhiteSpace(configuration["Google:ClientSecret"]);

    public IReadOnlyList<ShownSetting> Google() =>
    [
        Plain("OAuth client id", "Google:ClientId", "not set"),
        Secret("OAuth client secret", "Google:ClientSecret"),
        Plain("Calendar", "Google:CalendarId", "primary"),
    ];

    public IReadOnlyList<ShownSetting> Email()
    {
        var options = email.CurrentValue;
        List<ShownSetting> shown = [Shown("Provider", "Email:Provider", options.Provider.ToString()), Shown("From", "Email:From", options.From)];
        switch (options.Provider)
        {
            case EmailProvider.Pickup:
                shown.Add(Shown("Pickup directory", "Email:PickupDirectory", options.PickupDirectory));
                break;
            case EmailProvider.Smtp:
                shown.Add(Plain("SMTP host", "Email:Smtp:Host", "not set"));
                shown.Add(Plain("SMTP port", "Email:Smtp:Port", "default"));
                shown.Add(Plain("SMTP user name", "Email:Smtp:UserName", "none"));
                shown.Add(Secret("SMTP password", "Email:Smtp:Password"));
                shown.Add(Plain("Use SSL/TLS", "Email:Smtp:EnableSsl", "default"));
                break;
            case EmailProvider.AzureCommunicationServices:
                shown.Add(Secret("Connection string", "Email:AzureCommunicationServices:ConnectionString"));
                shown.Add(Plain("Sender address", "Email:AzureCommunicationServices:SenderAddress", "not set"));
                break;
        }
        return shown;
    }

    private static readonly string[] WebhookEvents = [.. ZapierWebhooks.Keys.Select(hook => hook.Key)];

    /// <summary>Webhook URLs hold a secret path, so only their host is shown; events without a hook are summed up in one row.</summary>
    public IReadOnlyList<ShownSetting> Zapier()
    {
        List<ShownSetting> shown = [];
        foreach (var hook in WebhookEvents)
        {
            var key = $"Zapier:Webhooks:{hook}";
            if (configuration[key] is { Length: > 0 } url)
            {
                var value = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? $"{uri.Host}/… (set)" : "set, but not a valid URL";
                shown.Add(new ShownSetting($"Webhook: {hook}", key, value, SourceOf(key)));
            }
        }
        var unset = WebhookEvents.Where(hook => string.IsNullOrEmpty(configuration[$"Zapier:Webhooks:{hook}"])).ToList();
        if (unset.Count > 0)
        {
            shown.Add(new ShownSetting("Webhooks off", "Zapier:Webhooks", string.Join(", ", unset), SettingSource.Default));
        }
        shown.Add(Secret("Signing secret", "Zapier:SigningSecret"));
        var zaps = configuration.GetSection("Zapier:Zaps").GetChildren().Select(z => z["Name"]).Where(n => !string.IsNullOrWhiteSpace(n)).ToList();
        shown.Add(new ShownSetting("Zaps offered as tools", "Zapier:Zaps", zaps.Count == 0 ? "none" : string.Join(", ", zaps),
            zaps.Count == 0 ? SettingSource.Default : SettingSource.Configuration));
        return shown;
    }

    public bool ZapierConfigured => WebhookEvents.Any(hook => !string.IsNullOrEmpty(configuration[$"Zapier:Webhooks:{hook}"]))
        || configuration.GetSection("Zapier:Zaps").GetChildren().Any();

    /// <summary>The staff keys for <c>/mcp</c>, masked to their first four characters.</summary>
    public IReadOnlyList<string> McpKeys() => [.. mcp.CurrentValue.GetApiKeys().Select(Mask)];

    /// <summary>The health of every integration, for the overview cards and <c>/admin/api/status</c>.</summary>
    public async Task<IReadOnlyList<IntegrationStatus>> GetStatusesAsync(CancellationToken cancellationToken = default)
    {
        var reported = new Dictionary<string, IntegrationStatus>(StringComparer.OrdinalIgnoreCase);
        foreach (var source in statusSources)
        {
            var status = await source.GetStatusAsync(cancellationToken);
            reported[status.Integration] = status;
        }
        var deliveryError = await LastDeliveryErrorAsync(cancellationToken);
        return
        [
            reported.GetValueOrDefault("calendar") ?? BuiltInCalendar(),
            reported.GetValueOrDefault("email") ?? EmailStatus(deliveryError),
            reported.GetValueOrDefault("agent") ?? await AgentStatusAsync(cancellationToken),
            reported.GetValueOrDefault("zapier") ?? ZapierStatus(deliveryError),
        ];
    }

    private IntegrationStatus BuiltInCalendar() => new(
        "calendar", IntegrationState.NotConfigured, "Built-in calendar",
        GoogleClientConfigured
            ? "Bookings are kept in OpenBooking's database. A Google OAuth client is configured: connect Google Calendar to use the calendar you already have."
            : "Bookings are kept in OpenBooking's database. Connect Google Calendar to use the calendar you already have.");

    private IntegrationStatus EmailStatus((string Error, Instant At)? deliveryError)
    {
        var options = email.CurrentValue;
        var (state, title, detail) = options.Provider switch
        {
            EmailProvider.Smtp when string.IsNullOrWhiteSpace(configuration["Email:Smtp:Host"]) =>
                (IntegrationState.Error, "SMTP", "Email:Provider is Smtp but Email:Smtp:Host is not set."),
            EmailProvider.Smtp =>
                (IntegrationState.Ok, $"SMTP ({configuration["Email:Smtp:Host"]})", $"Emails are sent from {options.From}."),
            EmailProvider.AzureCommunicationServices when string.IsNullOrWhiteSpace(configuration["Email:AzureCommunicationServices:ConnectionString"]) =>
                (IntegrationState.Error, "Azure Communication Services", "Email:AzureCommunicationServices:ConnectionString is not set."),
            EmailProvider.AzureCommunicationServices =>
                (IntegrationState.Ok, "Azure Communication Services", $"Emails are sent from {options.From}."),
            _ => (IntegrationState.NotConfigured, "Pickup directory",
                $"Emails are saved as .eml files in '{options.PickupDirectory}' (in the data folder) and not sent. Set Email:Provider to Smtp or AzureCommunicationServices to send them."),
        };
        return new IntegrationStatus("email", state, title, detail, deliveryError?.Error, deliveryError?.At);
    }

    private async Task<IntegrationStatus> AgentStatusAsync(CancellationToken cancellationToken)
    {
        var options = agent.CurrentValue;
        if (options.Mode != AgentMode.OpenAI)
        {
            return new("agent", IntegrationState.Ok, "Built-in conversation engine", "Understands scheduling language offline; no model or key needed.");
        }
        var model = options.OpenAI.Model;
        var endpoint = string.IsNullOrWhiteSpace(options.OpenAI.Endpoint) ? OpenAIAgentOptions.DefaultEndpoint : options.OpenAI.Endpoint.Trim();
        if (string.IsNullOrWhiteSpace(model))
        {
            return new("agent", IntegrationState.Error, "OpenAI-compatible model", "Agent:Mode is OpenAI but Agent:OpenAI:Model is not set.");
        }
        var detail = $"Chat goes to {endpoint} with the MCP tools{(string.IsNullOrEmpty(options.OpenAI.ApiKey) ? ", without an API key" : "")}.";
        // The latest failure stays until the model answers again; meanwhile conversations are on the built-in engine.
        return await modelHealth.GetLastFailureAsync(cancellationToken) is { } failure
            ? new("agent", IntegrationState.Error, $"OpenAI-compatible model ({model.Trim()})",
                $"{detail} The model failed, so chats are answered by the built-in engine for now.", failure.Error, failure.At)
            : new("agent", IntegrationState.Ok, $"OpenAI-compatible model ({model.Trim()})", detail);
    }

    private IntegrationStatus ZapierStatus((string Error, Instant At)? deliveryError) => ZapierConfigured
        ? new("zapier", IntegrationState.Ok, "Zapier", "Booking events go to the configured Catch Hook webhooks.", deliveryError?.Error, deliveryError?.At)
        : new("zapier", IntegrationState.NotConfigured, "Off", "No Zapier webhooks or zaps are configured (Zapier section of the settings).");

    /// <summary>The newest failure recorded by the outbox (emails and webhooks share it).</summary>
    private async Task<(string Error, Instant At)?> LastDeliveryErrorAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var failed = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.LastError != null)
            .OrderByDescending(m => m.NextAttemptAt)
            .Select(m => new { m.LastError, m.OccurredAt })
            .FirstOrDefaultAsync(cancellationToken);
        return failed is null ? null : (failed.LastError!, failed.OccurredAt);
    }

    private SettingSource SourceOf(string key) =>
        dashboardSettings.Provider.TryGet(key, out _) ? SettingSource.Dashboard
        : configuration[key] is { Length: > 0 } ? SettingSource.Configuration
        : SettingSource.Default;

    private ShownSetting Shown(string label, string key, string value) => new(label, key, value, SourceOf(key));

    private ShownSetting Plain(string label, string key, string whenMissing) =>
        Shown(label, key, configuration[key] is { Length: > 0 } value ? value : whenMissing);

    /// <summary>Passwords and secrets show only whether they are set.</summary>
    private ShownSetting Secret(string label, string key) =>
        Shown(label, key, configuration[key] is { Length: > 0 } ? "set (hidden)" : "not set");

    /// <summary>The first four characters, enough to tell keys apart; never the rest.</summary>
    public static string Mask(string secret) => secret.Length <= 8 ? "••••••••" : secret[..4] + "••••••••";
}
