namespace OpenBooking.Web.Agent.Understanding;

/// <summary>
/// Finds email addresses. The tokenizer already keeps an address whole as one token (so that its dots and digits are
/// never read as a date or time); this recognizer records each as a mention.
/// </summary>
internal sealed class EmailRecognizer(ParseContext context) : TokenReader(context), IRecognizer
{
    public void Recognize()
    {
        for (var i = 0; i < Length; i++)
        {
            if (Tokens[i].Kind == TokenKind.Email)
            {
                // Not marked as read: the intent recognizer counts a lone address as the whole message.
                Mentions.Add(new EmailMention(Tokens[i].Text, i, i + 1));
            }
        }
    }
}
