using Microsoft.Extensions.Options;
using OpenBooking.Web.Agent.Llm;

namespace OpenBooking.Web.Agent;

/// <summary>
/// The chat's agent: each message goes to the engine <c>Agent:Mode</c> names at that moment, so switching in the
/// dashboard applies to the next message of every conversation, which keeps its history and its verified customer.
/// </summary>
public sealed class AgentRouter(BuiltInAgent builtIn, LlmAgent llm, IOptionsMonitor<AgentOptions> options) : IConversationAgent
{
    public string Greeting => builtIn.Greeting;

    public Task<AgentReply> RespondAsync(string customerMessage, IAgentTurn turn, CancellationToken cancellationToken) =>
        options.CurrentValue.Mode == AgentMode.OpenAI
            ? llm.RespondAsync(customerMessage, turn, cancellationToken)
            : llm.BuiltInAnswerAsync(customerMessage, turn, cancellationToken);
}
