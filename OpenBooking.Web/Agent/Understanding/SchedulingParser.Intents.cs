namespace OpenBooking.Web.Agent.Understanding;

public sealed partial class SchedulingParser
{
    private sealed partial class Session
    {
        private static readonly HashSet<string> AppointmentWords =
        [
            "appointment", "booking", "reservation", "session", "consultation", "visit", "meeting", "lesson", "class",
            "haircut", "massage", "checkup", "treatment", "slot", "spot", "cut", "trim", "facial", "manicure", "pedicure",
            "therapy", "exam", "demo", "viewing", "tour", "interview", "table", "consult", "cleaning", "colour",
            "color", "fitting", "service",
        ];

        private static readonly HashSet<string> InjectionObjects =
            ["instructions", "instruction", "rules", "prompt", "previous", "above", "prior", "guidelines", "system", "everything", "programming", "directives", "constraints"];

        private static readonly HashSet<string> PeopleWords =
            ["customer", "customers", "users", "user", "clients", "client", "emails", "people", "peoples", "patients", "members", "accounts", "person", "persons"];

        private static readonly HashSet<string> InjectionWords =
        [
            "customers", "clients", "users", "database", "sql", "password", "passwords", "credentials", "apikey", "token",
            "tokens", "admin", "administrator", "sudo", "hack", "hacking", "exploit", "dump", "exfiltrate", "secret", "secrets",
            "configuration", "config", "jailbreak", "jailbroken", "pretend", "roleplay", "unrestricted", "dan",
        ];

        private static readonly HashSet<string> OffTopicWords =
        [
            "weather", "joke", "jokes", "news", "president", "capital", "recipe", "football", "soccer", "score", "movie", "movies",
            "film", "song", "songs", "poem", "story", "translate", "stock", "stocks", "bitcoin", "crypto", "math", "homework",
            "politics", "election", "lyrics", "price", "prices", "cost", "costs", "pay", "payment", "refund", "parking", "park",
            "located", "location", "directions", "discount", "discounts", "coupon", "wifi", "hiring", "job", "jobs",
            "salary", "insurance", "rain", "temperature", "forecast", "essay", "code?", "python", "javascript", "calculate",
            "sum", "population", "recommend", "restaurant", "directions", "born", "married", "girlfriend", "boyfriend",
        ];

        private static readonly HashSet<string> BotWords = ["human", "robot", "bot", "ai", "real", "chatgpt", "gpt", "person", "machine"];

        private static readonly HashSet<string> ConfirmStrong =
        [
            "yes", "y", "sure", "ok", "alright", "allright", "right", "correct", "perfect", "confirm", "confirmed", "great", "good",
            "fine", "cool", "awesome", "excellent", "lovely", "brilliant", "wonderful", "nice", "absolutely", "definitely",
            "certainly", "exactly", "agreed", "agree", "deal", "done", "works", "affirmative", "indeed", "true", "gladly",
            "proceed", "go", "yay", "fab", "fantastic", "amazing", "super", "ideal", "one",
        ];

        private static readonly HashSet<string> ConfirmFiller =
        [
            "that", "thats", "is", "it", "its", "sounds", "sound", "for", "me", "please", "thanks", "thank", "you", "book", "do",
            "ahead", "lets", "let", "us", "of", "course", "the", "one", "first", "a", "and", "very", "so", "much", "really",
            "all", "just", "then", "with", "this", "looks", "seems", "to", "i", "would", "like", "love", "be", "will", "thatll",
            "we", "can", "by", "totally", "bet", "thing", "well", "oh", "hey", "mate", "now", "please", "yesss", "doing",
            "booking", "option", "slot", "time", "works", "work", "confirm", "perfectly", "im", "happy", "in", "fire", "away",
            "on", "go", "thx", "cheers", "need", "want", "id", "great", "nice", "was", "what", "wanted", "exactly",
            "hmm", "um", "uh", "ah", "ahh", "oh", "well", "yeah", "haha", "lol", "sir", "madam", "dear", "buddy",
            "why", "not", "second", "third", "fourth", "fifth", "last", "other", "latter", "former", "earlier", "later", "option",
            "#th", "number", "choice", "pick", "choose", "go", "with", "take",
        ];

        private static readonly HashSet<string> DenyStrong =
        [
            "no", "n", "not", "never", "neither", "none", "wrong", "incorrect", "another", "different", "other", "else", "pass",
            "negative", "dont", "doesnt", "cant", "wont", "isnt", "stop", "nothing", "nevermind", "nvm", "rather", "nor",
            "forget", "later",
        ];

        private static readonly HashSet<string> DenyFiller =
        [
            "that", "thats", "one", "time", "day", "thanks", "thank", "you", "of", "those", "them", "these", "please", "actually",
            "i", "want", "it", "this", "work", "works", "for", "me", "do", "good", "right", "the", "a", "an", "option", "options",
            "slot", "slots", "times", "something", "really", "now", "way", "sorry", "maybe", "later", "mind", "sure", "either",
            "any", "what", "about", "let", "lets", "try", "again", "suit", "suits", "can", "make", "like", "is", "at", "all",
            "thx", "need", "fine", "correct", "ok", "thing", "needed", "necessary", "to", "go", "with", "im", "am", "happy",
            "date", "dates", "please", "none", "there", "choice", "choices", "suitable", "okay", "would", "prefer", "rather",
            "have", "one", "second", "first", "free", "available", "good", "but", "other", "instead",
            "hmm", "um", "uh", "ah", "oh", "well", "id", "sadly", "unfortunately", "afraid", "thats", "quite", "ideal",
            "doesnt", "suit", "work", "for", "us", "we", "our", "those", "dont", "think", "so", "haha", "lol",
            "ill", "about", "perhaps", "just", "looking", "browsing",
        ];

        private static readonly HashSet<string> GreetingWords =
            ["hi", "hello", "greetings", "hola", "bonjour", "yo", "sup", "bye", "goodbye", "cya", "thanks", "thank", "morning", "evening", "afternoon"];

        private static readonly HashSet<string> AvailabilityWords =
            ["free", "available", "availability", "open", "opening", "vacancy", "vacancies", "busy", "gap", "gaps", "openings"];

        private static readonly HashSet<string> QuestionStarts = ["is", "does", "do", "would", "could", "will", "are", "can", "cn", "might", "should"];

        private static readonly HashSet<string> CheckNouns = ["slot", "spot", "space", "room", "gap", "time", "appointment", "opening", "chance", "day", "availability", "times", "days"];

        private List<string> _words = [];
        private List<bool> _wordUsed = [];
        private HashSet<string> _bag = [];

        private bool Has(string w) => _bag.Contains(w);

        private bool HasAny(HashSet<string> set)
        {
            foreach (var w in _words)
            {
                if (set.Contains(w))
                {
                    return true;
                }
            }
            return false;
        }

        private bool Seq(params ReadOnlySpan<string> phrase)
        {
            if (!_bag.Contains(phrase[0]))
            {
                return false;
            }
            for (var i = 0; i + phrase.Length <= _words.Count; i++)
            {
                var match = true;
                for (var k = 0; k < phrase.Length && match; k++)
                {
                    match = _words[i + k] == phrase[k];
                }
                if (match)
                {
                    return true;
                }
            }
            return false;
        }

        private void BuildWords()
        {
            _words = new List<string>(_n);
            _wordUsed = new List<bool>(_n);
            for (var i = 0; i < _n; i++)
            {
                var t = _t[i];
                var word = t.Kind switch
                {
                    TokenKind.Word => t.Text,
                    TokenKind.Ordinal => t.Digits > 0 ? "#th" : t.Text,
                    TokenKind.Number => "#",
                    TokenKind.Email => "@",
                    _ => null,
                };
                if (word is not null)
                {
                    _words.Add(word);
                    _wordUsed.Add(_used[i]);
                }
            }
            _bag = new HashSet<string>(_words, StringComparer.Ordinal);
        }

        private bool HasWhen() =>
            _dates.Exists(d => !IsNegated(d.Start)) || _ranges.Count > 0 || _times.Exists(t => !IsNegated(t.Start))
            || _windows.Exists(w => !IsNegated(w.Start)) || _duration is not null || _relative is not null;

        private bool HasAppointmentWord() => HasAny(AppointmentWords);

        /// <summary>"my appointment", "my next booking", "our reservation".</summary>
        private bool HasPossessiveAppointment()
        {
            for (var i = 0; i < _words.Count; i++)
            {
                if (_words[i] is "my" or "our" or "mine")
                {
                    for (var k = i + 1; k < _words.Count && k <= i + 3; k++)
                    {
                        if (AppointmentWords.Contains(_words[k]))
                        {
                            return true;
                        }
                    }
                }
            }
            return false;
        }

        /// <summary>Every word not read as a date or time is in <paramref name="vocabulary"/>, and one is in <paramref name="strong"/>.</summary>
        private bool Covers(HashSet<string> strong, HashSet<string> vocabulary)
        {
            var sawStrong = false;
            var sawAny = false;
            for (var i = 0; i < _words.Count; i++)
            {
                if (_wordUsed[i] && _words[i] is not ("no" or "not"))
                {
                    continue;
                }
                var w = _words[i];
                sawAny = true;
                if (strong.Contains(w))
                {
                    sawStrong = true;
                }
                else if (!vocabulary.Contains(w))
                {
                    return false;
                }
            }
            return sawAny && sawStrong;
        }

        /// <summary>
        /// The intent, decided in this order: abuse and prompt injection; how-to questions; cancel; reschedule;
        /// a lone email or code; off-topic; the customer's own bookings; availability; booking; help; email or code
        /// with more words; yes and no; a sentence that only names a time (booking); greetings.
        /// </summary>
        private Intent ClassifyIntent()
        {
            BuildWords();
            if (_words.Count == 0 || IsInjection())
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
            if (_emails.Count > 0 && !when && !bookVerb && !availability && !possessive)
            {
                return Intent.ProvideEmail;
            }
            if (_code is not null && !when && !bookVerb && !availability && !possessive)
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
                return bookVerb && (Has("if") || !IsQuestion() || _times.Count > 0) ? Intent.Book : Intent.Check;
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
            if (_emails.Count > 0)
            {
                return Intent.ProvideEmail;
            }
            if (_code is not null)
            {
                return Intent.ProvideCode;
            }
            if (PickedOption() is not null)
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

            var negatedOnly = !when && (_dates.Count > 0 || _times.Count > 0 || _windows.Count > 0);
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
            if (_greetingPhrase || HasAny(GreetingWords) || Seq("how", "are", "you") || Seq("whats", "up") || Seq("good", "day") || Seq("see", "you"))
            {
                return Intent.Greeting;
            }
            return Intent.Unknown;
        }

        private bool IsQuestion() =>
            _text.Contains('?') || QuestionStarts.Contains(_words[0]) || _words[0] is "what" or "whats" or "when" or "which" or "any" or "anything";

        /// <summary>A sentence whose only content is a time: "tomorrow at 3pm" books, "what time tomorrow?" checks.</summary>
        private Intent OnlyNamesATime(bool negatedOnly)
        {
            var first = _words[0] is "so" or "ok" or "and" or "hmm" or "um" or "well" && _words.Count > 1 ? _words[1] : _words[0];
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
            || Has("book") || Has("prefer") || (Seq("make", "it") && !SaysCannotCome()) || _dates.Count >= 2 || _times.Count >= 2 || _ranges.Count >= 2;

        /// <summary>"the second one", "the 2nd", "option 2", "number 3", "#1": a pick among offered options.</summary>
        private int? PickedOption()
        {
            int? choice = null;
            for (var i = 0; i < _n; i++)
            {
                var t = _t[i];
                // "the 2nd" alone is a date; "the second" alone, or "the 2nd one", is a pick.
                var pickNoun = Is(i + 1, "one") || Is(i + 1, "option") || Is(i + 1, "choice");
                var alone = i + 1 >= _n || _t[i + 1].Kind == TokenKind.Punct || Is(i + 1, "please");
                if (t.Kind == TokenKind.Ordinal && !_used[i] && t.Value is >= 1 and <= 9 && (pickNoun || (alone && t.Digits == 0)))
                {
                    choice ??= t.Value;
                }
                else if (t.Kind == TokenKind.Number && t.Value is >= 1 and <= 9 && (Is(i - 1, "option") || Is(i - 1, "number") || Is(i - 1, "choice") || (IsPunct(i - 1, '#') && Tight(i))))
                {
                    choice ??= t.Value;
                }
            }
            if (choice is null)
            {
                return null;
            }
            // Only a pick when nothing else is said: "the 2nd of April" is a date, "option 2 on Friday" is not a pick.
            foreach (var w in _words)
            {
                if (!(w is "#" or "#th" || ConfirmStrong.Contains(w) || ConfirmFiller.Contains(w) || Lexicon.OrdinalWordValue(w) > 0))
                {
                    return null;
                }
            }
            return choice;
        }

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
            || ((Seq("any", "time") || Seq("any", "day")) && _text.Contains('?')) || Has("sooner")
            || (_words[0] is "what" or "whats" or "when" or "whens" or "which" && when && !Seq("what", "about") && !bookVerb)
            || Has("earliest") || Has("soonest") || Seq("next", "available") || Seq("first", "available")
            || ((Has("what") || Has("which") || Has("whats")) && HasAny(CheckNouns) && !Seq("what", "about"))
            || Seq("when", "can", "i") || Seq("when", "could", "i") || Seq("when", "are", "you") || Seq("when", "is", "the")
            || Seq("when", "do", "you") || Seq("when", "can", "you") || Seq("when", "is", "a") || Seq("when", "works")
            || (QuestionStarts.Contains(_words[0]) && when && !Seq("can", "i") && !Seq("could", "i") && !Seq("can", "you") && !Seq("could", "you")
                && (Has("possible") || Has("ok") || Has("work") || Has("works") || Has("fine") || Has("doable") || Has("alright") || Has("good") || Has("okay")))
            || Has("close") || Has("closing") || Seq("opening", "hours") || Seq("your", "schedule") || Seq("schedule", "look")
            || Seq("fully", "booked") || Seq("booked", "up") || (Has("check") && !possessive) || (Seq("do", "you", "do") && when)
            || (_words[0] is "is" or "are" or "does" or "would" or "will" or "isnt" && when && !bookVerb)
            || ((Has("look") || Has("looking")) && when && _words[0] is "how" or "hows" or "what" or "whats");

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
            || (_words.Count <= 2 && Has("now")));

        private static readonly HashSet<string> BookItStrong = ["book", "yes", "ok", "sure", "confirm", "go", "please"];

        private static readonly HashSet<string> BookItVocabulary =
            ["it", "that", "this", "one", "please", "yes", "ok", "sure", "go", "ahead", "and", "then", "the", "just", "do", "in", "for", "me", "thanks", "great", "perfect", "lets", "can", "you", "now", "confirm", "them", "fine", "right"];

        private bool IsInjection() =>
            ((Has("ignore") || Has("disregard") || Has("forget") || Has("override") || Has("bypass")) && HasAny(InjectionObjects))
            || Seq("system", "prompt") || Seq("developer", "mode") || Seq("you", "are", "now") || Seq("act", "as") || Seq("new", "instructions")
            || ((Has("every") || Has("all") || Has("other") || Has("everyone") || Has("everybody") || Has("everyones") || Has("each") || Has("whole"))
                && HasAny(PeopleWords))
            || ((Has("everyone") || Has("everybody") || Has("everyones")) && (HasAppointmentWord() || Has("email") || Has("list") || Has("show")))
            || HasAny(InjectionWords) || Seq("api", "key") || Seq("someone", "elses") || Seq("other", "peoples") || Seq("drop", "table")
            || Seq("select", "from") || Has("reveal") || Seq("repeat", "your") || Seq("print", "your") || Seq("your", "instructions");
    }
}
