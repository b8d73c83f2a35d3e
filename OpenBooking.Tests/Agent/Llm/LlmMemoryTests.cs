using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using System.Text.Json;
using NodaTime;
using OpenBooking.Web.Agent;
using OpenBooking.Web.Agent.Llm;

namespace OpenBooking.Tests.Agent.Llm;

public sealed class LlmMemoryTests
{
    [Fact]
    public void SplitAndMerge_KeepTheBuiltInMemoryAndTheModelHistorySideBySide()
    {
        var builtIn = new BuiltInAgentState { VerifiedEmail = "john@example.com", VerificationToken = "t", Stage = AgentStage.AwaitingCode };
        var memory = new LlmMemory { FallbackUntil = Instant.FromUtc(2026, 3, 27, 9, 5) };
        memory.AddUser("hi");
        memory.AddAssistant(null, [new LlmToolCall("call_1", "list_services", "{}")]);
        memory.AddToolResult("call_1", "{\"services\":[]}");
        memory.AddAssistant("We offer nothing yet.");

        var (builtInState, restored) = LlmMemory.Split(LlmMemory.Merge(builtIn.Save(), memory));

        var again = BuiltInAgentState.Load(builtInState);
        Assert.Equal(("john@example.com", "t", AgentStage.AwaitingCode), (again.VerifiedEmail, again.VerificationToken, again.Stage));
        Assert.Equal(Instant.FromUtc(2026, 3, 27, 9, 5), restored!.FallbackUntil);
        Assert.Equal(["user", "assistant", "tool", "assistant"], restored.History.Select(h => h.Role));
        Assert.Equal("list_services", restored.History[1].Calls![0].Name);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("")]
    [InlineData("{\"stage\":\"AwaitingEmail\"}")]
    [InlineData("{not json")]
    public void Split_StateWithoutModelMemory_IsAllBuiltIn(string state)
    {
        var (builtInState, memory) = LlmMemory.Split(state);

        Assert.Null(memory);
        Assert.Equal(state.Length == 0 ? "{}" : state, builtInState);
    }

    [Fact]
    public void History_BeyondTheLimit_DropsWholeOldTurns_SoNoToolResultLosesItsCall()
    {
        var memory = new LlmMemory();
        for (var turn = 0; turn < 40; turn++)
        {
            memory.AddUser($"question {turn}");
            memory.AddAssistant(null, [new LlmToolCall($"call_{turn}", "list_services", "{}")]);
            memory.AddToolResult($"call_{turn}", "{}");
            memory.AddAssistant($"answer {turn}");
        }

        Assert.True(memory.History.Count <= LlmMemory.MaxEntries);
        Assert.Equal("user", memory.History[0].Role);
        Assert.Equal("answer 39", memory.History[^1].Text);
        var calls = memory.History.Where(h => h.Calls is not null).SelectMany(h => h.Calls!).Select(c => c.Id).ToHashSet();
        Assert.All(memory.History.Where(h => h.Role == "tool"), h => Assert.Contains(h.CallId!, calls));
    }

    [Fact]
    public void AddTo_GivesTheKernelTheRolesInOrder_WithPluginQualifiedCalls()
    {
        var memory = new LlmMemory();
        memory.AddUser("hi");
        memory.AddAssistant("Let me look.", [new LlmToolCall("call_1", "calendar-list_services", "{}")]);
        memory.AddToolResult("call_1", "{}");

        var messages = History(memory);

        Assert.Equal([AuthorRole.User, AuthorRole.Assistant, AuthorRole.Tool], messages.Select(m => m.Role));
        var call = Assert.Single(messages[1].Items.OfType<FunctionCallContent>());
        Assert.Equal(("call_1", "calendar", "list_services"), (call.Id, call.PluginName, call.FunctionName));
        Assert.Equal("Let me look.", messages[1].Content);
        Assert.Equal("call_1", Assert.Single(messages[2].Items.OfType<FunctionResultContent>()).CallId);
    }

    [Fact]
    public void AddTo_CallWithoutItsResult_IsLeftOut_SoTheApiNeverRefusesTheHistory()
    {
        var memory = new LlmMemory();
        memory.AddUser("hi");
        memory.AddAssistant(null, [new LlmToolCall("call_lost", "list_services", "{}")]);
        memory.AddAssistant("", null);
        memory.AddToolResult("call_stray", "{}");
        memory.AddUser("hello?");

        var messages = History(memory);

        Assert.Equal(2, messages.Count);
        Assert.All(messages, m => Assert.Equal(AuthorRole.User, m.Role));
    }

    [Fact]
    public void AddTo_ResultsMustFollowTheirCall_AResultOfALaterCallWithTheSameIdDoesNotCount()
    {
        var memory = new LlmMemory();
        memory.AddUser("first");
        memory.AddAssistant(null, [new LlmToolCall("call_0", "list_services", "{}")]);
        memory.AddUser("second");
        memory.AddAssistant(null, [new LlmToolCall("call_0", "list_services", "{}"), new LlmToolCall("call_1", "find_free_slots", "{}")]);
        memory.AddToolResult("call_0", "{\"services\":[]}");
        memory.AddAssistant("Done.");

        var roles = History(memory).Select(m => m.Items.OfType<FunctionCallContent>().ToList() is { Count: > 0 } calls
            ? $"calls:{string.Join(",", calls.Select(c => c.Id))}"
            : m.Items.OfType<FunctionResultContent>().FirstOrDefault() is { } result ? $"result:{result.CallId}" : m.Role.Label);

        Assert.Equal(["user", "user", "calls:call_0", "result:call_0", "assistant"], roles);
    }

    [Fact]
    public void AddFrom_KeepsTheKernelsCallsAndResults_UnderTheNamesTheModelUsed()
    {
        var added = new ChatMessageContent(AuthorRole.Assistant, content: null);
        added.Items.Add(new FunctionCallContent("create_booking", "calendar", "call_9", new KernelArguments { ["start"] = "2026-03-30T15:00" }));
        var memory = new LlmMemory();
        memory.AddUser("book it");

        memory.AddFrom([added, new FunctionResultContent("create_booking", "calendar", "call_9", "{\"id\":1}").ToChatMessage()]);

        var call = Assert.Single(memory.History[1].Calls!);
        Assert.Equal(("call_9", "calendar-create_booking"), (call.Id, call.Name));
        Assert.Contains("2026-03-30T15:00", call.Arguments);
        Assert.Equal(("tool", "call_9", "{\"id\":1}"), (memory.History[2].Role, memory.History[2].CallId, memory.History[2].Text));
    }

    private static List<ChatMessageContent> History(LlmMemory memory)
    {
        var history = new ChatHistory();
        memory.AddTo(history);
        return [.. history];
    }

    [Fact]
    public void History_BeyondTheCharacterBudget_DropsOldTurns_ButKeepsTheNewestWhole()
    {
        var memory = new LlmMemory();
        var big = new string('x', 9_000);
        for (var turn = 0; turn < 5; turn++)
        {
            memory.AddUser($"question {turn}");
            memory.AddAssistant(null, [new LlmToolCall($"call_{turn}", "find_free_slots", "{}")]);
            memory.AddToolResult($"call_{turn}", big);
            memory.AddAssistant($"answer {turn}");
        }

        Assert.True(memory.History.Sum(h => h.Text?.Length ?? 0) <= LlmMemory.MaxCharacters);
        Assert.Equal("question 3", memory.History[0].Text);
        Assert.Equal("answer 4", memory.History[^1].Text);
    }
}
