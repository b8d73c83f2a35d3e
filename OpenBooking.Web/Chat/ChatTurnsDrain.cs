namespace OpenBooking.Web.Chat;

/// <summary>
/// Graceful shutdown: when the app stops (a deploy, a scale-down), it waits for the chat turns that are running, so a
/// code sent or a booking made is saved with the conversation, up to the host's shutdown timeout
/// (<c>HostOptions:ShutdownTimeout</c>, 30 seconds by default). Registered after the tool servers, so it stops first.
/// </summary>
internal sealed partial class ChatTurnsDrain(ChatService chat, ILogger<ChatTurnsDrain> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var count = chat.RunningTurns;
        if (count == 0)
        {
            return;
        }
        LogWaiting(logger, count);
        try
        {
            await chat.WhenTurnsEndAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            LogGaveUp(logger, chat.RunningTurns);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: waiting for {Count} running chat turns to be saved")]
    private static partial void LogWaiting(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopped before {Count} chat turns ended (the shutdown timeout passed)")]
    private static partial void LogGaveUp(ILogger logger, int count);
}
