namespace OpenBooking.Web.Agent.Understanding;

/// <summary>Finds one kind of mention in a sentence and records it in the <see cref="ParseContext"/>.</summary>
internal interface IRecognizer
{
    /// <summary>Takes up the context's current sentence (recognizers are reused from one sentence to the next).</summary>
    void Bind();

    void Recognize();
}
