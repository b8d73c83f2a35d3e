namespace OpenBooking.Web.Agent.Understanding;

/// <summary>Finds greetings ("good morning", a lone "Morning!"), so that a part of the day that only greets is not read as a time.</summary>
internal sealed class GreetingRecognizer(ParseContext context) : TokenReader(context), IRecognizer
{
    private static readonly HashSet<string> GreetingParts = ["morning", "afternoon", "evening", "day", "night"];
    private static readonly HashSet<string> GreetingAudience = ["all", "there", "everyone", "guys", "folks", "team", "sir", "madam"];

    /// <summary>"good morning" and a lone "Morning!" greet; they are not parts of the day.</summary>
    public void Recognize()
    {
        for (var i = 0; i + 1 < Length; i++)
        {
            if (Is(i, "good") && InSet(i + 1, GreetingParts))
            {
                Use(i, i + 2);
                Mentions.Add(new GreetingMention(i, i + 2));
            }
        }

        // "Morning!", "evening all": a part of the day that opens the sentence and only greets.
        var first = 0;
        while (first < Length && Tokens[first].Kind == TokenKind.Punct)
        {
            first++;
        }
        if (first < Length && Free(first) && (Is(first, "morning") || Is(first, "evening") || Is(first, "afternoon")))
        {
            var k = first + 1;
            var audience = false;
            while (k < Length && InSet(k, GreetingAudience))
            {
                audience = true;
                k++;
            }
            var exclaimed = k < Length && Tokens[k].Char == '!';
            var rest = k;
            while (rest < Length && Tokens[rest].Kind == TokenKind.Punct)
            {
                rest++;
            }
            var wordsAfter = 0;
            for (var w = rest; w < Length; w++)
            {
                wordsAfter += Tokens[w].Kind == TokenKind.Punct ? 0 : 1;
            }
            var openingComma = k < Length && Tokens[k].Char == ',' && wordsAfter >= 3;
            if (audience || openingComma || (exclaimed && (rest == Length || Tokens[rest - 1].Char is ',' or '!')))
            {
                Use(first, k);
                Mentions.Add(new GreetingMention(first, k));
            }
        }
    }
}
