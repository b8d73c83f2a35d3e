using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Data;
using OpenBooking.Web.Agent.Llm;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OpenBooking.Tests.Admin;

/// <summary>
/// The Integrations page in a real browser (its own app and database): save the Google client and SMTP settings, send a
/// test email; switch the agent to an OpenAI-compatible model, test the connection against a local server, save.
/// </summary>
public sealed class IntegrationsPageTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    private async Task<T> WithDbAsync<T>(Func<OpenBookingDbContext, Task<T>> work)
    {
        await using var db = await fixture.App.Services.GetRequiredService<IDbContextFactory<OpenBookingDbContext>>().CreateDbContextAsync();
        return await work(db);
    }

    [Fact]
    public async Task Integrations_SaveGoogleClientAndEmailThenSendATestEmail()
    {
        await using var context = await fixture.NewDesktopContextAsync();
        var page = await context.NewPageAsync();
        await DashboardFixture.SignInAsync(page, "/admin/integrations");

        await Expect(page.GetByTestId("google-state")).ToContainTextAsync("Not configured");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save Google client" }).ClickAsync();
        await Expect(page.Locator(".field-error[data-field='Google:ClientId']")).ToContainTextAsync("Google:ClientId");

        await page.GetByLabel("OAuth client id").FillAsync("12345-abc.apps.googleusercontent.com");
        await page.GetByLabel("OAuth client secret").FillAsync("GOCSPX-test-secret");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save Google client" }).ClickAsync();
        await Expect(page.GetByTestId("google-state")).ToHaveTextAsync("Disconnected");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Connect Google Calendar" })).ToHaveAttributeAsync("href", "/admin/google/connect");

        // Pickup (the default) sends: the button shows the provider's answer.
        await page.GetByRole(AriaRole.Button, new() { Name = "Send test email" }).ClickAsync();
        await Expect(page.GetByTestId("test-result")).ToContainTextAsync("Pickup directory accepted it");
        await page.ScreenshotAsync(new() { Path = AdminBrowserFixture.Shot("integrations-edited-desktop"), FullPage = true });

        // SMTP without a host is refused, naming the setting.
        await page.Locator("body").ChooseAsync(page, "Email provider", "SMTP");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save email settings" }).ClickAsync();
        await Expect(page.Locator(".field-error[data-field='Email:Smtp:Host']")).ToContainTextAsync("Email:Smtp:Host is not set.");
        await page.ScreenshotAsync(new() { Path = AdminBrowserFixture.Shot("integrations-smtp-errors-desktop"), FullPage = true });

        await page.GetByLabel("SMTP host").FillAsync("smtp.example.com");
        await page.GetByLabel("SMTP user name").FillAsync("desk");
        await page.GetByLabel("SMTP password").FillAsync("hunter2-secret");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save email settings" }).ClickAsync();
        await Expect(page.GetByText("Email settings saved.")).ToBeVisibleAsync();
        await Expect(page.Locator("label", new() { HasText = "SMTP password (set; leave empty to keep it)" })).ToBeVisibleAsync();

        var raw = await WithDbAsync(db => db.AppSettings.Where(s => s.Key == "Email:Smtp:Password").Select(s => s.Value).SingleAsync());
        Assert.DoesNotContain("hunter2", raw);
        var audit = await WithDbAsync(db => db.AuditEntries.Select(e => e.Summary).ToListAsync());
        Assert.Contains(audit, s => s.Contains("Email:Smtp:Host: not set → 'smtp.example.com'", StringComparison.Ordinal));
        Assert.DoesNotContain(audit, s => s.Contains("hunter2", StringComparison.Ordinal) || s.Contains("GOCSPX", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AgentCard_SwitchToAModelTestAndSave_ValidatesTestsTheFormAndAppliesAtOnce()
    {
        const string key = "sk-browser-5e8d2c";
        await using var server = (await ScriptedModelServer.StartAsync()).Then(ScriptedReply.Text("OK"));
        var endpoint = server.Endpoint.AbsoluteUri;
        await using var context = await fixture.NewDesktopContextAsync();
        var page = await context.NewPageAsync();
        await DashboardFixture.SignInAsync(page, "/admin/integrations");
        var card = page.GetByRole(AriaRole.Region, new() { Name = "Agent", Exact = true });
        await Expect(card).ToContainTextAsync("Built-in conversation engine");
        await Expect(card.GetByLabel("Model", new() { Exact = true })).ToHaveCountAsync(0);
        await card.ScreenshotAsync(new() { Path = AdminBrowserFixture.Shot("integrations-agent-builtin-desktop") });

        // The model's fields appear with the mode; an endpoint without /v1 and a missing model are refused, by name.
        await card.ChooseAsync(page, "Agent mode", "OpenAI-compatible model");
        await Expect(card.GetByLabel("Endpoint", new() { Exact = true })).ToHaveValueAsync("https://api.openai.com/v1");
        await Expect(card.Locator("label", new() { HasText = "API key (not set; local servers need none)" })).ToBeVisibleAsync();
        await card.GetByLabel("Endpoint", new() { Exact = true }).FillAsync(endpoint[..^"/v1".Length]);
        await card.GetByRole(AriaRole.Button, new() { Name = "Save agent settings" }).ClickAsync();
        await Expect(card.Locator(".field-error[data-field='Agent:OpenAI:Endpoint']")).ToHaveTextAsync(
            "Agent:OpenAI:Endpoint: the endpoint must end in /v1, e.g. http://localhost:11434/v1 for Ollama (a trailing slash is fine).");
        await Expect(card.Locator(".field-error[data-field='Agent:OpenAI:Model']")).ToContainTextAsync("Agent:OpenAI:Model: enter the model");
        await card.ScreenshotAsync(new() { Path = AdminBrowserFixture.Shot("integrations-agent-errors-desktop") });

        // "Test connection" sends the form's values (not yet saved) to the model, once the fields are right.
        await card.GetByLabel("Endpoint", new() { Exact = true }).FillAsync(endpoint + "/");
        await card.GetByLabel("Model", new() { Exact = true }).FillAsync("stub-model");
        await card.GetByLabel("API key", new() { Exact = true }).FillAsync(key);
        await card.GetByRole(AriaRole.Button, new() { Name = "Test connection" }).ClickAsync();
        await Expect(card.GetByRole(AriaRole.Status).Filter(new() { HasText = "Connected" })).ToContainTextAsync("Connected: stub-model answered in");
        await Expect(card.Locator(".field-error")).ToHaveCountAsync(0);
        Assert.Equal($"Bearer {key}", Assert.Single(server.Requests).Authorization);
        await card.ScreenshotAsync(new() { Path = AdminBrowserFixture.Shot("integrations-agent-connected-desktop") });

        await card.GetByRole(AriaRole.Button, new() { Name = "Save agent settings" }).ClickAsync();
        await Expect(card.GetByText("Agent settings saved.")).ToBeVisibleAsync();
        await Expect(card.Locator("label", new() { HasText = "API key (set; leave empty to keep it)" })).ToBeVisibleAsync();
        await Expect(card.Locator(".status-title")).ToHaveTextAsync("OpenAI-compatible model (stub-model)");
        // The browser talks to the factory's Kestrel host; its twin (App.Services) shares the database, so re-reading
        // the stored settings there shows what any host binds from them: the key decrypted.
        Assert.Equal((AgentMode.OpenAI, "stub-model", key), AgentSettings());
        var raw = await WithDbAsync(db => db.AppSettings.Where(s => s.Key == "Agent:OpenAI:ApiKey").Select(s => s.Value).SingleAsync());
        Assert.StartsWith(SecretSettings.Prefix, raw);
        var audit = await WithDbAsync(db => db.AuditEntries.Where(e => e.Action == "agent.updated").Select(e => e.Summary).SingleAsync());
        Assert.Contains("Agent:OpenAI:ApiKey: changed (hidden)", audit);
        Assert.DoesNotContain(key, audit);

        // With the key field left empty the test uses the stored key; a refusal is announced as an alert.
        server.ApiKey = "sk-another-key";
        await card.GetByRole(AriaRole.Button, new() { Name = "Test connection" }).ClickAsync();
        await Expect(card.GetByRole(AriaRole.Alert)).ToContainTextAsync("The endpoint refused the API key: HTTP 401 (invalid_request_error: invalid_api_key) Incorrect API key provided.");
        await Expect(card.GetByRole(AriaRole.Alert)).Not.ToContainTextAsync(key);
        Assert.Equal($"Bearer {key}", server.Requests[^1].Authorization);
        await card.ScreenshotAsync(new() { Path = AdminBrowserFixture.Shot("integrations-agent-refused-desktop") });

        await using (var phone = await fixture.NewPhoneContextAsync())
        {
            var phonePage = await phone.NewPageAsync();
            await DashboardFixture.SignInAsync(phonePage, "/admin/integrations");
            var phoneCard = phonePage.GetByRole(AriaRole.Region, new() { Name = "Agent", Exact = true });
            await phoneCard.GetByLabel("Model", new() { Exact = true }).FillAsync("");
            await phoneCard.GetByRole(AriaRole.Button, new() { Name = "Save agent settings" }).ClickAsync();
            await Expect(phoneCard.Locator(".field-error[data-field='Agent:OpenAI:Model']")).ToBeVisibleAsync();
            // Testing with a field marked sends nothing.
            await phoneCard.GetByLabel("Endpoint", new() { Exact = true }).FillAsync(endpoint + "/api");
            await phoneCard.GetByRole(AriaRole.Button, new() { Name = "Test connection" }).ClickAsync();
            await Expect(phoneCard.Locator(".field-error[data-field='Agent:OpenAI:Endpoint']")).ToContainTextAsync("must end in /v1");
            await Expect(phoneCard.Locator(".field-error[data-field='Agent:OpenAI:Model']")).ToBeVisibleAsync();
            await Expect(phoneCard.GetByTestId("agent-test-result")).ToHaveCountAsync(0);
            Assert.Equal(2, server.Requests.Count);
            // From the top: a full-page shot of a scrolled page paints the fixed header halfway down.
            await phonePage.EvaluateAsync("window.scrollTo(0, 0)");
            await phonePage.ScreenshotAsync(new() { Path = AdminBrowserFixture.Shot("integrations-agent-phone"), FullPage = true });
            Assert.True(await phonePage.EvaluateAsync<bool>("document.documentElement.scrollWidth <= 390"), "The page is wider than the phone.");
        }

        // Back to the built-in engine: it needs none of the model's fields, and the next message uses it.
        await card.ChooseAsync(page, "Agent mode", "Built-in engine");
        await Expect(card.GetByLabel("Model", new() { Exact = true })).ToHaveCountAsync(0);
        await card.GetByRole(AriaRole.Button, new() { Name = "Save agent settings" }).ClickAsync();
        await Expect(card.Locator(".status-title")).ToHaveTextAsync("Built-in conversation engine");
        Assert.Equal((AgentMode.BuiltIn, "stub-model", key), AgentSettings());
    }

    private (AgentMode Mode, string? Model, string? ApiKey) AgentSettings()
    {
        fixture.App.Services.GetRequiredService<SettingsStore>().Reload();
        var agent = fixture.App.Services.GetRequiredService<IOptionsMonitor<AgentOptions>>().CurrentValue;
        return (agent.Mode, agent.OpenAI.Model, agent.OpenAI.ApiKey);
    }
}
