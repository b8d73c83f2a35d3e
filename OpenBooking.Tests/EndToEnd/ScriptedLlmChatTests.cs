using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Data.WebApp;
using static Microsoft.Playwright.Assertions;
using OpenBooking.Tools.Mcp;

namespace OpenBooking.Tests.EndToEnd;

/// <summary>The app with <c>Agent:Mode = OpenAI</c>, pointed at a scripted OpenAI-compatible server.</summary>
public sealed class ScriptedLlmAppFixture : ChatAppFixture
{
    public ScriptedModelServer Model { get; private set; } = null!;

    protected override async Task<IReadOnlyDictionary<string, string?>?> SettingsAsync()
    {
        Model = await ScriptedModelServer.StartAsync();
        return new Dictionary<string, string?>
        {
            ["Agent:Mode"] = "OpenAI",
            ["Agent:OpenAI:Endpoint"] = Model.Endpoint.ToString(),
            ["Agent:OpenAI:Model"] = ScriptedModelServer.ModelName,
        };
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Model.DisposeAsync();
    }
}

/// <summary>
/// A customer books in a real browser with the LLM agent, whose model side is scripted: this proves the chat, the
/// streaming, the loop and the guardrails end to end, not a model's judgement. The clock stands on Wednesday 10 June
/// 2026, 10:00 in Brussels.
/// </summary>
public sealed class ScriptedLlmChatTests(ScriptedLlmAppFixture fixture) : IClassFixture<ScriptedLlmAppFixture>
{
    [Fact]
    public async Task ScriptedModel_BooksInTheBrowser_StreamingItsAnswers()
    {
        await using var desktop = await fixture.NewDesktopContextAsync();
        var chat = new ChatPageModel(await desktop.NewPageAsync());
        await chat.OpenAsync();
        await Expect(chat.AgentMessages.First).ToContainTextAsync("Hello");

        // 1. The model checks the time through the calendar tool; its answer is seen while it is being written.
        var rest = new TaskCompletionSource();
        fixture.Model.Then(
            ScriptedReply.Call("calendar-check_availability", new { start = "2026-06-11T15:00" }),
            ScriptedReply.From(request => ScriptedReply.Text(
                JsonNode.Parse(request.ToolResults.Values.Single())!["available"]!.GetValue<bool>()
                    ? "Tomorrow, Thursday 11 June at 15:00 is free. What is your email address? I'll send you a code to confirm it's you."
                    : "That time is taken.",
                chunks: 6).PausedAfter(2, rest.Task)));
        await chat.MessageBox.FillAsync("Book me an appointment tomorrow at 15:00");
        await chat.SendButton.ClickAsync();
        var streaming = chat.Transcript.Locator("[data-author=agent][data-streaming=true]");
        await Expect(streaming).ToContainTextAsync("Tomorrow, Thursday");
        Assert.DoesNotContain("email address", await streaming.InnerTextAsync());
        await chat.Page.ScreenshotAsync(new() { Path = Shot("llm-chat-streaming-desktop.png") });
        rest.SetResult();
        await chat.ExpectLastAgentMessageAsync("What is your email address?");
        await Expect(streaming).ToHaveCountAsync(0);

        // 2. The model asks for a code to be sent.
        fixture.Model.Then(
            ScriptedReply.Call("email-send_email_otp", new { email = "anna@example.com" }),
            ScriptedReply.Text("I've sent a 6-digit code to anna@example.com. Please type it here."));
        await chat.SendAsync("anna@example.com");
        await chat.ExpectLastAgentMessageAsync("Please type it here.");
        await Expect(streaming).ToHaveCountAsync(0);
        var code = await LatestCodeAsync(desktop, "anna@example.com");

        // 3. The code is checked by the app, not the model; the model books for the verified customer.
        string? toldTheModel = null;
        fixture.Model.Then(
            ScriptedReply.From(request =>
            {
                toldTheModel = request.LastUserText;
                return ScriptedReply.Call("calendar-create_booking", new { start = "2026-06-11T15:00" });
            }),
            ScriptedReply.From(request => ScriptedReply.Text(
                $"You're booked for Thursday 11 June, 15:00–16:00. [Manage your booking]({JsonNode.Parse(request.ToolResults.Values.Single())!["manageUrl"]})")));
        await chat.SendAsync(code);
        await chat.ExpectLastAgentMessageAsync("You're booked for Thursday 11 June, 15:00–16:00.");
        // The streamed draft gives way to the saved messages once the turn (tool calls included) is stored.
        await Expect(streaming).ToHaveCountAsync(0);
        Assert.NotNull(toldTheModel);
        Assert.DoesNotContain(code, toldTheModel);
        Assert.Contains("It was verified: anna@example.com", toldTheModel);

        var manage = chat.AgentMessages.Last.GetByRole(AriaRole.Link, new() { Name = "Manage your booking" });
        await Expect(manage).ToHaveAttributeAsync("href", new Regex("^/booking/[A-Za-z0-9_-]+$"));
        await chat.Page.ScreenshotAsync(new() { Path = Shot("llm-chat-desktop.png") });
        Assert.Equal(0, fixture.Model.Remaining);

        await using var db = await fixture.App.Services.GetRequiredService<IDbContextFactory<OpenBookingDbContext>>().CreateDbContextAsync();
        var booking = await db.Bookings.SingleAsync(b => b.Email == "anna@example.com");
        Assert.Equal(NodaTime.Instant.FromUtc(2026, 6, 11, 13, 0), booking.Start);

        // The customer sees no tool calls; the transcript keeps them.
        await Expect(chat.Transcript).Not.ToContainTextAsync("check_availability");
        Assert.Equal(4, await db.ConversationMessages.CountAsync(m => m.Author == MessageAuthor.Tool));
    }

    [Fact]
    public async Task ReloadWhileTheModelAnswers_ThePageWaitsForTheAnswerAndShowsIt()
    {
        await using var phone = await fixture.NewPhoneContextAsync();
        var chat = new ChatPageModel(await phone.NewPageAsync());
        await chat.OpenAsync();
        var rest = new TaskCompletionSource();
        fixture.Model.Then(ScriptedReply.Text("We're open Monday to Friday, 9:00 to 17:00.", chunks: 5).PausedAfter(1, rest.Task));
        await chat.MessageBox.FillAsync("when are you open?");
        await chat.SendButton.ClickAsync();
        await Expect(chat.Transcript.Locator("[data-streaming=true]")).ToContainTextAsync("We're");

        await chat.Page.ReloadAsync();
        await chat.WaitUntilReadyAsync();
        await Expect(chat.CustomerMessages.Last).ToHaveTextAsync(new Regex("when are you open\\?"));
        await Expect(chat.Page.GetByText("The assistant is typing…")).ToBeAttachedAsync();
        await chat.Page.ScreenshotAsync(new() { Path = Shot("llm-chat-reload-phone.png") });
        rest.SetResult();

        await chat.ExpectLastAgentMessageAsync("We're open Monday to Friday, 9:00 to 17:00.");
        await Expect(chat.Page.GetByText("The assistant is typing…")).Not.ToBeAttachedAsync();
    }

    private static async Task<string> LatestCodeAsync(IBrowserContext context, string email)
    {
        var mailbox = await context.NewPageAsync();
        await mailbox.GotoAsync("/dev/mailbox");
        var newest = mailbox.GetByRole(AriaRole.Article).First;
        await Expect(newest).ToContainTextAsync(email);
        var code = OtpCodes.In(await newest.Locator("pre").InnerTextAsync());
        await mailbox.CloseAsync();
        return code;
    }

    private static string Shot(string name) => Path.Combine(ChatAppFixture.ScreenshotDirectory, name);
}
