using Microsoft.Extensions.Options;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.ExternalMcp;
using OpenBooking.Tools.Zapier;

namespace OpenBooking.Web.Admin;

/// <summary>One booking event's Catch Hook as the page edits it: the stored URL shows only its host.</summary>
public sealed class HookDraft
{
    public required string Key { get; init; }
    public required string Label { get; init; }

    /// <summary>The host of the stored URL (null when none); the path is the hook's secret and is never shown.</summary>
    public string? StoredHost { get; set; }

    /// <summary>A new URL; empty keeps the stored one.</summary>
    public string? NewUrl { get; set; }

    /// <summary>Removes the stored URL (nothing is sent for this event).</summary>
    public bool Clear { get; set; }
}

/// <summary>A named zap as the page edits it.</summary>
public sealed class ZapDraft
{
    public string Name { get; set; } = "";
    public string? Description { get; set; }

    /// <summary>Host of the stored hook URL, for an existing zap.</summary>
    public string? StoredHost { get; set; }

    /// <summary>The stored URL (kept server-side only, never rendered).</summary>
    internal string? StoredUrl { get; set; }

    /// <summary>A new hook URL; empty keeps the stored one.</summary>
    public string? NewUrl { get; set; }
}

public sealed class ZapierDraft
{
    public List<HookDraft> Hooks { get; set; } = [];
    public List<ZapDraft> Zaps { get; set; } = [];

    /// <summary>A new signing secret; empty keeps the stored one.</summary>
    public string? SigningSecret { get; set; }

    public bool ClearSigningSecret { get; set; }
    public bool SigningSecretSet { get; set; }
}

/// <summary>
/// Saves the Automations page's editors (Zapier hooks, zaps and signing secret; external MCP servers) and audits each
/// change without secrets: hook URLs appear only by host, secrets only as "changed (hidden)".
/// </summary>
public sealed class AutomationsEditor(IOptionsMonitor<ZapierOptions> zapier, SettingsStore settings, McpServerRegistrations mcpServers, AuditLog audit)
{
    public const string SigningSecretKey = "Zapier:SigningSecret";

    private static readonly (string Key, string Label, Func<ZapierWebhooks, string?> Get)[] Events =
    [
        ("Zapier:Webhooks:BookingCreated", "Booking created", w => w.BookingCreated),
        ("Zapier:Webhooks:BookingRescheduled", "Booking rescheduled", w => w.BookingRescheduled),
        ("Zapier:Webhooks:BookingCancelled", "Booking cancelled", w => w.BookingCancelled),
        ("Zapier:Webhooks:ReminderDue", "Reminder due", w => w.ReminderDue),
    ];

    public ZapierDraft LoadZapier()
    {
        var o = zapier.CurrentValue;
        return new ZapierDraft
        {
            Hooks = [.. Events.Select(e => new HookDraft { Key = e.Key, Label = e.Label, StoredHost = HostOf(e.Get(o.Webhooks)) })],
            Zaps = [.. o.Zaps.Select(z => new ZapDraft { Name = z.Name, Description = z.Description, StoredUrl = z.HookUrl, StoredHost = HostOf(z.HookUrl) })],
            SigningSecretSet = !string.IsNullOrEmpty(o.SigningSecret),
        };
    }

    /// <summary>The host of a URL ("hooks.zapier.com"), or "(invalid URL)"; null when empty.</summary>
    public static string? HostOf(string? url) =>
        string.IsNullOrWhiteSpace(url) ? null : Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) ? uri.Host : "(invalid URL)";

    public IReadOnlyList<FieldError> ValidateZapier(ZapierDraft draft)
    {
        List<FieldError> errors = [];
        foreach (var hook in draft.Hooks)
        {
            if (!string.IsNullOrWhiteSpace(hook.NewUrl) && !IsHttpUrl(hook.NewUrl))
            {
                errors.Add(new(hook.Key, $"{hook.Key}: enter an absolute http or https URL (a Zapier Catch Hook URL)."));
            }
        }
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < draft.Zaps.Count; i++)
        {
            var zap = draft.Zaps[i];
            var prefix = $"Zapier:Zaps:{i}";
            if (string.IsNullOrWhiteSpace(zap.Name))
            {
                errors.Add(new($"{prefix}:Name", $"{prefix}:Name: enter a name for the zap."));
            }
            else if (!names.Add(zap.Name.Trim()))
            {
                errors.Add(new($"{prefix}:Name", $"{prefix}:Name: another zap is already named '{zap.Name.Trim()}'; zap names must be unique."));
            }
            var url = string.IsNullOrWhiteSpace(zap.NewUrl) ? zap.StoredUrl : zap.NewUrl;
            if (string.IsNullOrWhiteSpace(url) || !IsHttpUrl(url))
            {
                errors.Add(new($"{prefix}:HookUrl", $"{prefix}:HookUrl: enter an absolute http or https URL (the zap's Catch Hook URL)."));
            }
        }
        return errors;
    }

    /// <summary>Saves a valid draft (only what changed); returns the problems otherwise.</summary>
    public async Task<IReadOnlyList<FieldError>> SaveZapierAsync(string actor, ZapierDraft draft, CancellationToken cancellationToken = default)
    {
        var errors = ValidateZapier(draft);
        if (errors.Count > 0)
        {
            return errors;
        }
        var current = zapier.CurrentValue;
        var values = new Dictionary<string, string?>();
        var changes = new List<string>();
        foreach (var hook in draft.Hooks)
        {
            var stored = Events.First(e => e.Key == hook.Key).Get(current.Webhooks);
            if (!string.IsNullOrWhiteSpace(hook.NewUrl))
            {
                values[hook.Key] = hook.NewUrl.Trim();
                changes.Add($"{hook.Key}: set to a hook on {HostOf(hook.NewUrl)} (URL hidden)");
            }
            else if (hook.Clear && !string.IsNullOrEmpty(stored))
            {
                values[hook.Key] = null;
                changes.Add($"{hook.Key}: removed");
            }
        }
        if (!string.IsNullOrEmpty(draft.SigningSecret))
        {
            values[SigningSecretKey] = draft.SigningSecret;
            changes.Add($"{SigningSecretKey}: changed (hidden)");
        }
        else if (draft.ClearSigningSecret && !string.IsNullOrEmpty(current.SigningSecret))
        {
            values[SigningSecretKey] = null;
            changes.Add($"{SigningSecretKey}: removed");
        }

        var newZaps = draft.Zaps.Select(z => new ZapDefinition
        {
            Name = z.Name.Trim(),
            Description = string.IsNullOrWhiteSpace(z.Description) ? null : z.Description.Trim(),
            HookUrl = (string.IsNullOrWhiteSpace(z.NewUrl) ? z.StoredUrl : z.NewUrl)!.Trim(),
        }).ToList();
        var zapsChanged = newZaps.Count != current.Zaps.Count || newZaps.Zip(current.Zaps).Any(p =>
            p.First.Name != p.Second.Name || p.First.Description != (string.IsNullOrWhiteSpace(p.Second.Description) ? null : p.Second.Description) || p.First.HookUrl != p.Second.HookUrl);
        if (zapsChanged)
        {
            for (var i = 0; i < Math.Max(newZaps.Count, current.Zaps.Count); i++)
            {
                var zap = i < newZaps.Count ? newZaps[i] : null;
                values[$"Zapier:Zaps:{i}:Name"] = zap?.Name;
                values[$"Zapier:Zaps:{i}:Description"] = zap?.Description;
                values[$"Zapier:Zaps:{i}:HookUrl"] = zap?.HookUrl;
            }
            var before = current.Zaps.ToDictionary(z => z.Name, StringComparer.OrdinalIgnoreCase);
            var after = newZaps.ToDictionary(z => z.Name, StringComparer.OrdinalIgnoreCase);
            foreach (var zap in newZaps)
            {
                if (!before.TryGetValue(zap.Name, out var old))
                {
                    changes.Add($"zap '{zap.Name}' added (hook on {HostOf(zap.HookUrl)})");
                }
                else if (old.Description != zap.Description || old.HookUrl != zap.HookUrl)
                {
                    changes.Add($"zap '{zap.Name}' edited{(old.HookUrl != zap.HookUrl ? $" (hook now on {HostOf(zap.HookUrl)}, URL hidden)" : "")}");
                }
            }
            changes.AddRange(current.Zaps.Where(z => !after.ContainsKey(z.Name)).Select(z => $"zap '{z.Name}' removed"));
        }
        if (values.Count == 0)
        {
            return [];
        }
        await settings.SetAsync(values, cancellationToken);
        await audit.WriteAsync(actor, AuditActions.ZapierUpdated, (changes.Count == 0 ? "Zapier: zaps reordered" : string.Join("; ", changes)) + ".", cancellationToken);
        return [];
    }

    /// <summary>Registers an MCP server; returns the problem (field "Mcp:Name"/"Mcp:Url"/"Mcp:Header") or the registration.</summary>
    public async Task<(IReadOnlyList<FieldError> Errors, McpServerInfo? Server)> AddMcpServerAsync(string actor, McpServerInput input, CancellationToken cancellationToken = default)
    {
        try
        {
            var server = await mcpServers.AddAsync(input with { BearerToken = Blank(input.BearerToken), HeaderValue = Blank(input.HeaderValue) }, cancellationToken);
            await audit.WriteAsync(actor, AuditActions.McpServerAdded,
                $"MCP server '{server.Name}' registered at {HostOf(server.Url)}{(server.HasBearerToken ? "; bearer token set (hidden)" : "")}{(server.HeaderName is { } h ? $"; header {h} set (hidden)" : "")}.", cancellationToken);
            return ([], server);
        }
        catch (ArgumentException ex)
        {
            return ([McpError(ex)], null);
        }
    }

    public async Task<IReadOnlyList<FieldError>> SetMcpServerEnabledAsync(string actor, McpServerInfo server, bool enabled, CancellationToken cancellationToken = default)
    {
        try
        {
            // Null secrets keep the stored ones.
            await mcpServers.UpdateAsync(server.Id, new McpServerInput(server.Name, server.Url, null, server.HeaderName, null, enabled), cancellationToken);
            await audit.WriteAsync(actor, AuditActions.McpServerUpdated, $"MCP server '{server.Name}' {(enabled ? "enabled" : "disabled")}.", cancellationToken);
            return [];
        }
        catch (Exception ex) when (ex is ArgumentException or KeyNotFoundException)
        {
            return [new("Mcp:Server", ex.Message)];
        }
    }

    public async Task RemoveMcpServerAsync(string actor, McpServerInfo server, CancellationToken cancellationToken = default)
    {
        await mcpServers.RemoveAsync(server.Id, cancellationToken);
        await audit.WriteAsync(actor, AuditActions.McpServerRemoved, $"MCP server '{server.Name}' removed.", cancellationToken);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>The registration names the input member it refused as the exception's parameter name.</summary>
    private static FieldError McpError(ArgumentException ex)
    {
        var message = ex.Message.Split(" (Parameter", 2)[0];
        var field = ex.ParamName switch
        {
            nameof(McpServerInput.Url) => "Mcp:Url",
            nameof(McpServerInput.HeaderName) => "Mcp:Header",
            _ => "Mcp:Name",
        };
        return new(field, $"{field}: {message}");
    }

    private static bool IsHttpUrl(string url) =>
        Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
