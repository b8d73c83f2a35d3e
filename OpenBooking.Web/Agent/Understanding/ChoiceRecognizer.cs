using static OpenBooking.Web.Agent.Understanding.IntentVocabulary;

namespace OpenBooking.Web.Agent.Understanding;

/// <summary>Finds a pick among the options the agent offered: "the second one", "option 2", "#1".</summary>
internal sealed class ChoiceRecognizer(ParseContext context) : TokenReader(context), IRecognizer
{
    public void Recognize()
    {
        int? choice = null;
        var at = -1;
        for (var i = 0; i < Length; i++)
        {
            var t = Tokens[i];
            // "the 2nd" alone is a date; "the second" alone, or "the 2nd one", is a pick.
            var pickNoun = Is(i + 1, "one") || Is(i + 1, "option") || Is(i + 1, "choice");
            var alone = i + 1 >= Length || Tokens[i + 1].Kind == TokenKind.Punct || Is(i + 1, "please");
            if (t.Kind == TokenKind.Ordinal && !Context.Used[i] && t.Value is >= 1 and <= 9 && (pickNoun || (alone && t.Digits == 0)))
            {
                at = choice is null ? i : at;
                choice ??= t.Value;
            }
            else if (t.Kind == TokenKind.Number && t.Value is >= 1 and <= 9 && (Is(i - 1, "option") || Is(i - 1, "number") || Is(i - 1, "choice") || (IsPunct(i - 1, '#') && Tight(i))))
            {
                at = choice is null ? i : at;
                choice ??= t.Value;
            }
        }
        if (choice is null)
        {
            return;
        }
        // Only a pick when nothing else is said: "the 2nd of April" is a date, "option 2 on Friday" is not a pick.
        foreach (var w in Context.Words.List)
        {
            if (!(w is "#" or "#th" || ConfirmStrong.Contains(w) || ConfirmFiller.Contains(w) || Lexicon.OrdinalWordValue(w) > 0))
            {
                return;
            }
        }
        Mentions.Add(new ChoiceMention(choice.Value, at, at + 1));
    }
}
