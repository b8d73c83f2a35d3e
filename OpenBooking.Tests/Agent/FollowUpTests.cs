using NodaTime.Testing;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Email;

namespace OpenBooking.Tests.Agent;

/// <summary>
/// Follow-ups a customer types mid-conversation: a time without a day stays on the day being talked about, a new time
/// while a code is on its way never costs a second code, and a date that cannot be read while cancelling keeps the
/// question. The real parser reads every sentence. Clock: Thursday 26 March 2026, 10:00 in Brussels.
/// </summary>
public sealed class FollowUpTests
{
    private static FakeClock Thursday() => TestClock.At("2026-03-26T10:00");

    private static int CodeEmails(AgentConversation chat, string email = "john@example.com") =>
        chat.Host.Get<PickupMailbox>().ReadNewest().Count(m => m.To.Contains(email, StringComparison.OrdinalIgnoreCase) && m.Subject.Contains(" code: ", StringComparison.Ordinal));

    [Fact]
    public async Task Respond_NewTimeWhileCodeAwaited_StaysOnTheDayAndTheSameCodeBooksIt()
    {
        await using var chat = await AgentConversation.StartAsync(Thursday());
        await chat.SayAsync("book me tomorrow at 15:00");
        await chat.SayAsync("yes");
        await chat.SayAsync("john@example.com");

        var offer = await chat.SayAsync("actually make it 16:00");
        var askCode = await chat.SayAsync("yes");
        var booked = await chat.SayAsync(chat.LatestCode());

        Assert.Equal("I found a free slot from 16:00 to 17:00 tomorrow (Friday 27 March). Book it?", offer);
        Assert.Equal("Please type the 6-digit code I emailed to john@example.com. Say \"resend\" if you need a new one.", askCode);
        Assert.StartsWith("Verified! Your appointment is confirmed from 16:00 to 17:00 tomorrow (Friday 27 March).", booked);
        Assert.Equal(1, CodeEmails(chat));
    }

    [Fact]
    public async Task Respond_CodeTypedWhileANewTimeIsOffered_VerifiesAndAsksAboutTheNewTime()
    {
        await using var chat = await AgentConversation.StartAsync(Thursday());
        await chat.SayAsync("book me tomorrow at 15:00");
        await chat.SayAsync("yes");
        await chat.SayAsync("john@example.com");
        await chat.SayAsync("actually make it 16:00");

        var verified = await chat.SayAsync(chat.LatestCode());
        var booked = await chat.SayAsync("yes");

        Assert.Equal("Verified! I found a free slot from 16:00 to 17:00 tomorrow (Friday 27 March). Book it?", verified);
        Assert.StartsWith("Your appointment is confirmed from 16:00 to 17:00 tomorrow (Friday 27 March).", booked);
        Assert.Equal(1, CodeEmails(chat));
    }

    [Fact]
    public async Task Respond_CodeExpiredBeforeTheNewRequest_AsksForTheEmailAgain()
    {
        var clock = Thursday();
        await using var chat = await AgentConversation.StartAsync(clock);
        await chat.SayAsync("book me tomorrow at 15:00");
        await chat.SayAsync("yes");
        await chat.SayAsync("john@example.com");
        clock.AdvanceMinutes(11);

        await chat.SayAsync("actually make it 16:00");
        var ask = await chat.SayAsync("yes");

        Assert.Equal("Please provide your email for verification.", ask);
    }

    [Fact]
    public async Task Respond_TimeWithoutADayAfterAListOfOneDay_IsOnThatDay()
    {
        await using var chat = await AgentConversation.StartAsync(Thursday());
        await chat.SayAsync("book me on 2026-03-27 at 9");
        await chat.SayAsync("no");

        var reply = await chat.SayAsync("what about 14:00?");

        Assert.Equal("I found a free slot from 14:00 to 15:00 tomorrow (Friday 27 March). Book it?", reply);
    }

    [Fact]
    public async Task Respond_TimeWithoutADayThatIsOnTheList_IsPickedFromIt()
    {
        await using var chat = await AgentConversation.StartAsync(Thursday());
        await chat.SayAsync("book me on 2026-03-27 at 9");
        await chat.SayAsync("no");

        await chat.SayAsync("what about 11?");
        await chat.SayAsync("john@example.com");
        var booked = await chat.SayAsync(chat.LatestCode());

        Assert.StartsWith("Verified! Your appointment is confirmed from 11:00 to 12:00 tomorrow (Friday 27 March).", booked);
    }

    [Fact]
    public async Task Respond_PartOfTheDayAfterAListOfOneDay_OffersThatDaysMorning()
    {
        await using var chat = await AgentConversation.StartAsync(Thursday());
        await chat.SayAsync("what's free on friday?");

        var reply = await chat.SayAsync("morning please");

        Assert.StartsWith("Here are the free times I found:\n1. Fri 27 Mar, 09:00–10:00", reply);
        Assert.DoesNotContain("Thu 26 Mar", reply);
    }

    [Fact]
    public async Task Respond_TimeWithoutADayWhenNothingIsBeingTalkedAbout_IsTheNextOccurrence()
    {
        await using var chat = await AgentConversation.StartAsync(Thursday());

        var reply = await chat.SayAsync("book me at 16:00");

        Assert.Equal("I found a free slot from 16:00 to 17:00 today (Thursday 26 March). Book it?", reply);
    }

    [Fact]
    public async Task Respond_UnreadableDateWhileConfirmingACancel_KeepsTheQuestionAndYesCancels()
    {
        await using var chat = await AgentConversation.StartAsync(Thursday());
        await chat.VerifyAsync("book me tomorrow at 15:00");
        await chat.SayAsync("yes");
        await chat.SayAsync("cancel my booking");

        var asked = await chat.SayAsync("February 30");
        var cancelled = await chat.SayAsync("yes");

        Assert.Equal("Sorry, I couldn't read \"february 30\" as a date: that day doesn't exist in the calendar. Shall I cancel that booking? Please answer yes or no.", asked);
        Assert.StartsWith("Done: your booking from 15:00 to 16:00 tomorrow (Friday 27 March) is cancelled.", cancelled);
    }
}
