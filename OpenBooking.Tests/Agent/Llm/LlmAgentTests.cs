using System.Text.Json;
using System.Text.Json.Nodes;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Data.WebApp;
using OpenBooking.Web.Agent.Llm;
using OpenBooking.Web.Chat;
using OpenBooking.Tools.Mcp;
using OpenBooking.Tools.Health;

namespace OpenBooking.Tests.Agent.Llm;

/// <summary>
/// The LLM agent's loop against a scripted model: these prove the protocol, the loop and the guardrails through the real
/// OpenAI SDK and the real MCP clients, not a model's judgement. "Now" is Friday 27 March 2026, 10:00 in Brussels.
/// </summary>
public sealed class LlmAgentTests
{
    private const string Monday3pm = "2026-03-30T15:00";

    [Fact]
    public async Task ScriptedModel_Answer_StreamsIntoTheChatBeforeItIsComplete()
    {
        await using var chat = await ScriptedLlmChat.StartAsync();
        var rest = new TaskCompletionSource();
        chat.Model.Then(ScriptedReply.Text("Hello! Which day would suit you?", chunks: 4).PausedAfter(2, rest.Task));

        var sending = chat.SayAsync("hi there");
        await ScriptedLlmChat.WaitUntilAsync(() => chat.Stream.Writes.Count >= 2);
        var shownEarly = chat.Stream.Text;
        Assert.False(sending.IsCompleted);
        rest.SetResult();
        var replies = await sending;

        Assert.Equal("Hello! Which ", shownEarly[..13]);
        Assert.True(shownEarly.Length < "Hello! Which day would suit you?".Length);
        Assert.Equal(["Hello! Which day would suit you?"], replies);
        Assert.Equal("Hello! Which day would suit you?", chat.Stream.Text);
        Assert.True(chat.Model.Requests[0].Streamed);
        Assert.Equal("Bearer sk-scripted-test-key", chat.Model.Requests[0].Authorization);
    }

    [Fact]
    public async Task ScriptedModel_SystemPrompt_CarriesBusinessServicesHoursZoneAndNow()
    {
        await using var chat = await ScriptedLlmChat.StartAsync(settings: new Dictionary<string, string?> { ["Business:Name"] = "Studio Lumen" });
        chat.CustomerTimeZone = "America/New_York";
        chat.Model.Then(ScriptedReply.Text("Hello!"));

        await chat.SayAsync("hello");

        var prompt = chat.Model.Requests[0].SystemPrompt;
        Assert.Contains("booking assistant of Studio Lumen", prompt);
        Assert.Contains("Time zone: Europe/Brussels. Now it is Friday 27 March 2026, 10:00 (2026-03-27T10:00, UTC+01)", prompt);
        Assert.Contains("The customer's browser is in America/New_York, where it is Friday 27 March 2026, 05:00", prompt);
        Assert.Contains("- Monday: 09:00-17:00", prompt);
        Assert.Contains("- Saturday: closed", prompt);
        Assert.Contains("- Appointment (60 minutes)", prompt);
    }

    [Fact]
    public async Task ScriptedModel_IsOfferedTheMcpTools_WithoutCodeCheckingOrIdentityParameters()
    {
        await using var chat = await ScriptedLlmChat.StartAsync();
        chat.Model.Then(ScriptedReply.Text("Hello!"));

        await chat.SayAsync("hello");

        var request = chat.Model.Requests[0];
        Assert.Superset(
            new HashSet<string>
            {
                "email-send_email_otp", "calendar-list_services", "calendar-find_free_slots", "calendar-check_availability",
                "calendar-create_booking", "calendar-list_bookings", "calendar-cancel_booking", "calendar-reschedule_booking", "zapier-list_zaps",
            },
            request.ToolNames.ToHashSet());
        Assert.DoesNotContain(request.ToolNames, name => name.EndsWith("verify_email_otp", StringComparison.Ordinal));
        var create = request.Tool("calendar-create_booking");
        var properties = create["parameters"]!["properties"]!.AsObject();
        Assert.True(properties.ContainsKey("start"));
        Assert.False(properties.ContainsKey("email"));
        Assert.False(properties.ContainsKey("verificationToken"));
        Assert.DoesNotContain(create["parameters"]!["required"]!.AsArray(), r => r!.GetValue<string>() is "email" or "verificationToken");
        Assert.True(request.Tool("email-send_email_otp")["parameters"]!["properties"]!.AsObject().ContainsKey("email"));
    }

    [Fact]
    public async Task ScriptedModel_ToolCall_RunsThroughMcp_AndItsResultGoesBackToTheModel()
    {
        await using var chat = await ScriptedLlmChat.StartAsync();
        chat.Model.Then(
            ScriptedReply.Call("calendar-check_availability", new { start = Monday3pm }),
            ScriptedReply.From(request => ScriptedReply.Text(
                JsonNode.Parse(request.ToolResults.Values.Single())!["available"]!.GetValue<bool>() ? "Monday at 15:00 is free." : "Taken.")));

        var replies = await chat.SayAsync("is monday at 3pm free?");

        Assert.Equal(["Monday at 15:00 is free."], replies);
        var second = chat.Model.Requests[1];
        var call = second.Messages[^2]!["tool_calls"]![0]!;
        Assert.Equal("calendar-check_availability", call["function"]!["name"]!.GetValue<string>());
        Assert.Equal(call["id"]!.GetValue<string>(), second.Messages[^1]!["tool_call_id"]!.GetValue<string>());
        Assert.Contains("\"2026-03-30T15:00:00+02:00\"", ScriptedModelRequest.Text(second.Messages[^1]!));
    }

    [Fact]
    public async Task ScriptedModel_ParallelToolCalls_AllRunAndEachResultAnswersItsCall()
    {
        await using var chat = await ScriptedLlmChat.StartAsync();
        chat.Model.Then(
            ScriptedReply.Calls(
                new ScriptedToolCall("calendar-check_availability", new { start = "2026-03-30T09:00" }, "call_a"),
                new ScriptedToolCall("calendar-check_availability", new { start = "2026-03-28T10:00" }, "call_b"),
                new ScriptedToolCall("calendar-list_services", new { }, "call_c")),
            ScriptedReply.Text("Monday 9:00 is free; Saturday is closed."));

        await chat.SayAsync("monday 9 or saturday 10?");

        var results = chat.Model.Requests[1].ToolResults;
        Assert.Equal(["call_a", "call_b", "call_c"], chat.Model.Requests[1].Messages.TakeLast(3).Select(m => m!["tool_call_id"]!.GetValue<string>()));
        Assert.True(JsonNode.Parse(results["call_a"])!["available"]!.GetValue<bool>());
        Assert.False(JsonNode.Parse(results["call_b"])!["available"]!.GetValue<bool>());
        Assert.Contains("\"services\"", results["call_c"]);
        var tools = (await chat.TranscriptAsync()).Where(m => m.Author == MessageAuthor.Tool).Select(m => ToolCallRecord.Parse(m.Text).Tool);
        Assert.Equal(["check_availability", "check_availability", "list_services"], tools);
    }

    [Fact]
    public async Task ScriptedModel_BooksForTheVerifiedCustomer_AndNeverSeesTheCodeOrTheToken()
    {
        await using var chat = await ScriptedLlmChat.StartAsync();
        chat.Model.Then(
            ScriptedReply.Call("email-send_email_otp", new { email = "john@example.com" }),
            ScriptedReply.Text("I've sent a code to john@example.com. Please type it here."));
        await chat.SayAsync("Book me monday at 3pm, I'm john@example.com");
        var code = chat.LatestCode("john@example.com");

        // The model tries to book for someone else with a forged token: the host acts for the verified customer only.
        chat.Model.Then(
            ScriptedReply.Call("calendar-create_booking", new { start = Monday3pm, email = "mallory@example.com", verificationToken = "forged" }),
            ScriptedReply.From(request => ScriptedReply.Text("Booked: " + JsonNode.Parse(request.ToolResults.Values.Single())!["manageUrl"])));
        var replies = await chat.SayAsync($"the code is {code[..3]} {code[3..]}");

        var booking = Assert.Single(await chat.BookingsAsync());
        Assert.Equal("john@example.com", booking.Email);
        Assert.StartsWith("Booked: ", Assert.Single(replies));
        var told = chat.Model.Requests[2].LastUserText;
        Assert.Contains("the code is [code]", told);
        Assert.Contains("It was verified: john@example.com is now the verified customer", told);
        var everythingTheModelSaw = string.Join("\n", chat.Model.Requests.Select(r => r.Body.ToJsonString()));
        Assert.DoesNotContain(code, everythingTheModelSaw);
        Assert.DoesNotContain($"{code[..3]} {code[3..]}", everythingTheModelSaw);
        var verify = (await chat.TranscriptAsync()).Where(m => m.Author == MessageAuthor.Tool).Select(m => ToolCallRecord.Parse(m.Text)).Single(t => t.Tool == "verify_email_otp");
        Assert.DoesNotContain(code, verify.Arguments + verify.Result);
    }

    [Fact]
    public async Task ScriptedModel_CannotBookForAnUnverifiedEmail()
    {
        await using var chat = await ScriptedLlmChat.StartAsync();
        chat.Model.Then(
            ScriptedReply.Call("calendar-create_booking", new { start = Monday3pm, email = "john@example.com", verificationToken = "made-up" }),
            ScriptedReply.Text("I need to verify your email first."));

        await chat.SayAsync("book monday 3pm for john@example.com");

        Assert.Empty(await chat.BookingsAsync());
        var result = chat.Model.Requests[1].ToolResults.Values.Single();
        Assert.StartsWith("Error: The customer's email is not verified in this conversation.", result);
    }

    [Theory]
    [InlineData("calendar-check_availability", "{\"start\":\"someday\"}", "Error: ")]
    // Semantic Kernel answers an unknown function and arguments that are not JSON itself, in its own words.
    [InlineData("book_everything", "{}", "Error: Function call request for a function that wasn't defined.")]
    [InlineData("calendar-check_availability", "{\"start\":", "Error: Function call processing failed.")]
    public async Task ScriptedModel_ToolError_GoesBackToTheModel_WhichRecovers(string tool, string arguments, string expected)
    {
        await using var chat = await ScriptedLlmChat.StartAsync();
        chat.Model.Then(
            ScriptedReply.Calls(new ScriptedToolCall(tool, arguments)),
            ScriptedReply.Text("Sorry, which day and time did you mean?"));

        var replies = await chat.SayAsync("book it");

        Assert.StartsWith(expected, chat.Model.Requests[1].ToolResults.Values.Single());
        Assert.Equal(["Sorry, which day and time did you mean?"], replies);
        Assert.True(ToolCallRecord.Parse((await chat.TranscriptAsync()).Single(m => m.Author == MessageAuthor.Tool).Text).IsError);
    }

    [Fact]
    public async Task ScriptedModel_ThatNeverStopsCallingTools_IsStoppedByTheStepLimit()
    {
        await using var chat = await ScriptedLlmChat.StartAsync(settings: new Dictionary<string, string?> { ["Agent:OpenAI:MaxSteps"] = "3" });
        chat.Model.Then([.. Enumerable.Range(0, 5).Select(_ => ScriptedReply.Call("calendar-list_services", new { }))]);

        var replies = await chat.SayAsync("what do you offer?");

        Assert.Equal([KernelAgent.StepLimitMessage], replies);
        Assert.Equal(3, chat.Model.Requests.Count);
        chat.Model.Then(ScriptedReply.Text("We offer appointments."));
        Assert.Equal(["We offer appointments."], await chat.SayAsync("so?"));
    }

    [Fact]
    public async Task ScriptedModel_EndpointError_TellsTheCustomer_AndTheBuiltInEngineCarriesOn()
    {
        var clock = TestClock.At("2026-03-27T10:00");
        await using var chat = await ScriptedLlmChat.StartAsync(clock);
        // The SDK retries a 5xx once; both fail.
        chat.Model.Then(ScriptedReply.Error(500), ScriptedReply.Error(503));

        var replies = await chat.SayAsync("Book me monday at 3pm");

        Assert.Equal(ModelFallback.FallbackNotice, replies[0]);
        Assert.Equal("I found a free slot from 15:00 to 16:00 on Monday 30 March. Book it?", replies[1]);
        Assert.Equal(2, chat.Model.Requests.Count);
        Assert.StartsWith("The endpoint reported an error: HTTP 503", (await chat.Host.Get<ModelHealth>().GetLastFailureAsync())!.Error);
        var card = (await chat.Host.Get<OpenBooking.Web.Admin.IntegrationSettings>().GetStatusesAsync()).Single(s => s.Integration == "agent");
        Assert.Equal(OpenBooking.Tools.Health.IntegrationState.Error, card.State);
        Assert.StartsWith("The endpoint reported an error: HTTP 503", card.LastError);

        // Within the fallback period the built-in engine answers without asking the model again.
        Assert.Contains("sent a 6-digit code to john@example.com", Assert.Single(await chat.SayAsync("john@example.com")));
        Assert.Equal(2, chat.Model.Requests.Count);

        // Later the model is tried again, and it knows what was said meanwhile.
        clock.Advance(NodaTime.Duration.FromMinutes(6));
        chat.Model.Then(ScriptedReply.Text("I'm back. Please type the code we sent you."));
        Assert.Equal(["I'm back. Please type the code we sent you."], await chat.SayAsync("hello?"));
        var history = chat.Model.Requests[^1].Messages.Select(m => m!["role"] + ": " + ScriptedModelRequest.Text(m!)).ToList();
        Assert.Contains("user: john@example.com", history);
        Assert.Contains(history, h => h.StartsWith("assistant: I've sent a 6-digit code to john@example.com", StringComparison.Ordinal));
        Assert.Null((await chat.Host.Get<ModelHealth>().GetLastFailureAsync()));
        Assert.Equal(
            OpenBooking.Tools.Health.IntegrationState.Ok,
            (await chat.Host.Get<OpenBooking.Web.Admin.IntegrationSettings>().GetStatusesAsync()).Single(s => s.Integration == "agent").State);
    }

    [Fact]
    public async Task ScriptedModel_Timeout_TellsTheCustomer_AndTheBuiltInEngineAnswers()
    {
        await using var chat = await ScriptedLlmChat.StartAsync(settings: new Dictionary<string, string?> { ["Agent:OpenAI:TimeoutSeconds"] = "1" });
        chat.Model.Then(ScriptedReply.Hang());

        var replies = await chat.SayAsync("hello");

        Assert.Equal([ModelFallback.FallbackNotice, "Hello! What can I do for you today?"], replies);
        Assert.Equal("No answer within 1 s.", (await chat.Host.Get<ModelHealth>().GetLastFailureAsync())!.Error);
    }

    [Fact]
    public async Task ScriptedModel_RefusedKey_FallsBack_WithoutTheKeyInTheLog()
    {
        await using var chat = await ScriptedLlmChat.StartAsync();
        chat.Model.ApiKey = "sk-the-right-key";

        var replies = await chat.SayAsync("hello");

        Assert.Equal(ModelFallback.FallbackNotice, replies[0]);
        Assert.StartsWith("The endpoint refused the API key: HTTP 401", (await chat.Host.Get<ModelHealth>().GetLastFailureAsync())!.Error);
        Assert.DoesNotContain(chat.Logs.Lines, line => line.Contains("sk-scripted-test-key", StringComparison.Ordinal));
        Assert.Contains(chat.Logs.Lines, line => line.Contains("The chat model at 127.0.0.1 failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ScriptedModel_HistoryAndToolCalls_ArePersisted_AndTheChatShowsNoToolCalls()
    {
        await using var chat = await ScriptedLlmChat.StartAsync();
        chat.Model.Then(ScriptedReply.Call("calendar-list_services", new { }), ScriptedReply.Text("We offer one-hour appointments."));
        await chat.SayAsync("what do you offer?");
        chat.Model.Then(ScriptedReply.Text("Any weekday from 9 to 5."));

        await chat.SayAsync("when?");

        var transcript = await chat.TranscriptAsync();
        Assert.Equal(
            [MessageAuthor.Agent, MessageAuthor.Customer, MessageAuthor.Tool, MessageAuthor.Agent, MessageAuthor.Customer, MessageAuthor.Agent],
            transcript.Select(m => m.Author));
        var call = ToolCallRecord.Parse(transcript[2].Text);
        Assert.Equal("list_services", call.Tool);
        Assert.Contains("Appointment", call.Result);
        var shown = await chat.Chat.OpenAsync(chat.Id);
        Assert.DoesNotContain(shown.Messages, m => m.Author == MessageAuthor.Tool);
        // The second model call sees the first exchange, its tool call and result included.
        var roles = chat.Model.Requests[^1].Messages.Select(m => m!["role"]!.GetValue<string>());
        Assert.Equal(["system", "user", "assistant", "tool", "assistant", "user"], roles);
    }

    [Fact]
    public async Task BuiltInMode_NeverCallsTheModel()
    {
        await using var chat = await ScriptedLlmChat.StartAsync(settings: new Dictionary<string, string?> { ["Agent:Mode"] = "BuiltIn" });

        var replies = await chat.SayAsync("Book me monday at 3pm");

        Assert.Equal(["I found a free slot from 15:00 to 16:00 on Monday 30 March. Book it?"], replies);
        Assert.Empty(chat.Model.Requests);
    }

    [Fact]
    public async Task ModeChangedInTheDashboard_AppliesToTheNextMessage_AndTheVerifiedCustomerIsKept()
    {
        await using var chat = await ScriptedLlmChat.StartAsync(settings: new Dictionary<string, string?> { ["Agent:Mode"] = "BuiltIn" });
        await chat.SayAsync("Book me monday at 3pm");
        await chat.SayAsync("john@example.com");
        await chat.SayAsync(chat.LatestCode("john@example.com"));
        await chat.SayAsync("yes");
        Assert.Single(await chat.BookingsAsync());

        await chat.Host.Get<SettingsStore>().SetAsync(new Dictionary<string, string?> { ["Agent:Mode"] = "OpenAI" });
        chat.Model.Then(
            ScriptedReply.Call("calendar-list_bookings", new { }),
            ScriptedReply.From(request => ScriptedReply.Text(request.ToolResults.Values.Single().Contains("2026-03-30T15:00:00+02:00") ? "You have one booking, on Monday at 15:00." : "?")));
        var replies = await chat.SayAsync("what are my bookings?");

        Assert.Equal(["You have one booking, on Monday at 15:00."], replies);
        Assert.DoesNotContain("Error", chat.Model.Requests[1].ToolResults.Values.Single());
    }
}
