using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Email;

namespace OpenBooking.Tests.Tools.Email;

/// <summary>Providers chosen and configured from the dashboard's settings, at run time, with secrets kept secret.</summary>
public sealed class EmailProviderSettingsTests
{
    [Fact]
    public async Task SetProvider_AtRunTime_NextEmailGoesThroughTheNewProvider()
    {
        await using var smtp = LoopbackSmtpServer.Start();
        await using var host = await ToolsTestHost.StartAsync(settings: new TestSettings().WithoutBackgroundWork());
        await using var acs = await FakeAcsEmailServer.StartAsync(() => host.Clock.GetCurrentInstant().ToDateTimeOffset());
        acs.RunningPolls = 0;
        var pickup = host.Get<PickupMailbox>();

        var first = await host.Get<IEmailSender>().SendAsync(new EmailMessage("john@example.com", "One", "Text"));
        await host.Get<SettingsStore>().SetAsync(smtp.Settings());
        var second = await host.Get<IEmailSender>().SendAsync(new EmailMessage("john@example.com", "Two", "Text"));
        await host.Get<SettingsStore>().SetAsync(acs.Settings());
        var third = await host.Get<IEmailSender>().SendAsync(new EmailMessage("john@example.com", "Three", "Text"));
        await host.Get<SettingsStore>().SetAsync("Email:Provider", null);
        var fourth = await host.Get<IEmailSender>().SendAsync(new EmailMessage("john@example.com", "Four", "Text"));

        Assert.Equal([EmailProvider.Pickup, EmailProvider.Smtp, EmailProvider.AzureCommunicationServices, EmailProvider.Pickup],
            [first.Provider, second.Provider, third.Provider, fourth.Provider]);
        Assert.Equal(["Four", "One"], pickup.ReadNewest().Select(m => m.Subject).Order());
        Assert.Contains("Subject: Two", Assert.Single(smtp.Received).Data);
        Assert.Equal("Three", (string?)Assert.Single(acs.Emails)["content"]!["subject"]);
    }

    [Fact]
    public async Task SetSecrets_StoredProtectedAndReadBackPlain()
    {
        await using var smtp = LoopbackSmtpServer.Start(userName: "mailer", password: "Sm7p-Pa55word!");
        await using var host = await ToolsTestHost.StartAsync(settings: new TestSettings().WithoutBackgroundWork());
        await using var acs = await FakeAcsEmailServer.StartAsync(() => host.Clock.GetCurrentInstant().ToDateTimeOffset());

        await host.Get<SettingsStore>().SetAsync(smtp.Settings());
        await host.Get<SettingsStore>().SetAsync("Email:AzureCommunicationServices:ConnectionString", acs.ConnectionString);

        var stored = await host.WithDbAsync(db => db.AppSettings.AsNoTracking().ToDictionaryAsync(s => s.Key, s => s.Value));
        Assert.StartsWith(SecretSettings.Prefix, stored["Email:Smtp:Password"]);
        Assert.DoesNotContain("Sm7p-Pa55word!", stored["Email:Smtp:Password"]);
        Assert.StartsWith(SecretSettings.Prefix, stored["Email:AzureCommunicationServices:ConnectionString"]);
        Assert.DoesNotContain(acs.AccessKey, stored["Email:AzureCommunicationServices:ConnectionString"]);
        Assert.Equal("mailer", stored["Email:Smtp:UserName"]);
        var options = host.Get<IOptionsMonitor<EmailOptions>>().CurrentValue;
        Assert.Equal("Sm7p-Pa55word!", options.Smtp.Password);
        Assert.Equal(acs.ConnectionString, options.AzureCommunicationServices.ConnectionString);
        // The decrypted password is the one the server accepts.
        await host.Get<IEmailSender>().SendAsync(new EmailMessage("john@example.com", "Hello", "Text"));
        Assert.Equal("mailer", Assert.Single(smtp.Received).AuthenticatedUser);
    }

    [Fact]
    public async Task SecretCopiedToAnotherKey_DoesNotDecrypt()
    {
        await using var host = await ToolsTestHost.StartAsync(settings: new TestSettings().WithoutBackgroundWork());
        var secrets = host.Get<SecretSettings>();

        var stored = secrets.Protect("Email:Smtp:Password", "Sm7p-Pa55word!");

        Assert.Equal("Sm7p-Pa55word!", secrets.Unprotect("Email:Smtp:Password", stored));
        Assert.Null(secrets.Unprotect("Email:AzureCommunicationServices:ConnectionString", stored));
        Assert.Equal("plain-from-a-file", secrets.Unprotect("Email:Smtp:Password", "plain-from-a-file"));
    }

    [Fact]
    public async Task Secrets_NeverLogged_WhateverHappens()
    {
        const string Password = "Sm7p-Pa55word!";
        await using var smtp = LoopbackSmtpServer.Start(userName: "mailer", password: Password);
        await using var host = await ToolsTestHost.StartAsync(settings: new TestSettings().WithoutBackgroundWork());
        await using var acs = await FakeAcsEmailServer.StartAsync(() => host.Clock.GetCurrentInstant().ToDateTimeOffset());
        acs.RunningPolls = 0;

        await host.Get<SettingsStore>().SetAsync(smtp.Settings());
        await host.Get<IEmailSender>().SendAsync(new EmailMessage("john@example.com", "SMTP ok", "Text"));
        smtp.MessageRefusal = "554 5.7.1 Rejected";
        await host.Get<EmailDiagnostics>().SendTestEmailAsync("john@example.com");
        await host.Get<SettingsStore>().SetAsync(acs.Settings());
        await host.Get<IEmailSender>().SendAsync(new EmailMessage("john@example.com", "ACS ok", "Text"));
        acs.Failure = ("Failed", "Nope");
        await host.Get<EmailDiagnostics>().SendTestEmailAsync("john@example.com");
        await host.Get<SettingsStore>().SetAsync("Email:AzureCommunicationServices:ConnectionString", $"endpoint={acs.Endpoint}/;accesskey={Convert.ToBase64String(new byte[32])}");
        await host.Get<EmailDiagnostics>().SendTestEmailAsync("john@example.com");

        Assert.NotEmpty(host.Logs.Lines);
        Assert.Contains(host.Logs.Lines, l => l.Contains("System.Net.Http.HttpClient.acs-email"));
        Assert.DoesNotContain(host.Logs.Lines, l => l.Contains(Password) || l.Contains(acs.AccessKey) || l.Contains("HMAC-SHA256 SignedHeaders"));
        Assert.DoesNotContain((await host.Get<EmailDiagnostics>().GetStatusAsync()), s => $"{s.LastAnswer} {s.LastError}".Contains(Password) || $"{s.LastAnswer} {s.LastError}".Contains(acs.AccessKey));
    }

    [Fact]
    public async Task SendTestEmail_ReturnsTheProvidersAnswerOrError()
    {
        await using var host = await ToolsTestHost.StartAsync(settings: new TestSettings().WithoutBackgroundWork());
        await using var acs = await FakeAcsEmailServer.StartAsync(() => host.Clock.GetCurrentInstant().ToDateTimeOffset());
        acs.RunningPolls = 0;
        await host.Get<SettingsStore>().SetAsync(acs.Settings());

        var ok = await host.Get<EmailDiagnostics>().SendTestEmailAsync("owner@example.com");
        acs.Failure = ("EmailDroppedAllRecipientsSuppressed", "All recipients are suppressed.");
        host.Clock.Advance(NodaTime.Duration.FromMinutes(1));
        var failed = await host.Get<EmailDiagnostics>().SendTestEmailAsync("owner@example.com");
        var pickup = await host.Get<EmailDiagnostics>().SendTestEmailAsync("owner@example.com", EmailProvider.Pickup);

        Assert.True(ok.Succeeded);
        Assert.Equal(EmailProvider.AzureCommunicationServices, ok.Provider);
        Assert.Equal(acs.Requests[0].OperationId, ok.OperationId);
        Assert.Equal($"Operation {ok.OperationId}: Succeeded.", ok.Answer);
        Assert.False(failed.Succeeded);
        Assert.EndsWith("Failed: EmailDroppedAllRecipientsSuppressed: All recipients are suppressed.", failed.Answer);
        Assert.True(pickup.Succeeded);
        Assert.StartsWith("Written to the pickup directory", pickup.Answer);
        Assert.Equal("Test email from OpenBooking", (string?)acs.Emails[0]["content"]!["subject"]);

        var status = (await host.Get<EmailDiagnostics>().GetStatusAsync()).Single(s => s.Provider == EmailProvider.AzureCommunicationServices);
        Assert.Equal(host.Clock.GetCurrentInstant() - NodaTime.Duration.FromMinutes(1), status.LastSuccessAt);
        Assert.Equal(host.Clock.GetCurrentInstant(), status.LastFailureAt);
        Assert.Equal(failed.Answer, status.LastError);
        Assert.True(status.IsFailing);
        Assert.False((await host.Get<EmailDiagnostics>().GetStatusAsync()).Single(s => s.Provider == EmailProvider.Pickup).IsFailing);
    }

    [Fact]
    public async Task ConfigurationProblem_NamesTheMissingSetting()
    {
        await using var host = await ToolsTestHost.StartAsync(settings: new TestSettings().WithoutBackgroundWork());

        await host.Get<SettingsStore>().SetAsync("Email:Provider", "Smtp");
        var smtp = host.Get<EmailDiagnostics>().GetConfigurationProblem();
        var acs = host.Get<EmailDiagnostics>().GetConfigurationProblem(EmailProvider.AzureCommunicationServices);
        var result = await host.Get<EmailDiagnostics>().SendTestEmailAsync("owner@example.com");

        Assert.Equal("Email:Smtp:Host is not set.", smtp);
        Assert.Equal("Email:AzureCommunicationServices:ConnectionString is not set.", acs);
        Assert.Null(host.Get<EmailDiagnostics>().GetConfigurationProblem(EmailProvider.Pickup));
        Assert.False(result.Succeeded);
        Assert.Equal("SMTP is not configured: Email:Smtp:Host is not set.", result.Answer);
    }
}
