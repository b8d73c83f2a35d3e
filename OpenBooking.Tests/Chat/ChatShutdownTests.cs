using OpenBooking.Tests.Agent.Llm;
using OpenBooking.Tests.TestSupport;

namespace OpenBooking.Tests.Chat;

/// <summary>Graceful shutdown: the app stopping while a customer's turn runs waits for it, and the answer is saved.</summary>
public sealed class ChatShutdownTests
{
    [Fact]
    public async Task Stop_WhileAModelAnswerIsBeingWritten_WaitsForTheTurnAndSavesIt()
    {
        await using var chat = await ScriptedLlmChat.StartAsync();
        var rest = new TaskCompletionSource();
        chat.Model.Then(ScriptedReply.Text("We're open Monday to Friday, 9:00 to 17:00.", chunks: 4).PausedAfter(1, rest.Task));
        var turn = chat.Chat.SendAsync(chat.Id, "when are you open?");
        while (chat.Model.Requests.Count == 0)
        {
            await Task.Delay(10);
        }

        var stop = chat.Host.StopAsync();
        await Task.Delay(100);
        var stoppedWhileWriting = stop.IsCompleted;
        rest.SetResult();
        await stop;

        Assert.False(stoppedWhileWriting);
        Assert.True(turn.IsCompletedSuccessfully);
        var saved = await chat.Chat.OpenAsync(chat.Id);
        Assert.Contains(saved.Messages, m => m.Text == "We're open Monday to Friday, 9:00 to 17:00.");
        Assert.Contains(chat.Logs.Lines, m => m.Contains("waiting for 1 running chat turns", StringComparison.Ordinal));
    }
}
