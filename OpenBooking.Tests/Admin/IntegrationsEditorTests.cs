using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenBooking.Tests.Calendar.Google;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Calendar.Google;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Data.WebApp;
using OpenBooking.Tools.Email;
using OpenBooking.Web.Admin;
using OpenBooking.Web.Agent;
using OpenBooking.Web.Agent.Llm;

namespace OpenBooking.Tests.Admin;

/// <summary>The Integrations page's editors: email, agent and Google settings are stored (secrets protected) and audited without secrets.</summary>
public sealed class IntegrationsEditorTests : IAsyncLifetime
{
    private FakeGoogleServer google = null!;
    private ToolsTestHost host = null!;
    private IntegrationsEditor editor = null!;

    public Task InitializeAsync() => StartAsync();

    /// <summary>A host with the web app's agent options beside the tools (Google not configured), and the editor over it.</summary>
    private async Task StartAsync(TestSettings? settings = null)
    {
        google = await FakeGoogleServer.StartAsync();
        host = await ToolsTestHost.StartAsync(settings: google.Settings(configured: false).With(settings ?? new TestSettings()),
            configure: services => services.AddAgents());
        editor = host.IntegrationsEditor();
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await google.DisposeAsync();
    }

    private Task<List<AuditEntry>> AuditAsync() => host.WithDbAsync(db => db.AuditEntries.OrderBy(e => e.Id).ToListAsync());

    private Task<string?> RawAsync(string key) => host.WithDbAsync(db => db.AppSettings.Where(s => s.Key == key).Select(s => s.Value).FirstOrDefaultAsync());

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

        var options = host.Get<IOptionsMonitor<EmailOptions>>().CurrentValue;
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
        Assert.Null(host.Get<EmailDiagnostics>().GetConfigurationProblem());

        // Saving again with the password left empty keeps it.
        var again = editor.LoadEmail();
        Assert.True(again.SmtpPasswordSet);
        Assert.Null(again.SmtpPassword);
        again.SmtpPort = 587;
        Assert.Empty(await editor.SaveEmailAsync("owner@example.com", again));
        Assert.Equal(raw, await RawAsync("Email:Smtp:Password"));
        Assert.Equal("hunter2-secret", host.Get<IOptionsMonitor<EmailOptions>>().CurrentValue.Smtp.Password);
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
        var result = await host.Get<EmailDiagnostics>().SendTestEmailAsync("owner@example.com", EmailProvider.Pickup);

        Assert.True(result.Succeeded, result.Answer);
        Assert.False(string.IsNullOrWhiteSpace(result.Answer));
    }

    private OpenAIAgentOptions AgentModel => host.Get<IOptionsMonitor<AgentOptions>>().CurrentValue.OpenAI;

    private static AgentDraft OpenAIDraft(string? endpoint = "http://localhost:11434/v1", string? model = "llama3.1", string? key = null) =>
        new() { Mode = AgentMode.OpenAI, Endpoint = endpoint, Model = model, ApiKey = key };

    [Fact]
    public void ValidateAgent_BuiltIn_NeedsNoneOfTheModelSettings()
    {
        var draft = new AgentDraft { Mode = AgentMode.BuiltIn, Endpoint = "not a url", Model = "" };

        Assert.Empty(editor.ValidateAgent(draft));
    }

    [Fact]
    public void ValidateAgent_OpenAIWithoutModel_NamesTheModel()
    {
        var error = Assert.Single(editor.ValidateAgent(OpenAIDraft(model: " ")));

        Assert.Equal("Agent:OpenAI:Model", error.Field);
        Assert.StartsWith("Agent:OpenAI:Model: enter the model", error.Message);
    }

    [Theory]
    [InlineData("http://localhost:11434/v1")]
    [InlineData("http://localhost:11434/v1/")]
    [InlineData("https://my-resource.openai.azure.com/openai/v1")]
    [InlineData(" https://api.openai.com/v1 ")]
    [InlineData("")]
    public void ValidateAgent_EndpointEndingInV1OrEmpty_IsAccepted(string endpoint)
    {
        Assert.Empty(editor.ValidateAgent(OpenAIDraft(endpoint, key: "sk-test")));
    }

    [Theory]
    [InlineData("http://localhost:11434", "must end in /v1, e.g. http://localhost:11434/v1 for Ollama")]
    [InlineData("https://api.openai.com/v1/chat/completions", "must end in /v1")]
    [InlineData("localhost:11434/v1", "absolute http:// or https:// URL ending in /v1")]
    [InlineData("ftp://models.example.com/v1", "absolute http:// or https:// URL ending in /v1")]
    [InlineData("http://localhost:11434/v1?key=1", "absolute http:// or https:// URL ending in /v1")]
    public void ValidateAgent_BadEndpoint_NamesTheEndpointAndTheRule(string endpoint, string expected)
    {
        var error = Assert.Single(editor.ValidateAgent(OpenAIDraft(endpoint, key: "sk-test")));

        Assert.Equal("Agent:OpenAI:Endpoint", error.Field);
        Assert.StartsWith("Agent:OpenAI:Endpoint: ", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void ValidateAgent_OpenAIEndpointWithoutAKey_NamesTheKey()
    {
        var error = Assert.Single(editor.ValidateAgent(OpenAIDraft(OpenAIAgentOptions.DefaultEndpoint, "gpt-4.1-mini")));

        Assert.Equal("Agent:OpenAI:ApiKey", error.Field);
        Assert.Contains("api.openai.com needs an API key", error.Message);
        // A local server needs none.
        Assert.Empty(editor.ValidateAgent(OpenAIDraft("http://localhost:11434/v1", "llama3.1")));
    }

    [Fact]
    public async Task SaveAgent_OpenAI_StoresTheKeyProtectedAppliesAtOnceAndAuditsWithoutIt()
    {
        const string key = "sk-test-7f3a9c1e5b2d";
        var draft = editor.LoadAgent();
        Assert.Equal((AgentMode.BuiltIn, OpenAIAgentOptions.DefaultEndpoint, false), (draft.Mode, draft.Endpoint, draft.ApiKeySet));
        draft.Mode = AgentMode.OpenAI;
        draft.Endpoint = "https://models.example.com/v1/";
        draft.Model = "gpt-4.1-mini";
        draft.ApiKey = key;

        Assert.Empty(await editor.SaveAgentAsync("owner@example.com", draft));

        var options = host.Get<IOptionsMonitor<AgentOptions>>().CurrentValue;
        Assert.Equal((AgentMode.OpenAI, "https://models.example.com/v1/", "gpt-4.1-mini", key),
            (options.Mode, options.OpenAI.Endpoint, options.OpenAI.Model, options.OpenAI.ApiKey));
        var raw = await RawAsync("Agent:OpenAI:ApiKey");
        Assert.StartsWith(SecretSettings.Prefix, raw);
        Assert.DoesNotContain(key, raw);
        var entry = Assert.Single(await AuditAsync());
        Assert.Equal(AuditActions.AgentUpdated, entry.Action);
        Assert.Equal(
            "Agent:Mode: 'BuiltIn' → 'OpenAI'; Agent:OpenAI:Endpoint: 'https://api.openai.com/v1' → 'https://models.example.com/v1/'; "
            + "Agent:OpenAI:Model: not set → 'gpt-4.1-mini'; Agent:OpenAI:ApiKey: changed (hidden).",
            entry.Summary);
        Assert.Null(draft.ApiKey);
    }

    [Fact]
    public async Task SaveAgent_KeyLeftEmpty_KeepsTheStoredKey()
    {
        Assert.Empty(await editor.SaveAgentAsync("owner@example.com", OpenAIDraft(key: "sk-keep-me-1234")));
        var raw = await RawAsync("Agent:OpenAI:ApiKey");

        var again = editor.LoadAgent();
        Assert.True(again.ApiKeySet);
        Assert.Null(again.ApiKey);
        again.Model = "qwen2.5";
        Assert.Empty(await editor.SaveAgentAsync("owner@example.com", again));

        Assert.Equal(raw, await RawAsync("Agent:OpenAI:ApiKey"));
        Assert.Equal(("qwen2.5", "sk-keep-me-1234"), (AgentModel.Model, AgentModel.ApiKey));
        Assert.Equal("Agent:OpenAI:Model: 'llama3.1' → 'qwen2.5'.", (await AuditAsync())[^1].Summary);
    }

    [Fact]
    public async Task SaveAgent_ClearKey_RemovesItEvenWhenTheSettingsFilesHaveOne()
    {
        await DisposeAsync();
        await StartAsync(new TestSettings().With("Agent:OpenAI:ApiKey", "sk-from-the-file"));
        var draft = editor.LoadAgent();
        Assert.True(draft.ApiKeySet);
        draft.Mode = AgentMode.OpenAI;
        draft.Endpoint = "http://localhost:11434/v1";
        draft.Model = "llama3.1";
        draft.ClearApiKey = true;

        Assert.Empty(await editor.SaveAgentAsync("owner@example.com", draft));

        Assert.True(string.IsNullOrEmpty(AgentModel.ApiKey));
        Assert.False(editor.LoadAgent().ApiKeySet);
        Assert.EndsWith("Agent:OpenAI:ApiKey: removed.", Assert.Single(await AuditAsync()).Summary);
    }

    [Fact]
    public async Task SaveAgent_Invalid_SavesNothing()
    {
        var errors = await editor.SaveAgentAsync("owner@example.com", OpenAIDraft("http://localhost:11434", model: null));

        Assert.Equal(["Agent:OpenAI:Endpoint", "Agent:OpenAI:Model"], errors.Select(e => e.Field));
        Assert.Equal(AgentMode.BuiltIn, editor.LoadAgent().Mode);
        Assert.Empty(await AuditAsync());
    }

    [Fact]
    public async Task SaveAgent_BackToBuiltIn_KeepsTheModelSettingsForLater()
    {
        Assert.Empty(await editor.SaveAgentAsync("owner@example.com", OpenAIDraft(key: "sk-local")));

        var draft = editor.LoadAgent();
        draft.Mode = AgentMode.BuiltIn;
        draft.Model = "";
        Assert.Empty(await editor.SaveAgentAsync("owner@example.com", draft));

        Assert.Equal(AgentMode.BuiltIn, host.Get<IOptionsMonitor<AgentOptions>>().CurrentValue.Mode);
        Assert.Equal(("llama3.1", "sk-local"), (AgentModel.Model, AgentModel.ApiKey));
        Assert.Equal("Agent:Mode: 'OpenAI' → 'BuiltIn'.", (await AuditAsync())[^1].Summary);
    }

    [Fact]
    public async Task TestAgentConnection_RealServer_ConnectsWithTheTypedKeyElseTheStoredOne()
    {
        await using var server = (await ScriptedModelServer.StartAsync()).Then(ScriptedReply.Text("OK"), ScriptedReply.Text("OK"));
        var endpoint = server.Endpoint.AbsoluteUri;
        Assert.Empty(await editor.SaveAgentAsync("owner@example.com", OpenAIDraft(endpoint, "stub-model", key: "sk-stored-key")));

        var stored = await editor.TestAgentConnectionAsync(editor.LoadAgent());
        var typed = await editor.TestAgentConnectionAsync(OpenAIDraft(endpoint + "/", "other-model", key: "sk-typed-key"));

        Assert.True(stored.Ok, stored.Message);
        Assert.StartsWith("Connected: stub-model answered in ", stored.Message);
        Assert.True(typed.Ok, typed.Message);
        Assert.StartsWith("Connected: other-model answered in ", typed.Message);
        Assert.Equal(
            [("Bearer sk-stored-key", "stub-model"), ("Bearer sk-typed-key", "other-model")],
            server.Requests.Select(r => (r.Authorization, r.Body["model"]!.GetValue<string>())));
        // Testing saves nothing.
        Assert.Equal(("stub-model", "sk-stored-key"), (AgentModel.Model, AgentModel.ApiKey));
    }

    [Fact]
    public async Task TestAgentConnection_KeyRefused_SaysSoWithoutShowingTheKey()
    {
        const string key = "sk-wrong-key-0042";
        // OpenAI's own 401 repeats the key it refused.
        await using var server = (await ScriptedModelServer.StartAsync()).Then(ScriptedReply.Error(401, $"Incorrect API key provided: {key}."));

        var result = await editor.TestAgentConnectionAsync(OpenAIDraft(server.Endpoint.AbsoluteUri, "stub-model", key: key));

        Assert.False(result.Ok);
        Assert.StartsWith("The endpoint refused the API key: HTTP 401 ", result.Message);
        Assert.Contains("Incorrect API key provided: ***.", result.Message);
        Assert.DoesNotContain(key, result.Message);
        Assert.Equal($"Bearer {key}", Assert.Single(server.Requests).Authorization);
    }

    [Fact]
    public async Task TestAgentConnection_EndpointWithoutV1_SendsNothingAndSaysWhy()
    {
        var result = await editor.TestAgentConnectionAsync(OpenAIDraft("http://127.0.0.1:9/api"));

        Assert.False(result.Ok);
        Assert.Equal("Endpoint: the endpoint must end in /v1, e.g. http://localhost:11434/v1 for Ollama (a trailing slash is fine).", result.Message);
    }

    [Fact]
    public async Task SaveGoogleClient_NotConfigured_LeavesNotConfiguredAndAuditsWithoutTheSecret()
    {
        Assert.Equal(GoogleCalendarState.NotConfigured, (await host.Get<GoogleCalendarConnector>().GetStatusAsync()).State);

        var (errors, status) = await editor.SaveGoogleClientAsync("owner@example.com", FakeGoogleServer.ClientId, FakeGoogleServer.ClientSecret);

        Assert.Empty(errors);
        Assert.Equal(GoogleCalendarState.Disconnected, status!.State);
        Assert.Equal(GoogleCalendarState.Disconnected, (await host.Get<GoogleCalendarConnector>().GetStatusAsync()).State);
        var entry = Assert.Single(await AuditAsync());
        Assert.Equal(AuditActions.GoogleClientSaved, entry.Action);
        Assert.DoesNotContain(FakeGoogleServer.ClientSecret, entry.Summary);
        var stored = await host.WithDbAsync(db => db.AppSettings.SingleAsync(s => s.Key == "Google:ClientSecret"));
        Assert.StartsWith(OpenBooking.Tools.Data.SecretSettings.Prefix, stored.Value);
        Assert.DoesNotContain(FakeGoogleServer.ClientSecret, stored.Value);

        // An empty secret keeps the stored one.
        (errors, status) = await editor.SaveGoogleClientAsync("owner@example.com", FakeGoogleServer.ClientId, "");
        Assert.Empty(errors);
        Assert.Equal(FakeGoogleServer.ClientSecret, host.Get<IOptionsMonitor<GoogleOptions>>().CurrentValue.ClientSecret);
        Assert.Equal(GoogleCalendarState.Connected, (await host.ConnectAsync(google)).State);
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
