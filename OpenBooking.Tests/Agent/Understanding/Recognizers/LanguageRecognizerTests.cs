using OpenBooking.Web.Agent.Understanding;
using static OpenBooking.Tests.Agent.Understanding.Recognizers.Recognizing;

namespace OpenBooking.Tests.Agent.Understanding.Recognizers;

/// <summary>The language recognizer alone: a message written in another language, not an English one with a foreign word.</summary>
public sealed class LanguageRecognizerTests
{
    private static IRecognizer Language(ParseContext c) => new LanguageRecognizer(c);

    [Theory]
    [InlineData("je voudrais un rendez-vous demain à 15h", "je voudrais un rendez-vous demain")]
    [InlineData("Ich möchte einen Termin morgen um 15 Uhr", "ich möchte einen termin morgen um 15 uhr")]
    [InlineData("ik wil graag een afspraak morgen om 15 uur", "ik wil graag een afspraak morgen om 15 uur")]
    [InlineData("quiero una cita mañana a las 15:00", "quiero una cita mañana a las")]
    [InlineData("vorrei un appuntamento domani", "vorrei un appuntamento domani")]
    public void Recognize_MessageInAnotherLanguage_IsUnreadableLanguageWithItsWords(string text, string words)
    {
        var mentions = Mentions(text, Language);

        var unreadable = Assert.Single(mentions.Invalid);
        Assert.Equal(UnreadableKind.Language, unreadable.What);
        Assert.Equal(words, unreadable.Text);
    }

    [Theory]
    [InlineData("Bonjour, book me tomorrow at 3pm")]
    [InlineData("um, tomorrow at 3 please")]
    [InlineData("mon at 3pm, merci")]
    [InlineData("Book me Sunday at 10:00")]
    [InlineData("Ja, tomorrow at 3pm works")]
    public void Recognize_EnglishWithAForeignWordOrTwoThatAreEnglishToo_IsNotAnotherLanguage(string text)
    {
        var mentions = Mentions(text, Language);

        Assert.Empty(mentions.Invalid);
    }
}
