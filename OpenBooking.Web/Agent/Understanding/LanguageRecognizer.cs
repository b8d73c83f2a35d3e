namespace OpenBooking.Web.Agent.Understanding;

/// <summary>
/// Notices a message written in a language the parser does not read (French, Dutch, German, Spanish, Italian,
/// Portuguese): two or more of their everyday words that are not English ("je voudrais ... demain", "ich möchte einen
/// Termin"). Such a message is unreadable as a whole, so the agent says it reads English and asks again instead of
/// acting on the few words it recognised ("15h" alone would be today at 15:00, when "demain" said tomorrow).
/// </summary>
internal sealed class LanguageRecognizer(ParseContext context) : TokenReader(context), IRecognizer
{
    /// <summary>Enough words from another language to say the message is written in it, not just greeting in it.</summary>
    private const int ForeignWordsNeeded = 2;

    // Everyday words of the languages customers write in, none of them an English word a customer would type.
    private static readonly HashSet<string> ForeignWords =
    [
        // French
        "je", "j'aimerais", "voudrais", "veux", "aimerais", "demain", "aujourd'hui", "rendez", "vous", "s'il", "plaît", "plait",
        "merci", "bonjour", "bonsoir", "une", "avec", "heure", "heures", "lundi", "mardi", "mercredi", "jeudi",
        "vendredi", "samedi", "dimanche", "prochain", "prochaine", "matin", "soir", "réserver", "reserver", "annuler",
        "quand", "est-ce", "libre", "disponible", "oui", "d'accord", "semaine",
        // Dutch
        "ik", "graag", "een", "afspraak", "morgen", "vandaag", "uur", "maandag", "dinsdag", "woensdag",
        "donderdag", "vrijdag", "zaterdag", "zondag", "volgende", "bedankt", "hoi", "goedemorgen", "boeken",
        "annuleren", "mijn", "wanneer", "vrij", "ja", "nee", "alstublieft", "aub",
        // German
        "ich", "möchte", "moechte", "einen", "termin", "heute", "uhr", "montag", "dienstag", "mittwoch", "donnerstag",
        "freitag", "samstag", "sonntag", "nächste", "nächsten", "woche", "bitte", "danke", "guten", "buchen",
        "stornieren", "meinen", "meine", "wann", "frei", "nein", "übermorgen",
        // Spanish, Italian, Portuguese
        "quiero", "quisiera", "cita", "mañana", "hoy", "las", "lunes", "martes", "miércoles", "jueves", "viernes",
        "sábado", "domingo", "gracias", "hola", "reservar", "vorrei", "appuntamento", "domani", "oggi", "alle",
        "buongiorno", "grazie", "prenotare", "quero", "marcar", "amanhã", "hoje", "obrigado", "obrigada", "consulta",
    ];

    public void Recognize()
    {
        int found = 0, first = -1, last = -1;
        for (var i = 0; i < Length; i++)
        {
            if (Tokens[i].Kind != TokenKind.Punct && ForeignWords.Contains(Tokens[i].Raw))
            {
                found++;
                first = first < 0 ? i : first;
                last = i;
            }
        }
        if (found >= ForeignWordsNeeded)
        {
            Mentions.Add(new InvalidMention(UnreadableKind.Language, TextOf(first, last + 1), first, last + 1));
        }
    }
}
