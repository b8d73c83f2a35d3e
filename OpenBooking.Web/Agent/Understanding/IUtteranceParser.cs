using NodaTime;

namespace OpenBooking.Web.Agent.Understanding;

/// <summary>Turns one chat sentence into an intent and slots. Implementations are pure and thread-safe.</summary>
public interface IUtteranceParser
{
    /// <param name="text">What the customer typed.</param>
    /// <param name="now">The current instant in the business time zone; every relative expression is read from it.</param>
    Utterance Parse(string text, ZonedDateTime now);
}
