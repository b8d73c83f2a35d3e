using NodaTime.Testing;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Web.Agent.Understanding;
using OpenBooking.Web.Agent.BuiltIn;

namespace OpenBooking.Tests.Agent;

/// <summary>
/// The router on dates and times that cannot be read: it names what it could not read and asks, and never offers another
/// day in its place; a message in another language is not acted on. The real parser reads the sentences (quoted back as
/// it read them, in lower case). Clock: Thursday 26 March 2026, 10:00 in Brussels.
/// </summary>
public sealed class UnreadableDateTests
{
    private static FakeClock Thursday() => TestClock.At("2026-03-26T10:00");

    [Fact]
    public async Task Respond_DateThatDoesNotExist_SaysSoAndAsksWithoutOfferingADay()
    {
        await using var chat = await AgentConversation.StartAsync(Thursday());

        var reply = await chat.SayAsync("book me February 30 at 10");

        Assert.Equal("Sorry, I couldn't read \"february 30\" as a date: that day doesn't exist in the calendar. Which day did you mean?", reply);
    }

    [Fact]
    public async Task Respond_DayGivenAfterAnUnreadableOne_GoesOnWithTheBooking()
    {
        await using var chat = await AgentConversation.StartAsync(Thursday());
        await chat.SayAsync("book me February 30 at 10");

        var reply = await chat.SayAsync("tomorrow at 10");

        Assert.Equal("I found a free slot from 10:00 to 11:00 tomorrow (Friday 27 March). Book it?", reply);
    }

    [Fact]
    public async Task Respond_TimeThatDoesNotExist_AsksWhatTimeWasMeant()
    {
        await using var chat = await AgentConversation.StartAsync(Thursday());

        var reply = await chat.SayAsync("tomorrow at 25:00");

        Assert.Equal("Sorry, I couldn't read \"25:00\" as a time of day. What time did you mean?", reply);
    }

    [Fact]
    public async Task Respond_UnreadableDateWhileAwaitingCode_AsksAndRemindsOfTheCode()
    {
        await using var chat = await AgentConversation.StartAsync(Thursday());
        await chat.SayAsync("book me tomorrow at 11");
        await chat.SayAsync("yes");
        await chat.SayAsync("john@example.com");

        var reply = await chat.SayAsync("actually the 31st of November");

        Assert.Equal("Sorry, I couldn't read \"the 31st of november\" as a date: that day doesn't exist in the calendar. Which day did you mean? "
            + "Please type the 6-digit code I emailed to john@example.com. Say \"resend\" if you need a new one.", reply);
    }

    [Fact]
    public async Task Respond_UnreadableDateWhileMoving_AsksAndKeepsTheBookingToMove()
    {
        await using var chat = await AgentConversation.StartAsync(Thursday());
        await chat.VerifyAsync("book tomorrow at 15:00");
        await chat.SayAsync("yes");
        await chat.SayAsync("can I move my appointment?");

        var asked = await chat.SayAsync("move it to February 30");
        var proposal = await chat.SayAsync("Monday at 10");

        Assert.EndsWith("Which day did you mean?", asked);
        Assert.Equal("Shall I move your booking from 15:00 to 16:00 tomorrow (Friday 27 March)? The new time would be from 10:00 to 11:00 on Monday 30 March.", proposal);
    }

    [Fact]
    public async Task Respond_MessageInAnotherLanguage_SaysItReadsEnglishAndBooksNothing()
    {
        await using var chat = await AgentConversation.StartAsync(Thursday());

        var reply = await chat.SayAsync("je voudrais un rendez-vous demain à 15h");

        Assert.Equal(TurnRouter.ForeignLanguage + " For example: \"Book me tomorrow at 3pm\" or \"What's free on Monday?\"", reply);
    }

    [Fact]
    public async Task Respond_AnotherLanguageWhileAnOfferWaits_AsksAgainAndTheOfferStands()
    {
        await using var chat = await AgentConversation.StartAsync(Thursday());
        await chat.SayAsync("book me tomorrow at 11");

        var asked = await chat.SayAsync("oui d'accord, merci");
        var yes = await chat.SayAsync("yes");

        Assert.StartsWith(TurnRouter.ForeignLanguage + " Shall I book from 11:00 to 12:00 tomorrow (Friday 27 March)?", asked);
        Assert.Equal("Please provide your email for verification.", yes);
    }
}
