namespace OpenBooking.Web.Agent.Understanding;

/// <summary>Placeholder replaced below.</summary>
internal sealed class QuestionRecognizer(ParseContext context) : TokenReader(context), IRecognizer
{
    public void Recognize()
    {
    }
}
