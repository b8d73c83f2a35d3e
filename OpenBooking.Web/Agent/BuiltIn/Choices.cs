using System.Text.RegularExpressions;

namespace OpenBooking.Web.Agent.BuiltIn;

/// <summary>Reads picks from a numbered list ("2", "the second one", "the last one") and a few answers the parser does not name.</summary>
internal static partial class Choices
{
    private static readonly string[] OrdinalWords = ["first", "second", "third", "fourth", "fifth", "sixth"];

    /// <summary>"2", "the second one", "#3", "option 1", "the last one": a zero-based index into a list of <paramref name="count"/>.</summary>
    public static int? Ordinal(string text, int count)
    {
        var t = text.Trim().ToLowerInvariant();
        int? index;
        var digit = OrdinalDigitRegex().Match(t);
        if (digit.Success)
        {
            index = int.Parse(digit.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) - 1;
        }
        else if (LastRegex().IsMatch(t))
        {
            index = count - 1;
        }
        else
        {
            var word = Array.FindIndex(OrdinalWords, w => Regex.IsMatch(t, $@"\b{w}\b"));
            index = word >= 0 ? word : null;
        }
        return index is { } i && i >= 0 && i < count ? i : null;
    }

    public static bool LooksLikeEmailAttempt(string text) => text.Contains('@') || EmailishRegex().IsMatch(text.Trim());

    public static bool AsksForNewCode(string text) => NewCodeRegex().IsMatch(text);

    [GeneratedRegex(@"\b(last|latest) (one|slot|time|option)\b|^(the )?last$")]
    private static partial Regex LastRegex();

    [GeneratedRegex(@"^\S+\.\S+$|^\S+\s*(at|\(at\))\s*\S+\.\S+$", RegexOptions.IgnoreCase)]
    private static partial Regex EmailishRegex();

    [GeneratedRegex(@"\b(resend|re-send|send (it |me )?(again|another|a new)|new code|another code|didn'?t (get|receive)|not (got|received))\b", RegexOptions.IgnoreCase)]
    private static partial Regex NewCodeRegex();

    [GeneratedRegex(@"^(?:#|no\.?\s*|number\s+|option\s+|slot\s+|the\s+)?([1-9])(?:st|nd|rd|th)?(?:\s*(one|please|pls))?[.!]?$")]
    private static partial Regex OrdinalDigitRegex();
}
