using NodaTime;
using NodaTime.Testing;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Data;
using OpenBooking.Web.Agent;
using OpenBooking.Web.Agent.Understanding;

namespace OpenBooking.Tests.Agent;

/// <summary>
/// The question handler: questions about the business are answered at any step (from <c>get_business_info</c> and
/// <c>list_services</c>), then the conversation comes back to where it was. Sentences are scripted as questions (the parser
/// on this branch does not read them yet). Clock: Thursday 26 March 2026, 10:00 in Brussels.
/// </summary>
public sealed class QuestionFlowTests
{
    private static FakeClock Thursday() => TestClock.At("2026-03-26T10:00");

    private static readonly Dictionary<string, string?> Described = new()
    {
        ["Business:Name"] = "Salon Lumière",
        ["Business:Address"] = "12 Rue Haute, Brussels",
        ["Business:Phone"] = "+32 2 555 01 00",
        ["Business:Currency"] = "EUR",
        ["Business:OpeningHours:Monday"] = "09:00-12:00, 13:00-17:00",
        ["Business:OpeningHours:Saturday"] = "10:00-14:00",
    };

    [Fact]
    public async Task Respond_HoursAskedWhileAwaitingEmail_AnswersThenAsksForTheEmailAgain()
    {
        await using var chat = await AgentConversation.StartAsync(Thursday(), Described);
        chat.Parser.Asks("when are you open?", BusinessQuestion.Hours);
        await chat.SayAsync("book me tomorrow at 11");
        await chat.SayAsync("yes");

        var reply = await chat.SayAsync("when are you open?");

        Assert.Equal(
            "Our opening hours:\nMonday: 09:00–12:00, 13:00–17:00\nTuesday: 09:00–17:00\nWednesday: 09:00–17:00\nThursday: 09:00–17:00\n"
            + "Friday: 09:00–17:00\nSaturday: 10:00–14:00\nSunday: closed\n"
            + "Please type your email address so I can send you a verification code.", reply);
        Assert.Contains("sent a 6-digit code", await chat.SayAsync("john@example.com"));
    }

    [Fact]
    public async Task Respond_AddressAndPhoneAsked_GivesBoth()
    {
        await using var chat = await AgentConversation.StartAsync(Thursday(), Described);
        chat.Parser.Asks("where are you and what's your number?", BusinessQuestion.Address | BusinessQuestion.Phone);

        var reply = await chat.SayAsync("where are you and what's your number?");

        Assert.Equal("Our address is 12 Rue Haute, Brussels.\n\nYou can call us on +32 2 555 01 00.", reply);
    }

    [Fact]
    public async Task Respond_AddressAndPhoneNotConfigured_SaysSoPlainly()
    {
        await using var chat = await AgentConversation.StartAsync(Thursday(), new Dictionary<string, string?> { ["Business:Name"] = "Salon Lumière" });
        chat.Parser.Asks("address and phone?", BusinessQuestion.Address | BusinessQuestion.Phone);

        var reply = await chat.SayAsync("address and phone?");

        Assert.Equal("Sorry, Salon Lumière hasn't given me an address to share.\n\nSorry, Salon Lumière hasn't given me a phone number to share.", reply);
    }

    [Fact]
    public async Task Respond_PricesAsked_ListsServicesWithLengthAndPriceInTheCurrency()
    {
        await using var chat = await AgentConversation.StartAsync(Thursday(), Described);
        await chat.UseServicesAsync(
            new Service { Name = "Haircut", DurationMinutes = 30, Price = 25m, SortOrder = 1 },
            new Service { Name = "Beard trim", DurationMinutes = 20, SortOrder = 2 });
        chat.Parser.Asks("how much?", BusinessQuestion.Prices);

        var reply = await chat.SayAsync("how much?");

        Assert.Equal("Our services:\n- Haircut: 30 min, 25.00 EUR\n- Beard trim: 20 min, no price listed", reply);
    }

    [Fact]
    public async Task Respond_PricesAskedNoneSet_SaysTheyAreNotListed()
    {
        await using var chat = await AgentConversation.StartAsync(Thursday());
        chat.Parser.Asks("how much?", BusinessQuestion.Prices);

        var reply = await chat.SayAsync("how much?");

        Assert.EndsWith("We haven't listed prices here; please ask us when you come in.", reply);
    }

    [Fact]
    public async Task Respond_ClosuresAskedWhileChoosingATime_ListsThemThenAsksForTheChoiceAgain()
    {
        await using var chat = await AgentConversation.StartAsync(Thursday());
        await chat.Host.WithDbAsync(async db =>
        {
            db.Closures.Add(new Closure { From = new LocalDate(2026, 12, 24), To = new LocalDate(2026, 12, 26), Reason = "Christmas" });
            return await db.SaveChangesAsync();
        });
        chat.Parser.Asks("any holidays?", BusinessQuestion.Closures);
        await chat.SayAsync("what's free tomorrow?");

        var reply = await chat.SayAsync("any holidays?");

        Assert.Equal(
            "We are closed on these days:\n- Thursday 24 December to Saturday 26 December (Christmas)\n"
            + "Which of those times would you like? Type its number, a time, or another day.", reply);
        Assert.Equal("Please provide your email for verification.", await chat.SayAsync("2"));
    }

    [Fact]
    public async Task Respond_WhatCanYouDoWhileAwaitingCode_SaysAndRemindsOfTheCode()
    {
        await using var chat = await AgentConversation.StartAsync(Thursday());
        chat.Parser.Asks("what can you do?", BusinessQuestion.Capabilities);
        await chat.SayAsync("book me tomorrow at 11");
        await chat.SayAsync("yes");
        await chat.SayAsync("john@example.com");

        var reply = await chat.SayAsync("what can you do?");

        Assert.Equal(BuiltInAgent.HelpText + "\nPlease type the 6-digit code I emailed to john@example.com. Say \"resend\" if you need a new one.", reply);
        Assert.StartsWith("Verified! Your appointment is confirmed", await chat.SayAsync(chat.LatestCode()));
    }

    [Fact]
    public async Task Respond_QuestionWhenIdle_AnswersWithoutAReminder()
    {
        await using var chat = await AgentConversation.StartAsync(Thursday(), Described);
        chat.Parser.Asks("what services do you have?", BusinessQuestion.Services);

        var reply = await chat.SayAsync("what services do you have?");

        Assert.StartsWith("Our services:\n- ", reply);
        Assert.DoesNotContain("price", reply);
    }
}
