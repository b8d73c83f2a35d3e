using OpenBooking.Tools.Data.WebApp;

namespace OpenBooking.Web.Agent;

/// <summary>What the agent remembers between messages of one conversation, stored as JSON with it.</summary>
public interface IAgentTurn
{
    /// <summary>The agent's memory for this conversation (opaque JSON, "{}" when new).</summary>
    string State { get; }

    /// <summary>The browser's IANA time zone when known (to show times in the customer's zone too).</summary>
    string? CustomerTimeZone { get; }

    /// <summary>
    /// The browser's IP address as the web server saw it (null when unknown). Passed to the tools as the caller's
    /// client address, which one-time code limits count by; never shown to the customer.
    /// </summary>
    string? ClientAddress { get; }

    /// <summary>Where an agent that writes its answer piece by piece shows it as it comes (null: nobody is watching).</summary>
    IReplyStream? Stream { get; }
}

/// <summary>Receives an answer while it is being written, for the chat to show it token by token.</summary>
public interface IReplyStream
{
    /// <summary>More text of the message being written.</summary>
    void Write(string text);

    /// <summary>The message being written is complete; more text starts a new message.</summary>
    void EndMessage();
}

/// <summary>The agent's answer to one customer message: one or more messages, and its memory afterwards.</summary>
public sealed record AgentReply(IReadOnlyList<string> Messages, string State)
{
    /// <summary>
    /// Everything the agent did for the transcript, in order: its messages and, between them, its tool calls (author
    /// <c>Tool</c>, a <c>ToolCallRecord</c> as JSON). Empty when the messages are all there is.
    /// </summary>
    public IReadOnlyList<(MessageAuthor Author, string Text)> Transcript { get; init; } = [];
}

/// <summary>A conversational agent. The built-in engine works offline; an LLM agent can replace it.</summary>
public interface IConversationAgent
{
    /// <summary>The first message of a new conversation.</summary>
    string Greeting { get; }

    Task<AgentReply> RespondAsync(string customerMessage, IAgentTurn turn, CancellationToken cancellationToken);
}
