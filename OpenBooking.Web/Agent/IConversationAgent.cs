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
}

/// <summary>The agent's answer to one customer message: one or more messages, and its memory afterwards.</summary>
public sealed record AgentReply(IReadOnlyList<string> Messages, string State);

/// <summary>A conversational agent. The built-in engine works offline; an LLM agent can replace it.</summary>
public interface IConversationAgent
{
    /// <summary>The first message of a new conversation.</summary>
    string Greeting { get; }

    Task<AgentReply> RespondAsync(string customerMessage, IAgentTurn turn, CancellationToken cancellationToken);
}
