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
    public void ToMessages_GivesTheSdkTheRolesInOrder()
    {
        var memory = new LlmMemory();
        memory.AddUser("hi");
        memory.AddAssistant("Let me look.", [new LlmToolCall("call_1", "list_services", "{}")]);
        memory.AddToolResult("call_1", "{}");

        var messages = memory.ToMessages().ToList();

        Assert.IsType<OpenAI.Chat.UserChatMessage>(messages[0]);
        var assistant = Assert.IsType<OpenAI.Chat.AssistantChatMessage>(messages[1]);
        Assert.Equal("call_1", Assert.Single(assistant.ToolCalls).Id);
        Assert.Equal("Let me look.", Assert.Single(assistant.Content).Text);
        Assert.Equal("call_1", Assert.IsType<OpenAI.Chat.ToolChatMessage>(messages[2]).ToolCallId);
    }

    [Fact]
    public void ToMessages_CallWithoutItsResult_IsLeftOut_SoTheApiNeverRefusesTheHistory()
    {
        var memory = new LlmMemory();
        memory.AddUser("hi");
        memory.AddAssistant(null, [new LlmToolCall("call_lost", "list_services", "{}")]);
        memory.AddAssistant("", null);
        memory.AddToolResult("call_stray", "{}");
        memory.AddUser("hello?");

        var messages = memory.ToMessages().ToList();

        Assert.Equal(2, messages.Count);
        Assert.All(messages, m => Assert.IsType<OpenAI.Chat.UserChatMessage>(m));
    }

    [Fact]
    public void ToMessages_ResultsMustFollowTheirCall_AResultOfALaterCallWithTheSameIdDoesNotCount()
    {
        var memory = new LlmMemory();
        memory.AddUser("first");
        memory.AddAssistant(null, [new LlmToolCall("call_0", "list_services", "{}")]);
        memory.AddUser("second");
        memory.AddAssistant(null, [new LlmToolCall("call_0", "list_services", "{}"), new LlmToolCall("call_1", "find_free_slots", "{}")]);
        memory.AddToolResult("call_0", "{\"services\":[]}");
        memory.AddAssistant("Done.");

        var roles = memory.ToMessages().Select(m => m switch
        {
            OpenAI.Chat.AssistantChatMessage a when a.ToolCalls.Count > 0 => $"calls:{string.Join(",", a.ToolCalls.Select(c => c.Id))}",
            OpenAI.Chat.ToolChatMessage t => $"result:{t.ToolCallId}",
            _ => m.GetType().Name,
        });

        Assert.Equal(["UserChatMessage", "UserChatMessage", "calls:call_0", "result:call_0", "AssistantChatMessage"], roles);
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
