using NodaTime;
using OpenBooking.Tools.Calendar;
using OpenBooking.Web.Agent.BuiltIn;
using OpenBooking.Web.Agent.Understanding;

namespace OpenBooking.Web.Agent;

/// <summary>
/// The built-in conversation engine: understands scheduling language offline (through a replaceable
/// <see cref="IUtteranceParser"/>), keeps a typed memory in the conversation (<see cref="BuiltInAgentState"/>), and acts
/// only through the MCP tools. Each message goes through <see cref="TurnRouter"/> to one of the flow handlers in
/// <c>Agent/BuiltIn/</c>: questions, service choice, finding times, verifying, booking, listing, moving, cancelling.
/// </summary>
public sealed class BuiltInAgent(IUtteranceParser parser, AgentTools tools, BookingService calendar) : IConversationAgent
{
    internal const string ExampleRequests = "For example: \"Book me tomorrow at 3pm\" or \"What's free on Monday?\"";

    public const string HelpText =
        "I can book an appointment, tell you which times are free, and show, move or cancel your bookings. " + ExampleRequests;

    internal const string GreetingText = "Hello! What can I do for you today?";

    public string Greeting => GreetingText;

    public async Task<AgentReply> RespondAsync(string customerMessage, IAgentTurn turn, CancellationToken cancellationToken)
    {
        var state = BuiltInAgentState.Load(turn.State);
        var now = calendar.Now;
        var utterance = parser.Parse(customerMessage, now);
        var conversation = new Turn(tools, state, utterance, now, customerMessage, CustomerZone(turn.CustomerTimeZone, now.Zone), turn.ClientAddress, cancellationToken);
        await new TurnRouter(conversation).HandleAsync();
        return new AgentReply(conversation.Replies, state.Save());
    }

    /// <summary>The customer's own zone when it is a real IANA zone other than the business's; else null.</summary>
    internal static DateTimeZone? CustomerZone(string? id, DateTimeZone business) =>
        string.IsNullOrWhiteSpace(id) || id == business.Id ? null : DateTimeZoneProviders.Tzdb.GetZoneOrNull(id);

    /// <summary>"2", "the second one", "#3", "option 1", "the last one": a zero-based index into a list of <paramref name="count"/>.</summary>
    internal static int? Ordinal(string text, int count) => Choices.Ordinal(text, count);
}
