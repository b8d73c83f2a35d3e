using System.Globalization;
using System.Text;
using OpenBooking.Tools.Calendar;

namespace OpenBooking.Web.Agent;

/// <summary>
/// Finds which of the business's services a message names ("book a haircut", "beard trim please", "Haircuts",
/// "a hair cut"). The agent gets the names from <c>list_services</c>, so the parser stays free of the database.
/// Tolerant in cheap ways only: case, punctuation, plural or singular, one typo in a longer word, a word split in two.
/// </summary>
public static class ServiceNames
{
    /// <summary>Words that join a name's parts and say nothing about which service is meant.</summary>
    private static readonly HashSet<string> Connectors = ["and", "with", "of", "the", "a", "an", "for", "or", "min", "mins", "minute", "minutes"];

    /// <summary>
    /// Words common in everyday booking talk: on their own they never pick a service out of a sentence
    /// ("book an appointment" must not choose a service called "Appointment" when there are others), but they
    /// count once the customer is answering "which service?".
    /// </summary>
    private static readonly HashSet<string> Generic =
    [
        "appointment", "booking", "session", "visit", "meeting", "call", "free", "first", "new", "quick", "short", "long",
        "full", "half", "standard", "basic", "regular", "time", "slot", "service", "check", "day", "hour", "hours", "express",
        "small", "large", "big", "men", "mens", "man", "women", "womens", "woman", "ladies", "gents", "kids", "kid", "child",
        "children", "adult", "adults", "trial", "online", "group", "private", "one", "two", "single", "double", "today",
        "tomorrow", "morning", "afternoon", "evening", "week", "next", "please",
    ];

    /// <summary>
    /// The services the message names best: one when it is clear, several when it fits more than one equally well
    /// ("massage" with "Massage 30" and "Massage 60"), none when it names none.
    /// </summary>
    /// <param name="answering">
    /// True when the message answers "which service?": then a generic word or the start of a name ("hair") is enough.
    /// </param>
    public static IReadOnlyList<ServiceInfo> Find(string text, IReadOnlyList<ServiceInfo> services, bool answering)
    {
        var words = Words(text);
        if (words.Count == 0 || services.Count == 0)
        {
            return [];
        }
        var phrases = Phrases(words);
        var scored = new List<(ServiceInfo Service, double Coverage, int Matched)>();
        foreach (var service in services)
        {
            var name = NameWords(service.Name);
            if (name.Count == 0)
            {
                continue;
            }
            var matched = name.Where(n => phrases.Any(p => Same(n, p))).ToList();
            if (matched.Count < name.Count && phrases.Any(p => Same(string.Concat(name), p)))
            {
                matched = name; // "haircut" for "Hair cut"
            }
            if (matched.Count == 0 || (!answering && matched.All(IsGeneric)))
            {
                continue;
            }
            scored.Add((service, (double)matched.Count / name.Count, matched.Count));
        }
        if (scored.Count > 0)
        {
            var best = scored.MaxBy(s => (s.Coverage, s.Matched));
            return [.. scored.Where(s => s.Coverage == best.Coverage && s.Matched == best.Matched).Select(s => s.Service)];
        }
        if (!answering)
        {
            return [];
        }
        // Answering the question: the start of a name is enough when only one service starts that way.
        var byPrefix = services
            .Where(s => words.Any(w => w.Length >= 3 && (string.Concat(NameWords(s.Name)).StartsWith(w, StringComparison.Ordinal)
                || NameWords(s.Name).Any(n => n.StartsWith(w, StringComparison.Ordinal)))))
            .ToList();
        return byPrefix.Count == 1 ? byPrefix : [];
    }

    /// <summary>A generic word, or a number ("60" is more often a length than the "Massage 60" service).</summary>
    private static bool IsGeneric(string word) => Generic.Contains(word) || word.All(char.IsDigit);

    /// <summary>"Haircut (30 min)", "Colour (1 h 30 min)", "Workshop (2 hours)".</summary>
    public static string Label(ServiceInfo service) => $"{service.Name} ({Length(service.DurationMinutes)})";

    public static string Length(int minutes) => minutes switch
    {
        < 60 => $"{minutes} min",
        60 => "1 hour",
        _ when minutes % 60 == 0 => $"{minutes / 60} hours",
        _ => $"{minutes / 60} h {minutes % 60} min",
    };

    private static List<string> NameWords(string name)
    {
        var all = Words(name);
        var kept = all.Where(w => !Connectors.Contains(w)).ToList();
        return kept.Count > 0 ? kept : all;
    }

    /// <summary>Single words and adjacent pairs joined ("hair cut" also reads as "haircut").</summary>
    private static List<string> Phrases(List<string> words)
    {
        var phrases = new List<string>(words);
        for (var i = 0; i + 1 < words.Count; i++)
        {
            phrases.Add(words[i] + words[i + 1]);
        }
        return phrases;
    }

    /// <summary>Lower-case words of letters and digits; apostrophes vanish ("men's" is "mens"), accents stay.</summary>
    private static List<string> Words(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormC))
        {
            if (char.IsLetterOrDigit(c))
            {
                current.Append(char.ToLower(c, CultureInfo.InvariantCulture));
            }
            else if (c is '\'' or '’' && current.Length > 0)
            {
                continue;
            }
            else if (current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
        }
        if (current.Length > 0)
        {
            words.Add(current.ToString());
        }
        return words;
    }

    /// <summary>The same word: exactly, as plural or singular, or with one slip in a word of six letters or more.</summary>
    private static bool Same(string name, string word)
    {
        if (name == word || Singular(name) == Singular(word))
        {
            return true;
        }
        if (name.All(char.IsDigit) || word.All(char.IsDigit))
        {
            return false;
        }
        var longest = Math.Max(name.Length, word.Length);
        return longest >= 6 && Math.Abs(name.Length - word.Length) <= 1 && Distance(name, word, 1) <= 1;
    }

    private static string Singular(string word) => word switch
    {
        { Length: > 4 } when word.EndsWith("ies", StringComparison.Ordinal) => word[..^3] + "y",
        { Length: > 4 } when word.EndsWith("sses", StringComparison.Ordinal) || word.EndsWith("xes", StringComparison.Ordinal) || word.EndsWith("ches", StringComparison.Ordinal) || word.EndsWith("shes", StringComparison.Ordinal) => word[..^2],
        { Length: > 3 } when word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) => word[..^1],
        _ => word,
    };

    /// <summary>Edit distance with adjacent swaps (optimal string alignment), stopping early above <paramref name="limit"/>.</summary>
    private static int Distance(string a, string b, int limit)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }
        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            var rowMin = int.MaxValue;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
                rowMin = Math.Min(rowMin, d[i, j]);
            }
            if (rowMin > limit)
            {
                return rowMin;
            }
        }
        return d[a.Length, b.Length];
    }
}
