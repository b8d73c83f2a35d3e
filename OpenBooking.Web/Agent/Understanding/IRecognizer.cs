namespace OpenBooking.Web.Agent.Understanding;

/// <summary>Finds one kind of mention in a sentence and records it in the <see cref="ParseContext"/>.</summary>
internal interface IRecognizer
{
    void Recognize();
}
