using NodaTime;
using NodaTime.Testing;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Calendar;
using OpenBooking.Tools.Email;

namespace OpenBooking.Tests.Agent;

/// <summary>
/// The book and find-times handlers: a customer hears whether a time is free before anyone asks for an email, and a code
/// is only sent for a time they said yes to. The clock stands at Thursday 26 March 2026, 10:00 in Brussels (closed Sundays).
/// </summary>
public sealed class AvailabilityFirstTests
{
    private static FakeClock Thursday() => TestClock.At("2026-03-26T10:00");

    [Fact]
    public async Task Respond_ClosedDay_SaysSoAndOffersNearestTimesBeforeAnyEmail()
    {
        await using var chat = await AgentConversation.StartAsync(Thursday());

        var reply = await chat.SayAsync("Book me Sunday at 10:00");

        Assert.StartsWith("Sorry, 10:00 on Sunday 29 March is not available:", reply);
        Assert.Contains("\n1. ", reply);
        Assert.EndsWith("Which one would you like?", reply);
        Assert.DoesNotContain("email", reply);
    }

    [Fact]
    public async Task Respond_PickFromClosedDayAlternatives_AsksEmailThenBooksRightAfterTheCode()
    {
        await using var chat = await AgentConversation.StartAsync(Thursday());
        await chat.SayAsync("Book me Sunday at 10:00");

        var afterPick = await chat.SayAsync("1");
        await chat.SayAsync("john@example.com");
        var booked = await chat.SayAsync(chat.LatestCode());

        Assert.Equal("Please provide your email for verification.", afterPick);
        Assert.StartsWith("Verified! Your appointment is confirmed", booked);
        Assert.Single(await chat.Host.Get<BookingService>().ListUpcomingAsync("john@example.com"));
    }

    [Fact]
    public async Task Respond_FreeTime_IsConfirmedFreeThenTheYesAsksForTheEmail()
    {
        await using var chat = await AgentConversation.StartAsync(Thursday());

        var offer = await chat.SayAsync("book me tomorrow at 11");
        var afterYes = await chat.SayAsync("yes");

        Assert.Equal("I found a free slot from 11:00 to 12:00 tomorrow (Friday 27 March). Book it?", offer);
        Assert.Equal("Please provide your email for verification.", afterYes);
    }

    [Fact]
    public async Task Respond_TimeTakenWhileVerifying_OffersOtherTimesAfterTheCodeWithoutBooking()
    {
        await using var chat = await AgentConversation.StartAsync(Thursday());
        await chat.SayAsync("book me tomorrow at 11");
        await chat.SayAsync("yes");
        await chat.SayAsync("john@example.com");
        await chat.Host.Get<BookingService>().CreateAsync("someone@example.com", new LocalDateTime(2026, 3, 27, 11, 0));

        var reply = await chat.SayAsync(chat.LatestCode());

        Assert.StartsWith("Verified! Sorry, I couldn't book that:", reply);
        Assert.Contains("Which one would you like?", reply);
        Assert.Empty(await chat.Host.Get<BookingService>().ListUpcomingAsync("john@example.com"));
    }

    [Fact]
    public async Task Respond_BookWithoutATime_AsksWhenThenOffersThatTime()
    {
        await using var chat = await AgentConversation.StartAsync(Thursday());

        var when = await chat.SayAsync("I'd like to book an appointment");
        var offer = await chat.SayAsync("tomorrow at 2pm");

        Assert.Equal("When would you like to come? For example \"tomorrow at 3pm\" or \"Monday morning\".", when);
        Assert.Equal("I found a free slot from 14:00 to 15:00 tomorrow (Friday 27 March). Book it?", offer);
    }

    [Fact]
    public async Task Respond_NoToAnOfferedTime_SendsNoCode()
    {
        await using var chat = await AgentConversation.StartAsync(Thursday());
        await chat.SayAsync("book me tomorrow at 11");

        await chat.SayAsync("no");

        Assert.Empty(chat.Host.Get<PickupMailbox>().ReadNewest());
    }

    [Fact]
    public async Task Respond_OnlyOneFreeTimeThatDay_IsOfferedWithBookItNotAsAList()
    {
        await using var chat = await AgentConversation.StartAsync(Thursday());
        var bookings = chat.Host.Get<BookingService>();
        // Friday: everything taken but 16:00.
        foreach (var hour in new[] { 9, 10, 11, 12, 13, 14, 15 })
        {
            await bookings.CreateAsync($"someone{hour}@example.com", new LocalDateTime(2026, 3, 27, hour, 0));
        }

        var offer = await chat.SayAsync("what's free tomorrow?");
        var afterYes = await chat.SayAsync("yes");

        Assert.Equal("The only free time I found is from 16:00 to 17:00 tomorrow (Friday 27 March). Book it?", offer);
        Assert.Equal("Please provide your email for verification.", afterYes);
    }
}
