namespace OpenBooking.Web.Agent.Llm;

/// <summary>
/// The chat model failed during a turn (an HTTP error, a timeout, an unreadable answer). <see cref="Partial"/> is what
/// the turn produced before (messages, tool calls, the memory with the fallback period set); <see cref="Done"/> says in
/// sentences what tools already did, when they did something.
/// </summary>
public sealed class ModelUnavailableException(string error, AgentReply partial, string? done, Exception inner)
    : Exception($"The chat model failed: {error}", inner)
{
    public AgentReply Partial { get; } = partial;

    public string? Done { get; } = done;
}
