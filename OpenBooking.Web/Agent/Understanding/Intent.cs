namespace OpenBooking.Web.Agent.Understanding;

/// <summary>What a customer's sentence asks the agent to do.</summary>
public enum Intent
{
    Book,
    Check,
    List,
    Cancel,
    Reschedule,
    Confirm,
    Deny,
    ProvideEmail,
    ProvideCode,
    Greeting,
    Help,
    Unknown,
}
