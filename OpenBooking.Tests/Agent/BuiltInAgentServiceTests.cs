using Microsoft.EntityFrameworkCore;
using NodaTime;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Calendar;
using OpenBooking.Tools.Data;

namespace OpenBooking.Tests.Agent;

/// <summary>
/// The agent with a business that offers several services: it asks which one before proposing times, hears a
/// service named anywhere, and books that service with its own length. Clock: Thursday 26 March 2026, 10:00 Brussels.
/// </summary>
public sealed class BuiltInAgentServiceTests
{
    private static readonly DateTimeZone Brussels = DateTimeZoneProviders.Tzdb["Europe/Brussels"];

    private static Service Haircut() => new() { Name = "Haircut", DurationMinutes = 30, SortOrder = 1 };

    private static Service BeardTrim() => new() { Name = "Beard trim", DurationMinutes = 20, SortOrder = 2 };

    private static async Task<AgentConversation> BarberAsync()
    {
        var chat = await AgentConversation.StartAsync(TestClock.At("2026-03-26T10:00"));
        await chat.UseServicesAsync(Haircut(), BeardTrim());
        return chat;
    }

    private static async Task<OpenBooking.Tools.Data.Booking> SingleBookingAsync(AgentConversation chat)
    {
        await using var db = await chat.Host.Get<IDbContextFactory<OpenBookingDbContext>>().CreateDbContextAsync();
        return await db.Bookings.Include(b => b.Service).SingleAsync();
    }

    [Fact]
    public async Task Respond_TwoServicesNoneNamed_AsksWhichThenBooksTheChosenOnesLength()
    {
        await using var chat = await BarberAsync();

        var question = await chat.SayAsync("book me tomorrow at 3pm");
        var afterChoice = await chat.SayAsync("2");
        await chat.SayAsync("yes");
        await chat.SayAsync("john@example.com");
        var confirmation = await chat.SayAsync(chat.LatestCode());

        Assert.Equal("Which service would you like?\n1. Haircut (30 min)\n2. Beard trim (20 min)\nType its number or name.", question);
        Assert.Equal("Beard trim it is. I found a free Beard trim slot from 15:00 to 15:20 tomorrow (Friday 27 March). Book it?", afterChoice);
        Assert.StartsWith("Verified! Your Beard trim appointment is confirmed from 15:00 to 15:20 tomorrow (Friday 27 March).", confirmation);
        var booking = await SingleBookingAsync(chat);
        Assert.Equal("Beard trim", booking.Service!.Name);
        Assert.Equal(Duration.FromMinutes(20), booking.End - booking.Start);
    }

    [Fact]
    public async Task Respond_ServiceNamedInFirstMessage_SkipsTheQuestionAndBooksItsLength()
    {
        await using var chat = await BarberAsync();

        var proposal = await chat.SayAsync("book a haircut tomorrow at 3");
        await chat.SayAsync("yes");
        await chat.SayAsync("john@example.com");
        await chat.SayAsync(chat.LatestCode());

        Assert.Equal("I found a free Haircut slot from 15:00 to 15:30 tomorrow (Friday 27 March). Book it?", proposal);
        var booking = await SingleBookingAsync(chat);
        Assert.Equal("Haircut", booking.Service!.Name);
        Assert.Equal(new LocalDateTime(2026, 3, 27, 15, 0), booking.Start.InZone(Brussels).LocalDateTime);
        Assert.Equal(Duration.FromMinutes(30), booking.End - booking.Start);
    }

    [Theory]
    [InlineData("beard trim please")]
    [InlineData("Beard Trims")]
    [InlineData("the beard one")]
    [InlineData("beard")]
    public async Task Respond_ServiceWordedAsAnswer_PicksIt(string answer)
    {
        await using var chat = await BarberAsync();
        await chat.SayAsync("what's free tomorrow morning?");

        var reply = await chat.SayAsync(answer);

        Assert.StartsWith("Beard trim it is. Here are the free Beard trim times I found:\n1. Fri 27 Mar, 09:00–09:20", reply);
    }

    [Fact]
    public async Task Respond_TimeGivenWithTheServiceAnswer_UsesThatTime()
    {
        await using var chat = await BarberAsync();
        await chat.SayAsync("is anything free?");

        var reply = await chat.SayAsync("a haircut tomorrow at 11");

        Assert.Equal("Haircut it is. Yes, from 11:00 to 11:30 tomorrow (Friday 27 March) is free for a Haircut. Book it?", reply);
    }

    [Fact]
    public async Task Respond_OtherServiceWhileATimeIsProposed_ProposesTheSameTimeForIt()
    {
        await using var chat = await BarberAsync();
        await chat.VerifyAsync("book a haircut tomorrow at 3");

        var reply = await chat.SayAsync("actually make it a beard trim");

        Assert.Equal("I found a free Beard trim slot from 15:00 to 15:20 tomorrow (Friday 27 March). Book it?", reply);
    }

    [Fact]
    public async Task Respond_EmailInsteadOfAServiceAnswer_AsksAgainAfterVerifying()
    {
        await using var chat = await BarberAsync();
        await chat.SayAsync("book tomorrow at 3pm");
        await chat.SayAsync("john@example.com");

        var reply = await chat.SayAsync(chat.LatestCode());
        var proposal = await chat.SayAsync("haircut");

        Assert.StartsWith("Verified! Which service would you like?\n1. Haircut (30 min)", reply);
        Assert.Equal("Haircut it is. I found a free Haircut slot from 15:00 to 15:30 tomorrow (Friday 27 March). Book it?", proposal);
    }

    [Fact]
    public async Task Respond_OneService_NeverAsksWhich()
    {
        await using var chat = await AgentConversation.StartAsync(TestClock.At("2026-03-26T10:00"));
        await chat.UseServicesAsync(Haircut());

        var proposal = await chat.SayAsync("book tomorrow at 3pm");

        Assert.Equal("I found a free slot from 15:00 to 15:30 tomorrow (Friday 27 March). Book it?", proposal);
    }

    [Fact]
    public async Task Respond_ListWithSeveralServices_NamesEachBookingsService()
    {
        await using var chat = await BarberAsync();
        await chat.VerifyAsync("book a haircut tomorrow at 3");
        await chat.SayAsync("yes");

        var listed = await chat.SayAsync("show my bookings");

        Assert.Contains("1. Fri 27 Mar, 15:00–15:30 · Haircut — [manage](/booking/", listed);
    }
}
