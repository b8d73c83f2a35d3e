using static OpenBooking.Web.Agent.Understanding.IntentVocabulary;

namespace OpenBooking.Web.Agent.Understanding;

/// <summary>Chooses what the sentence asks for from cue words and the mentions found before it.</summary>
internal sealed class IntentRecognizer(ParseContext context) : TokenReader(context)
{
    private SentenceWords Words => Context.Words;

    private bool Has(string w) => Words.Has(w);

    private bool HasAny(HashSet<string> set) => Words.HasAny(set);

    private bool Seq(params ReadOnlySpan<string> phrase) => Words.Seq(phrase);

    private bool Covers(HashSet<string> strong, HashSet<string> vocabulary) => Words.Covers(strong, vocabulary);

    private bool HasWhen() =>
        Mentions.Dates.Exists(d => !IsNegated(d.Start)) || Mentions.Ranges.Count > 0 || Mentions.Times.Exists(t => !IsNegated(t.Start))
        || Mentions.Windows.Exists(w => !IsNegated(w.Start)) || Mentions.Duration is not null || Mentions.Relative is not null
        || Mentions.Invalid.Count > 0;

    private bool HasAppointmentWord() => HasAny(AppointmentWords);

    /// <summary>"my appointment", "my next booking", "our reservation".</summary>
    private bool HasPossessiveAppointment()
    {
        for (var i = 0; i < Words.Count; i++)
        {
            if (Words[i] is "my" or "our" or "mine")
            {
                for (var k = i + 1; k < Words.Count && k <= i + 3; k++)
                {
                    if (AppointmentWords.Contains(Words[k]))
                    {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /// <summary>
    /// The intent, decided in this order: abuse and prompt injection; how-to questions; cancel; reschedule;
    /// a lone email or code; off-topic; the customer's own bookings; availability; booking; help; email or code
    /// with more words; yes and no; a sentence that only names a time (booking); greetings.
    /// </summary>
    /// <summary>The intent of the sentence; run after every recognizer.</summary>
    public Intent Classify()
    {
        if (Words.Count == 0 || IsInjection())
        {
            return Intent.Unknown;
        }

        var when = HasWhen();
        var appointment = HasAppointmentWord();
        var possessive = HasPossessiveAppointment();
        var reschedule = AsksToReschedule(when, appointment, possessive);

        if (AsksHowTo() && !when && !Has("cancel") && !reschedule)
        {
            return Intent.Help;
        }
        // "any cancellations today?", "has anyone cancelled?": a free slot is wanted, nothing is cancelled.
        var othersCancelled = Has("cancel") && (Has("any") || Has("anyone") || Has("anybody") || Has("someone")) && !possessive;
        if (AsksToCancel(appointment) && !othersCancelled)
        {
            return (reschedule && when && !Has("cancel")) || (Has("instead") && when) || Has("rebook") || Seq("and", "book")
                ? Intent.Reschedule
                : Intent.Cancel;
        }
        if (reschedule)
        {
            return Intent.Reschedule;
        }
        if (SaysCannotCome())
        {
            return HintsAtNewTime() && when ? Intent.Reschedule : Intent.Cancel;
        }

        // "I booked Tuesday, can I do Wednesday instead?", "I have a booking at 10, could we make it 11?"
        if (StatesABooking(appointment) && when && HintsAtNewTime())
        {
            return Intent.Reschedule;
        }

        var bookVerb = HasBookingVerb(possessive);
        var availability = MentionsAvailability();
        if (Mentions.Emails.Count > 0 && !when && !bookVerb && !availability && !possessive)
        {
            return Intent.ProvideEmail;
        }
        if (Mentions.Code is not null && !when && !bookVerb && !availability && !possessive)
        {
            return Intent.ProvideCode;
        }
        if (IsOffTopic(when) && !bookVerb)
        {
            return Intent.Unknown;
        }
        if (AsksForOwnBookings(appointment, possessive, bookVerb, availability))
        {
            return Intent.List;
        }
        if (othersCancelled || ((availability || AsksAvailability(when, possessive, bookVerb)) && !AsksIfItIsPossibleToBook()))
        {
            // "book me at 3pm if it's free", "I'd like to book 10am, is that available?": a booking with a time.
            return bookVerb && (Has("if") || !IsQuestion() || Mentions.Times.Count > 0) ? Intent.Book : Intent.Check;
        }
        if (bookVerb)
        {
            // "book it", "yes go ahead and book that": a go-ahead for what the agent proposed.
            return !when && !appointment && (Has("it") || Has("that") || Has("this") || Has("them")) && Covers(BookItStrong, BookItVocabulary)
                ? Intent.Confirm
                : Intent.Book;
        }
        if (Has("confirm") && !when && !possessive)
        {
            return Intent.Confirm;
        }
        if (AsksIfItIsPossibleToBook() || (appointment && !Has("help")) || (ExpressesWish() && (when || appointment || Has("asap") || Seq("see", "someone") || Has("soon") || Has("now"))))
        {
            return Intent.Book;
        }
        if (AsksForHelp() && !when)
        {
            return appointment ? Intent.Book : Intent.Help;
        }
        if (Mentions.Emails.Count > 0)
        {
            return Intent.ProvideEmail;
        }
        if (Mentions.Code is not null)
        {
            return Intent.ProvideCode;
        }
        if (Mentions.Choices.Count > 0)
        {
            return Intent.Confirm;
        }
        if (Seq("dont", "mind") || Seq("do", "not", "mind") || Seq("either", "is", "fine") || Seq("either", "works")
            || Seq("no", "worries") || Seq("no", "problem") || Seq("not", "a", "problem") || Seq("no", "prob"))
        {
            return Intent.Confirm;
        }
        if (WantsItSoon() && !when)
        {
            return Intent.Book;
        }

        var negatedOnly = !when && (Mentions.Dates.Count > 0 || Mentions.Times.Count > 0 || Mentions.Windows.Count > 0);
        if ((!when || negatedOnly) && Covers(DenyStrong, DenyFiller))
        {
            return Intent.Deny;
        }
        if (!when && Covers(ConfirmStrong, ConfirmFiller))
        {
            return Intent.Confirm;
        }
        if (when || negatedOnly)
        {
            return OnlyNamesATime(negatedOnly);
        }
        if (Mentions.Greeting || HasAny(GreetingWords) || Seq("how", "are", "you") || Seq("whats", "up") || Seq("good", "day") || Seq("see", "you"))
        {
            return Intent.Greeting;
        }
        return Intent.Unknown;
    }

    private bool IsQuestion() =>
        Context.Text.Contains('?') || QuestionStarts.Contains(Words[0]) || Words[0] is "what" or "whats" or "when" or "which" or "any" or "anything";

    /// <summary>A sentence whose only content is a time: "tomorrow at 3pm" books, "what time tomorrow?" checks.</summary>
    private Intent OnlyNamesATime(bool negatedOnly)
    {
        var first = Words[0] is "so" or "ok" or "and" or "hmm" or "um" or "well" && Words.Count > 1 ? Words[1] : Words[0];
        if (first is "who" or "why" or "where" || (first == "how" && !Seq("how", "about")))
        {
            return Intent.Unknown;
        }
        if (first is "what" or "whats" or "when" or "which" && !Seq("what", "about"))
        {
            return Intent.Check;
        }
        return negatedOnly ? Intent.Deny : Intent.Book;
    }

    private bool AsksHowTo() =>
        Seq("how", "do", "i") || Seq("how", "does") || Seq("how", "to") || Seq("how", "can", "i") || Seq("how", "do", "you");

    private bool AsksToCancel(bool appointment) =>
        Has("cancel") || Seq("call", "off") || Seq("calling", "off") || Seq("call", "it", "off") || Has("unbook") || Has("withdraw")
        || ((Has("delete") || Has("remove") || Has("drop") || Has("scrap") || Has("scratch")) && (appointment || Has("it") || Has("that") || Has("me")))
        || (Seq("dont", "need") && (appointment || Has("anymore") || Has("it")))
        || Seq("no", "longer", "need") || Seq("dont", "want", "the") || Seq("not", "coming", "anymore");

    /// <summary>"I can't make it", "something came up": a cancellation unless a new time is offered.</summary>
    private bool SaysCannotCome() =>
        Seq("cant", "make") || Seq("wont", "make") || Seq("not", "make", "it") || Seq("couldnt", "make")
        || Seq("cant", "come") || Seq("cant", "attend") || Seq("wont", "be", "able") || Seq("not", "be", "able")
        || Seq("unable", "to") || Seq("cant", "go") || Seq("not", "coming") || Seq("wont", "be", "coming")
        || Seq("something", "came", "up") || Seq("cant", "do", "it") || Seq("cant", "be", "there") || Seq("wont", "be", "there")
        || Seq("not", "going", "to", "make");

    private bool HintsAtNewTime() =>
        Has("instead") || Has("another") || Has("different") || Has("other") || Seq("how", "about") || Seq("what", "about")
        || Seq("can", "i", "come") || Seq("can", "we", "do") || Seq("could", "we") || Has("rather") || Has("later") || Has("earlier")
        || Has("book") || Has("prefer") || (Seq("make", "it") && !SaysCannotCome()) || Mentions.Dates.Count >= 2 || Mentions.Times.Count >= 2 || Mentions.Ranges.Count >= 2;

    /// <summary>"is it possible to get an appointment tomorrow?" asks for a booking, politely.</summary>
    private bool AsksIfItIsPossibleToBook() =>
        (Seq("possible", "to") || Seq("able", "to")) && (Seq("to", "get") || Seq("to", "book") || Seq("to", "come") || Seq("to", "have")
            || Seq("to", "make") || Seq("to", "schedule") || Seq("to", "see"))
        && !MentionsAvailability();

    private bool StatesABooking(bool appointment) =>
        Seq("i", "booked") || Seq("ive", "booked") || Seq("im", "booked") || Seq("i", "am", "booked") || Seq("i", "have", "booked")
        || Seq("we", "booked")
        || ((Seq("i", "have", "an") || Seq("i", "have", "a") || Seq("ive", "got", "a") || Seq("ive", "got", "an")) && appointment
            && !Seq("can", "i", "have") && !Seq("could", "i", "have") && !Seq("may", "i", "have"))
        || Seq("my", "appointment", "is") || Seq("my", "booking", "is");

    private bool AboutContactDetails() =>
        Has("email") || Has("name") || Has("address") || Has("phone") || Has("mind") || Has("password") || Has("number");

    /// <summary>Change verbs count only with something to change: "change my appointment", not "change my email".</summary>
    private bool AsksToReschedule(bool when, bool appointment, bool possessive) =>
        Has("reschedule") || Has("postpone") || Has("rebook") || Has("delay") || Has("move") || Has("moving") || Has("moved")
        || ((Has("change") || Has("changing")) && !AboutContactDetails()
            && (appointment || Has("it") || Has("time") || Has("date") || Has("day") || Seq("change", "to") || (Has("my") && when)))
        || ((Has("switch") || Has("swap")) && (appointment || Has("it") || Seq("switch", "to") || Seq("swap", "to") || Has("time") || Has("day")))
        || ((Has("push") || Has("shift")) && (appointment || Has("it") || Has("back") || Has("forward") || Has("later") || Has("earlier")))
        || (Has("bring") && (Has("forward") || Has("earlier") || (appointment && Has("back"))))
        || Seq("put", "off") || Seq("put", "it", "off") || Seq("put", "it", "back")
        || ((Has("different") || Has("another") || Has("other") || Has("new")) && (Has("time") || Has("day") || Has("date")) && possessive)
        || ((Has("earlier") || Has("later")) && (Has("come") || Has("instead") || Has("it")) && !Has("than"))
        || (Seq("instead", "of") && when);

    private bool HasBookingVerb(bool possessive) =>
        Has("book") || Has("reserve") || Seq("make", "a", "booking") || Seq("make", "an", "appointment")
        || Seq("make", "a", "reservation") || Seq("sign", "me", "up") || Seq("pencil", "me") || Seq("put", "me", "down")
        || Seq("put", "me", "in") || Seq("fit", "me", "in") || Seq("squeeze", "me") || Seq("squeezing", "me") || Seq("get", "me", "in")
        || (Has("schedule") && !Seq("your", "schedule") && !Seq("the", "schedule") && !possessive) || Seq("set", "up") || Seq("sign", "up")
        || Seq("set", "me", "up");

    /// <summary>Questions the agent cannot answer from the calendar, running late, or changing contact details.</summary>
    private bool IsOffTopic(bool when) =>
        HasAny(OffTopicWords) || Seq("how", "much") || Seq("meaning", "of", "life") || Seq("who", "won")
        || Seq("your", "name") || (Has("you") && Has("are") && HasAny(BotWords)) || Seq("where", "are", "you") || Seq("where", "is")
        || Seq("tell", "me", "about") || Seq("how", "old") || Seq("your", "address") || Seq("the", "address")
        || Seq("#", "times", "#") || Seq("#", "plus") || Seq("#", "minus")
        || (Has("running") && Has("late")) || Seq("be", "late") || Seq("im", "late") || Seq("am", "late") || Seq("bit", "late")
        || ((Has("change") || Has("update") || Has("correct")) && AboutContactDetails() && !when);

    /// <summary>"free", "available", "open"; but "I'm free Tuesday" tells us when the customer can come.</summary>
    private bool MentionsAvailability() =>
        HasAny(AvailabilityWords) && !Seq("feel", "free") && !Seq("for", "free") && !Seq("free", "of")
        && !Seq("im", "free") && !Seq("i", "am", "free") && !Seq("im", "available") && !Seq("i", "am", "available")
        && !Seq("were", "free") && !Seq("we", "are", "free") && !Seq("i", "will", "be", "free") && !Seq("ill", "be", "free");

    private bool AsksForOwnBookings(bool appointment, bool possessive, bool bookVerb, bool availability)
    {
        var haveAsked = Seq("do", "i", "have") || Seq("do", "i", "still") || Seq("have", "i", "still") || Seq("i", "still", "have")
            || Seq("is", "my") || Seq("are", "my") || Seq("is", "there", "a", "booking", "for", "me") || Seq("have", "i", "got")
            || Seq("did", "i", "book") || Seq("i", "booked") || Seq("ive", "booked") || Seq("have", "i", "booked") || Seq("am", "i", "booked")
            || Seq("what", "did", "i") || Seq("i", "have", "booked") || Seq("what", "have", "i") || Seq("do", "we", "have")
            || ((Seq("i", "have", "an") || Seq("i", "have", "a")) && !Seq("can", "i", "have") && !Seq("could", "i", "have") && !Seq("may", "i", "have"))
            || Seq("have", "i", "any") || Seq("am", "i", "scheduled");
        return (possessive && !bookVerb)
            || (haveAsked && (appointment || Has("anything") || Has("booked") || Has("any") || Has("something") || Has("scheduled") || Has("coming")))
            || (Has("list") && !Seq("waiting", "list"))
            || ((Has("show") || Has("view") || Has("see") || Has("display") || Has("check")) && appointment && !availability && !bookVerb && !Seq("see", "you"))
            || (Has("upcoming") && appointment) || Seq("whats", "booked") || Seq("what", "is", "booked") || Seq("when", "is", "my")
            || Seq("whens", "my") || Seq("what", "time", "is", "my") || Seq("my", "schedule") || Seq("im", "booked") || Seq("i", "am", "booked")
            || (Has("remind") && (appointment || Has("booked"))) || Seq("did", "i", "book") || Seq("what", "time", "did", "i");
    }

    private bool AsksAvailability(bool when, bool possessive, bool bookVerb) =>
        Seq("do", "you", "have") || Seq("have", "you", "got") || Seq("you", "got") || Seq("got", "any") || Seq("is", "there")
        || Seq("are", "there") || (Has("anything") && (when || Has("left") || Has("later") || Has("earlier") || Has("else") || Has("sooner")))
        || (Has("any") && HasAny(CheckNouns) && !Seq("any", "time") && !Seq("any", "day"))
        || ((Seq("any", "time") || Seq("any", "day")) && Context.Text.Contains('?')) || Has("sooner")
        || (Words[0] is "what" or "whats" or "when" or "whens" or "which" && when && !Seq("what", "about") && !bookVerb)
        || Has("earliest") || Has("soonest") || Seq("next", "available") || Seq("first", "available")
        || ((Has("what") || Has("which") || Has("whats")) && HasAny(CheckNouns) && !Seq("what", "about"))
        || Seq("when", "can", "i") || Seq("when", "could", "i") || Seq("when", "are", "you") || Seq("when", "is", "the")
        || Seq("when", "do", "you") || Seq("when", "can", "you") || Seq("when", "is", "a") || Seq("when", "works")
        || (QuestionStarts.Contains(Words[0]) && when && !Seq("can", "i") && !Seq("could", "i") && !Seq("can", "you") && !Seq("could", "you")
            && (Has("possible") || Has("ok") || Has("work") || Has("works") || Has("fine") || Has("doable") || Has("alright") || Has("good") || Has("okay")))
        || Has("close") || Has("closing") || Seq("opening", "hours") || Seq("your", "schedule") || Seq("schedule", "look")
        || Seq("fully", "booked") || Seq("booked", "up") || (Has("check") && !possessive) || (Seq("do", "you", "do") && when)
        || (Words[0] is "is" or "are" or "does" or "would" or "will" or "isnt" && when && !bookVerb)
        || ((Has("look") || Has("looking")) && when && Words[0] is "how" or "hows" or "what" or "whats");

    /// <summary>"I'd like", "can I get", "how about", "let's do": a wish that books when a time or an appointment is named.</summary>
    private bool ExpressesWish() =>
        Seq("i", "want") || Seq("i", "need") || Seq("id", "like") || Seq("i", "would", "like") || Seq("can", "i", "get")
        || Seq("can", "i", "have") || Seq("could", "i", "get") || Seq("could", "i", "have") || Seq("can", "i", "come")
        || Seq("could", "i", "come") || Seq("i", "can", "come") || Seq("come", "in") || Seq("come", "by") || Seq("drop", "by")
        || Seq("pop", "in") || Seq("stop", "by") || Seq("see", "you") || Seq("ill", "take") || Seq("i", "will", "take")
        || Seq("lets", "do") || Seq("how", "about") || Seq("what", "about") || Seq("make", "it") || Seq("go", "with")
        || Seq("ill", "come") || Seq("can", "you", "do") || Seq("could", "you", "do") || Seq("can", "we", "do") || Has("prefer")
        || Seq("looking", "for") || Seq("like", "to", "come") || Seq("i", "wanna") || Seq("get", "an") || Seq("get", "a")
        || Seq("need", "an") || Seq("need", "a") || Seq("want", "an") || Seq("want", "a") || Seq("would", "like");

    private bool AsksForHelp() =>
        Has("help") || Seq("what", "can", "you", "do") || Seq("what", "do", "you", "do") || Seq("how", "does", "this", "work")
        || Seq("how", "does", "it", "work") || Seq("how", "do", "i", "use") || Seq("how", "does", "this") || Seq("what", "can", "i", "do")
        || Seq("what", "can", "i", "ask") || Seq("what", "are", "my", "options") || Has("options") || Has("menu") || Has("commands")
        || Has("capabilities") || Seq("what", "is", "this") || Seq("who", "are", "you") || Seq("what", "are", "you")
        || Seq("how", "do", "you", "work") || Seq("how", "can", "you") || Has("assist") || Has("assistance")
        || Has("instructions") || Seq("how", "do", "i") || Seq("how", "to") || Seq("what", "do", "i", "do")
        || Seq("what", "should", "i") || Has("confused") || Seq("dont", "understand") || Seq("what", "can", "this")
        || Seq("who", "am", "i") || Seq("what", "now") || Seq("now", "what");

    /// <summary>"right now", "asap": a booking wanted as soon as possible, with no time to read.</summary>
    private bool WantsItSoon() =>
        !Seq("not", "right", "now") && !Seq("not", "now") && (Seq("right", "now") || Has("asap") || Seq("as", "soon", "as", "possible") || Has("immediately") || Has("urgently")
        || (Words.Count <= 2 && Has("now")));

    private bool IsInjection() =>
        ((Has("ignore") || Has("disregard") || Has("forget") || Has("override") || Has("bypass")) && HasAny(InjectionObjects))
        || Seq("system", "prompt") || Seq("developer", "mode") || Seq("you", "are", "now") || Seq("act", "as") || Seq("new", "instructions")
        || ((Has("every") || Has("all") || Has("other") || Has("everyone") || Has("everybody") || Has("everyones") || Has("each") || Has("whole"))
            && HasAny(PeopleWords))
        || ((Has("everyone") || Has("everybody") || Has("everyones")) && (HasAppointmentWord() || Has("email") || Has("list") || Has("show")))
        || HasAny(InjectionWords) || Seq("api", "key") || Seq("someone", "elses") || Seq("other", "peoples") || Seq("drop", "table")
        || Seq("select", "from") || Has("reveal") || Seq("repeat", "your") || Seq("print", "your") || Seq("your", "instructions");
}
