namespace OpenBooking.Web.Agent.Understanding;

/// <summary>The cue words the intent recognizer reads.</summary>
internal static class IntentVocabulary
{
    public static readonly HashSet<string> AppointmentWords =
    [
        "appointment", "booking", "reservation", "session", "consultation", "visit", "meeting", "lesson", "class",
        "haircut", "massage", "checkup", "treatment", "slot", "spot", "cut", "trim", "facial", "manicure", "pedicure",
        "therapy", "exam", "demo", "viewing", "tour", "interview", "table", "consult", "cleaning", "colour",
        "color", "fitting", "service",
    ];

    public static readonly HashSet<string> InjectionObjects =
        ["instructions", "instruction", "rules", "prompt", "previous", "above", "prior", "guidelines", "system", "everything", "programming", "directives", "constraints"];

    public static readonly HashSet<string> PeopleWords =
        ["customer", "customers", "users", "user", "clients", "client", "emails", "people", "peoples", "patients", "members", "accounts", "person", "persons"];

    public static readonly HashSet<string> InjectionWords =
    [
        "customers", "clients", "users", "database", "sql", "password", "passwords", "credentials", "apikey", "token",
        "tokens", "admin", "administrator", "sudo", "hack", "hacking", "exploit", "dump", "exfiltrate", "secret", "secrets",
        "configuration", "config", "jailbreak", "jailbroken", "pretend", "roleplay", "unrestricted", "dan",
    ];

    public static readonly HashSet<string> OffTopicWords =
    [
        "weather", "joke", "jokes", "news", "president", "capital", "recipe", "football", "soccer", "score", "movie", "movies",
        "film", "song", "songs", "poem", "story", "translate", "stock", "stocks", "bitcoin", "crypto", "math", "homework",
        "politics", "election", "lyrics", "price", "prices", "cost", "costs", "pay", "payment", "refund", "parking", "park",
        "located", "location", "directions", "discount", "discounts", "coupon", "wifi", "hiring", "job", "jobs",
        "salary", "insurance", "rain", "temperature", "forecast", "essay", "code?", "python", "javascript", "calculate",
        "sum", "population", "recommend", "restaurant", "directions", "born", "married", "girlfriend", "boyfriend",
    ];

    public static readonly HashSet<string> BotWords = ["human", "robot", "bot", "ai", "real", "chatgpt", "gpt", "person", "machine"];

    public static readonly HashSet<string> ConfirmStrong =
    [
        "yes", "y", "sure", "ok", "alright", "allright", "right", "correct", "perfect", "confirm", "confirmed", "great", "good",
        "fine", "cool", "awesome", "excellent", "lovely", "brilliant", "wonderful", "nice", "absolutely", "definitely",
        "certainly", "exactly", "agreed", "agree", "deal", "done", "works", "affirmative", "indeed", "true", "gladly",
        "proceed", "go", "yay", "fab", "fantastic", "amazing", "super", "ideal", "one",
    ];

    public static readonly HashSet<string> ConfirmFiller =
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

    public static readonly HashSet<string> DenyStrong =
    [
        "no", "n", "not", "never", "neither", "none", "wrong", "incorrect", "another", "different", "other", "else", "pass",
        "negative", "dont", "doesnt", "cant", "wont", "isnt", "stop", "nothing", "nevermind", "nvm", "rather", "nor",
        "forget", "later",
    ];

    public static readonly HashSet<string> DenyFiller =
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

    public static readonly HashSet<string> GreetingWords =
        ["hi", "hello", "greetings", "hola", "bonjour", "yo", "sup", "bye", "goodbye", "cya", "thanks", "thank", "morning", "evening", "afternoon"];

    public static readonly HashSet<string> AvailabilityWords =
        ["free", "available", "availability", "open", "opening", "vacancy", "vacancies", "busy", "gap", "gaps", "openings"];

    public static readonly HashSet<string> QuestionStarts = ["is", "does", "do", "would", "could", "will", "are", "can", "cn", "might", "should"];

    public static readonly HashSet<string> CheckNouns = ["slot", "spot", "space", "room", "gap", "time", "appointment", "opening", "chance", "day", "availability", "times", "days"];

    public static readonly HashSet<string> BookItStrong = ["book", "yes", "ok", "sure", "confirm", "go", "please"];

    public static readonly HashSet<string> BookItVocabulary =
        ["it", "that", "this", "one", "please", "yes", "ok", "sure", "go", "ahead", "and", "then", "the", "just", "do", "in", "for", "me", "thanks", "great", "perfect", "lets", "can", "you", "now", "confirm", "them", "fine", "right"];
}
