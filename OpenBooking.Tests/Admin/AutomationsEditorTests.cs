using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Data.WebApp;
using OpenBooking.Tools.ExternalMcp;
using OpenBooking.Tools.Zapier;
using OpenBooking.Web.Admin;

namespace OpenBooking.Tests.Admin;

/// <summary>The Automations page's editors: Zapier settings stored (signing secret protected) and audited without secrets; MCP servers registered.</summary>
public sealed class AutomationsEditorTests : IAsyncLifetime
{
    private ToolsTestHost host = null!;
    private AutomationsEditor editor = null!;

    public async Task InitializeAsync()
    {
        host = await ToolsTestHost.StartAsync();
        editor = host.AutomationsEditor();
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    private Task<List<AuditEntry>> AuditAsync() => host.WithDbAsync(db => db.AuditEntries.OrderBy(e => e.Id).ToListAsync());

    [Fact]
    public async Task SaveZapier_StoresHooksZapsAndProtectedSecret_AuditsWithoutSecrets()
    {
        var draft = editor.LoadZapier();
        draft.Hooks[0].NewUrl = "https://hooks.zapier.com/hooks/catch/123/secretpath/";
        draft.SigningSecret = "sign-me-s3cret";
        draft.Zaps.Add(new ZapDraft { Name = "notify-slack", Description = "Posts to Slack", NewUrl = "https://hooks.zapier.com/hooks/catch/123/slackpath/" });

        Assert.Empty(await editor.SaveZapierAsync("owner@example.com", draft));

        var options = host.Get<IOptionsMonitor<ZapierOptions>>().CurrentValue;
        Assert.Equal("https://hooks.zapier.com/hooks/catch/123/secretpath/", options.Webhooks.BookingCreated);
        Assert.Equal("sign-me-s3cret", options.SigningSecret);
        var zap = Assert.Single(options.Zaps);
        Assert.Equal(("notify-slack", "Posts to Slack", "https://hooks.zapier.com/hooks/catch/123/slackpath/"), (zap.Name, zap.Description, zap.HookUrl));
        var raw = await host.WithDbAsync(db => db.AppSettings.SingleAsync(s => s.Key == AutomationsEditor.SigningSecretKey));
        Assert.StartsWith(SecretSettings.Prefix, raw.Value);
        Assert.DoesNotContain("s3cret", raw.Value);
        var entry = Assert.Single(await AuditAsync());
        Assert.Equal(AuditActions.ZapierUpdated, entry.Action);
        Assert.Contains("Zapier:SigningSecret: changed (hidden)", entry.Summary);
        Assert.Contains("zap 'notify-slack' added", entry.Summary);
        Assert.DoesNotContain("s3cret", entry.Summary);
        Assert.DoesNotContain("secretpath", entry.Summary);
        Assert.DoesNotContain("slackpath", entry.Summary);

        // Loading shows hosts only; saving with URLs left empty keeps them; removing a zap removes its keys.
        var again = editor.LoadZapier();
        Assert.Equal("hooks.zapier.com", again.Hooks[0].StoredHost);
        Assert.True(again.SigningSecretSet);
        again.Zaps.Clear();
        Assert.Empty(await editor.SaveZapierAsync("owner@example.com", again));
        options = host.Get<IOptionsMonitor<ZapierOptions>>().CurrentValue;
        Assert.Empty(options.Zaps);
        Assert.Equal("https://hooks.zapier.com/hooks/catch/123/secretpath/", options.Webhooks.BookingCreated);
        Assert.Equal("sign-me-s3cret", options.SigningSecret);
        Assert.Contains("zap 'notify-slack' removed", (await AuditAsync())[^1].Summary);
    }

    [Fact]
    public async Task SaveZapier_BadUrlsAndDuplicateNames_NameTheFieldsAndSaveNothing()
    {
        var draft = editor.LoadZapier();
        draft.Hooks[2].NewUrl = "ftp://example.com/x";
        draft.Zaps.Add(new ZapDraft { Name = "a", NewUrl = "https://hooks.zapier.com/1" });
        draft.Zaps.Add(new ZapDraft { Name = "A", NewUrl = "not a url" });

        var errors = await editor.SaveZapierAsync("owner@example.com", draft);

        Assert.Equal(["Zapier:Webhooks:BookingCancelled", "Zapier:Zaps:1:Name", "Zapier:Zaps:1:HookUrl"], errors.Select(e => e.Field));
        Assert.All(errors, e => Assert.StartsWith(e.Field, e.Message));
        Assert.Empty(host.Get<IOptionsMonitor<ZapierOptions>>().CurrentValue.Zaps);
        Assert.Empty(await AuditAsync());
    }

    [Fact]
    public async Task AddMcpServer_RegistersWithTokenHidden_AndRejectsBadUrl()
    {
        var (errors, server) = await editor.AddMcpServerAsync("owner@example.com", new McpServerInput("zapier", "https://mcp.zapier.com/api/mcp/s/abc/mcp", BearerToken: "tok-s3cret"));

        Assert.Empty(errors);
        Assert.True(server!.HasBearerToken);
        var listed = Assert.Single(await host.Get<McpServerRegistrations>().ListAsync());
        Assert.Equal(("zapier", true, true), (listed.Name, listed.Enabled, listed.HasBearerToken));
        var raw = await host.WithDbAsync(db => db.McpServerRegistrations.SingleAsync());
        Assert.DoesNotContain("s3cret", raw.ProtectedBearerToken);
        var entry = Assert.Single(await AuditAsync());
        Assert.Equal(AuditActions.McpServerAdded, entry.Action);
        Assert.DoesNotContain("s3cret", entry.Summary);
        Assert.DoesNotContain("/s/abc", entry.Summary);

        Assert.Empty(await editor.SetMcpServerEnabledAsync("owner@example.com", listed, false));
        listed = Assert.Single(await host.Get<McpServerRegistrations>().ListAsync());
        Assert.Equal((false, true), (listed.Enabled, listed.HasBearerToken));

        (errors, server) = await editor.AddMcpServerAsync("owner@example.com", new McpServerInput("other", "mcp.example.com"));
        Assert.Null(server);
        Assert.Equal("Mcp:Url", Assert.Single(errors).Field);
        (errors, _) = await editor.AddMcpServerAsync("owner@example.com", new McpServerInput("zapier", "https://x.example.com/mcp"));
        Assert.Equal("Mcp:Name", Assert.Single(errors).Field);
    }
}
