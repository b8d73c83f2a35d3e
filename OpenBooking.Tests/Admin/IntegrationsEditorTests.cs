using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenBooking.Tests.Calendar.Google;
using OpenBooking.Tools.Calendar.Google;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Email;
using OpenBooking.Web.Admin;

namespace OpenBooking.Tests.Admin;

/// <summary>The Integrations page's editors: email and Google settings are stored (secrets protected) and audited without secrets.</summary>
public sealed class IntegrationsEditorTests : IAsyncLifetime
{
    private GoogleTestHost host = null!;
    private IntegrationsEditor editor = null!;

    public async Task InitializeAsync()
    {
        host = await GoogleTestHost.StartAsync(configured: false);
        var tools = host.Tools;
        editor = new IntegrationsEditor(tools.Get<IOptionsMonitor<EmailOptions>>(), tools.Get<IOptionsMonitor<GoogleOptions>>(),
            tools.Get<SettingsStore>(), host.Connector, new AuditLog(tools.Get<IDbContextFactory<OpenBookingDbContext>>(), host.Clock));
    }

    public Task DisposeAsync() => host.DisposeAsync().AsTask();

    private Task<List<AuditEntry>> AuditAsync() => host.Tools.WithDbAsync(db => db.AuditEntries.OrderBy(e => e.Id).ToListAsync());

    private Task<string?> RawAsync(string key) => host.Tools.WithDbAsync(db => db.AppSettings.Where(s => s.Key == key).Select(s => s.Value).FirstOrDefaultAsync());

    [Fact]
    public async Task SaveEmail_Smtp_StoresSettingsWithThePasswordProtectedAndAuditsWithoutIt()
    {
        var draft = editor.LoadEmail();
        draft.Provider = EmailProvider.Smtp;
        draft.From = "desk@example.com";
        draft.SmtpHost = "smtp.example.com";
        draft.SmtpPort = 2525;
        draft.SmtpUserName = "desk";
        draft.SmtpPassword = "hunter2-secret";

        Assert.Empty(await editor.SaveEmailAsync("owner@example.com", draft));

        var options = host.Tools.Get<IOptionsMonitor<EmailOptions>>().CurrentValue;
        Assert.Equal((EmailProvider.Smtp, "smtp.example.com", 2525, "desk", "hunter2-secret"),
            (options.Provider, options.Smtp.Host, options.Smtp.Port, options.Smtp.UserName, options.Smtp.Password));
        var raw = await RawAsync("Email:Smtp:Password");
        Assert.NotNull(raw);
        Assert.DoesNotContain("hunter2", raw);
        var entry = Assert.Single(await AuditAsync());
        Assert.Equal(AuditActions.EmailUpdated, entry.Action);
        Assert.Contains("Email:Smtp:Host: not set → 'smtp.example.com'", entry.Summary);
        Assert.Contains("Email:Smtp:Password: changed (hidden)", entry.Summary);
        Assert.DoesNotContain("hunter2", entry.Summary);
        Assert.Null(host.Tools.Get<EmailDiagnostics>().GetConfigurationProblem());

        // Saving again with the password left empty keeps it.
        var again = editor.LoadEmail();
        Assert.True(again.SmtpPasswordSet);
        Assert.Null(again.SmtpPassword);
        again.SmtpPort = 587;
        Assert.Empty(await editor.SaveEmailAsync("owner@example.com", again));
        Assert.Equal(raw, await RawAsync("Email:Smtp:Password"));
        Assert.Equal("hunter2-secret", host.Tools.Get<IOptionsMonitor<EmailOptions>>().CurrentValue.Smtp.Password);
    }

    [Fact]
    public async Task SaveEmail_SmtpWithoutHostOrBadFrom_NamesTheFieldsAndSavesNothing()
    {
        var draft = editor.LoadEmail();
        draft.Provider = EmailProvider.Smtp;
        draft.From = "not an address";

        var errors = await editor.SaveEmailAsync("owner@example.com", draft);

        Assert.Equal(["Email:From", "Email:Smtp:Host"], errors.Select(e => e.Field));
        Assert.Equal("Email:Smtp:Host is not set.", errors[1].Message);
        Assert.Equal(EmailProvider.Pickup, editor.LoadEmail().Provider);
        Assert.Empty(await AuditAsync());
    }

    [Fact]
    public async Task SendTestEmail_Pickup_ReturnsTheProvidersAnswer()
    {
        var result = await host.Tools.Get<EmailDiagnostics>().SendTestEmailAsync("owner@example.com", EmailProvider.Pickup);

        Assert.True(result.Succeeded, result.Answer);
        Assert.False(string.IsNullOrWhiteSpace(result.Answer));
    }

    [Fact]
    public async Task SaveGoogleClient_NotConfigured_LeavesNotConfiguredAndAuditsWithoutTheSecret()
    {
        Assert.Equal(GoogleCalendarState.NotConfigured, (await host.Connector.GetStatusAsync()).State);

        var (errors, status) = await editor.SaveGoogleClientAsync("owner@example.com", FakeGoogleServer.ClientId, FakeGoogleServer.ClientSecret);

        Assert.Empty(errors);
        Assert.Equal(GoogleCalendarState.Disconnected, status!.State);
        Assert.Equal(GoogleCalendarState.Disconnected, (await host.Connector.GetStatusAsync()).State);
        var entry = Assert.Single(await AuditAsync());
        Assert.Equal(AuditActions.GoogleClientSaved, entry.Action);
        Assert.DoesNotContain(FakeGoogleServer.ClientSecret, entry.Summary);
        var stored = await host.Tools.WithDbAsync(db => db.AppSettings.SingleAsync(s => s.Key == "Google:ClientSecret"));
        Assert.StartsWith(OpenBooking.Tools.Data.SecretSettings.Prefix, stored.Value);
        Assert.DoesNotContain(FakeGoogleServer.ClientSecret, stored.Value);

        // An empty secret keeps the stored one.
        (errors, status) = await editor.SaveGoogleClientAsync("owner@example.com", FakeGoogleServer.ClientId, "");
        Assert.Empty(errors);
        Assert.Equal(FakeGoogleServer.ClientSecret, host.Tools.Get<IOptionsMonitor<GoogleOptions>>().CurrentValue.ClientSecret);
        Assert.Equal(GoogleCalendarState.Connected, (await host.ConnectAsync()).State);
    }

    [Fact]
    public async Task SaveGoogleClient_Empty_NamesTheFields()
    {
        var (errors, status) = await editor.SaveGoogleClientAsync("owner@example.com", " ", null);

        Assert.Null(status);
        Assert.Equal(["Google:ClientId", "Google:ClientSecret"], errors.Select(e => e.Field));
        Assert.Empty(await AuditAsync());
    }
}
