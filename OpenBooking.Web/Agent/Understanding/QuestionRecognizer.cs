using System.Collections.Frozen;

namespace OpenBooking.Web.Agent.Understanding;

/// <summary>
/// Finds questions about the business: opening hours, closures, services and how long they take, prices, address,
/// phone and what the agent can do. A question can come with another request ("what time do you open tomorrow? I'd
/// like to book"), so this recognizer reads no tokens away from the others and leaves the intent alone.
/// </summary>
internal sealed class QuestionRecognizer(ParseContext context) : TokenReader(context), IRecognizer
{
    private static readonly HashSet<string> OpenWords = ["open", "opens", "close", "closes", "closing", "opening"];
    private static readonly HashSet<string> Business = ["you", "your", "shop", "salon", "store", "office", "studio", "clinic", "place", "guys"];
    private static readonly HashSet<string> ClosureWords =
        ["holiday", "holidays", "vacation", "vacations", "closure", "closures", "christmas", "xmas", "easter"];
    private static readonly HashSet<string> ServiceWords = ["service", "services", "treatments", "treatment", "menu"];
    private static readonly HashSet<string> PriceWords = ["price", "prices", "pricing", "cost", "costs", "rates", "fee", "fees", "tariff", "tariffs"];
    private static readonly HashSet<string> PlaceWords = ["located", "location", "directions", "postcode", "parking"];
    private static readonly HashSet<string> PhoneWords = ["phone", "telephone", "tel", "landline"];
    private static readonly HashSet<string> Whereabouts = ["you", "your", "the", "located"];

    private SentenceWords Words => Context.Words;

    // Each question needs one of its cue words; one pass over the words finds which questions are worth trying,
    // so that a plain booking sentence costs a dictionary look-up per word.
    private static readonly FrozenDictionary<string, BusinessQuestion> Cues = BuildCues();

    public void Recognize()
    {
        var possible = BusinessQuestion.None;
        var words = Words;
        for (var k = 0; k < words.Count; k++)
        {
            if (Cues.TryGetValue(words[k], out var cue))
            {
                possible |= cue;
            }
        }
        if (possible == BusinessQuestion.None)
        {
            return;
        }
        if ((possible & BusinessQuestion.Hours) != 0)
        {
            Add(BusinessQuestion.Hours, Hours());
        }
        if ((possible & BusinessQuestion.Closures) != 0)
        {
            Add(BusinessQuestion.Closures, Closures());
        }
        if ((possible & BusinessQuestion.Services) != 0)
        {
            Add(BusinessQuestion.Services, Services());
        }
        if ((possible & BusinessQuestion.Prices) != 0)
        {
            Add(BusinessQuestion.Prices, Prices());
        }
        if ((possible & BusinessQuestion.Address) != 0)
        {
            Add(BusinessQuestion.Address, Address());
        }
        if ((possible & BusinessQuestion.Phone) != 0)
        {
            Add(BusinessQuestion.Phone, Phone());
        }
        if ((possible & BusinessQuestion.Capabilities) != 0)
        {
            Add(BusinessQuestion.Capabilities, Capabilities());
        }
    }

    private static FrozenDictionary<string, BusinessQuestion> BuildCues()
    {
        var cues = new Dictionary<string, BusinessQuestion>(StringComparer.Ordinal);
        void Cue(BusinessQuestion question, IEnumerable<string> words)
        {
            foreach (var word in words)
            {
                cues[word] = cues.GetValueOrDefault(word) | question;
            }
        }
        Cue(BusinessQuestion.Hours, [.. OpenWords, "hour"]);
        Cue(BusinessQuestion.Closures, [.. ClosureWords, "closed"]);
        Cue(BusinessQuestion.Services, [.. ServiceWords, "long", "offer"]);
        Cue(BusinessQuestion.Prices, [.. PriceWords, "much", "charge"]);
        Cue(BusinessQuestion.Address, [.. PlaceWords, "address", "where", "wheres", "there", "find"]);
        Cue(BusinessQuestion.Phone, [.. PhoneWords, "call", "ring", "number"]);
        Cue(BusinessQuestion.Capabilities, ["do", "help", "capabilities", "ask"]);
        return cues.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private void Add(BusinessQuestion question, int at)
    {
        if (at >= 0)
        {
            Mentions.Add(new QuestionMention(question, at, at + 1));
        }
    }

    /// <summary>"when are you open?", "what time do you close", "opening hours", "are you open on Sunday?", "your hours".</summary>
    private int Hours()
    {
        var opening = First(Words.Find("opening", "hour"), Words.Find("opening", "time"), Words.Find("opening", "times"), Words.Find("business", "hour"),
            Words.Find("your", "hour"), Words.Find("closing", "time"), Words.Find("you", "open"), Words.Find("guys", "open"), Words.Find("hour", "of", "operation"));
        if (opening >= 0)
        {
            return opening;
        }
        // "when do you open", "what time does the salon close", "how late are you open": a time of opening, not a free slot.
        var asksWhen = First(Words.Find("when"), Words.Find("what", "time"), Words.Find("how", "late"), Words.Find("how", "early"));
        return asksWhen >= 0 && Words.FindAny(OpenWords) >= 0 && Words.FindAny(Business) >= 0 ? asksWhen : -1;
    }

    /// <summary>"are you closed at Christmas?", "any holidays coming up?", "when are you closed".</summary>
    private int Closures()
    {
        var closed = Words.Find("closed");
        if (closed >= 0 && (Words.FindAny(Business) >= 0 || Words.Has("when") || Words.Has("any") || Words.Has("days")))
        {
            return closed;
        }
        return Words.FindAny(ClosureWords);
    }

    /// <summary>"what services do you offer", "how long is a haircut", "what do you offer", "your treatments".</summary>
    private int Services()
    {
        var service = Words.FindAny(ServiceWords);
        if (service >= 0 && (Words.Has("what") || Words.Has("which") || Words.Has("offer") || Words.Has("your") || Words.Has("list") || Words.Has("do")))
        {
            return service;
        }
        return First(Words.Find("how", "long"), Words.Find("you", "offer"));
    }

    /// <summary>"how much is a haircut", "what are your prices", "what does it cost".</summary>
    private int Prices()
    {
        var howMuch = Words.Find("how", "much");
        return howMuch >= 0 && !Words.Has("time") ? howMuch : First(Words.FindAny(PriceWords), Words.Find("you", "charge"));
    }

    /// <summary>"where are you", "what's your address", "where is the salon", "how do I get there".</summary>
    private int Address()
    {
        var address = Words.Find("address");
        if (address >= 0 && !Words.Has("email") && !Words.Has("mail") && !Words.Has("@") && !(Words.Has("my") && !Words.Has("your")))
        {
            return address;
        }
        var where = First(Words.Find("where"), Words.Find("wheres"));
        if (where >= 0 && Words.FindAny(Whereabouts) >= 0 && !Words.Has("appointment"))
        {
            return where;
        }
        return First(Words.FindAny(PlaceWords), Words.Find("get", "there"), Words.Find("find", "you"));
    }

    /// <summary>"what's your phone number", "can I call you", "your number"; not "my phone number is ...".</summary>
    private int Phone()
    {
        var phone = First(Words.FindAny(PhoneWords), Words.Find("call", "you"), Words.Find("ring", "you"), Words.Find("your", "number"), Words.Find("contact", "number"));
        return phone >= 0 && !(Words.Has("my") && !Words.Has("your") && !Words.Has("you")) ? phone : -1;
    }

    /// <summary>"what can you do", "how can you help", "what are you able to do"; "what can you do on Monday" asks for times instead.</summary>
    private int Capabilities()
    {
        var when = Mentions.Dates.Count + Mentions.Ranges.Count + Mentions.Times.Count + Mentions.Windows.Count > 0;
        if (when)
        {
            return -1;
        }
        var can = Words.Find("can", "you", "do");
        return First(can >= 0 && Words.Has("what") ? can : -1, Words.Find("what", "do", "you", "do"), Words.Find("how", "can", "you", "help"),
            Words.Find("able", "to", "do"), Words.Find("capabilities"), Words.Find("what", "can", "i", "ask"), Words.Find("what", "can", "this", "bot", "do"));
    }

    private static int First(params ReadOnlySpan<int> positions)
    {
        foreach (var p in positions)
        {
            if (p >= 0)
            {
                return p;
            }
        }
        return -1;
    }
}
