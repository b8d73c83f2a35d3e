using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OpenBooking.Tests.EndToEnd;

/// <summary>
/// The built-in engine as a customer meets it in the browser: questions asked in the middle of a booking are answered and
/// the booking comes back, dates that do not exist and other languages get a question instead of a guess, and the
/// formats people type (ISO dates with a time, an apostrophe and a plus in the email address) book end to end.
/// </summary>
public sealed class CustomerConversationTests(CustomerConversationTests.Fixture fixture) : IClassFixture<CustomerConversationTests.Fixture>
{
    /// <summary>The chat app with the business's address and phone number set.</summary>
    public sealed class Fixture : ChatAppFixture
    {
        protected override Task<IReadOnlyDictionary<string, string?>?> SettingsAsync() =>
            Task.FromResult<IReadOnlyDictionary<string, string?>?>(new Dictionary<string, string?>
            {
                ["Business:Address"] = "Rue Neuve 1, 1000 Brussels",
                ["Business:Phone"] = "+32 2 123 45 67",
            });
    }

    [Fact]
    public async Task AskQuestionsWhileBooking_AnswersThemAndComesBackToTheOffer()
    {
        await using var context = await fixture.NewDesktopContextAsync();
        var chat = new ChatPageModel(await context.NewPageAsync());
        await chat.OpenAsync();

        await chat.SendAsync("I'd like an appointment tomorrow at 15:00");
        await chat.ExpectLastAgentMessageAsync($"I found a free slot from 15:00 to 16:00 {ChatAppFixture.Tomorrow}. Book it?");

        await chat.SendAsync("what are your opening hours?");
        await chat.ExpectLastAgentMessageAsync("Shall I book from 15:00 to 16:00 tomorrow (Thursday 11 June)? Please answer yes or no.");
        // The answer is its own message, just before the reminder.
        await Expect(chat.Transcript).ToContainTextAsync("Monday: 09:00–17:00");
        await Expect(chat.Transcript).ToContainTextAsync("Sunday: closed");

        await chat.SendAsync("where are you and what's your phone number?");
        await chat.ExpectLastAgentMessageAsync("Shall I book from 15:00 to 16:00");
        await Expect(chat.Transcript).ToContainTextAsync("Our address is Rue Neuve 1, 1000 Brussels.");
        await Expect(chat.Transcript).ToContainTextAsync("You can call us on +32 2 123 45 67.");

        await chat.SendAsync("what can you do?");
        await chat.ExpectLastAgentMessageAsync("Shall I book from 15:00 to 16:00");
        await Expect(chat.Transcript).ToContainTextAsync("I can book an appointment, tell you which times are free, and show, move or cancel your bookings.");
        await chat.Page.ScreenshotAsync(new() { Path = Path.Combine(ChatAppFixture.ScreenshotDirectory, "chat-questions-desktop.png"), FullPage = true });

        await chat.SendAsync("yes");
        await chat.ExpectLastAgentMessageAsync("Please provide your email for verification.");
    }

    [Fact]
    public async Task WriteADayThatDoesNotExistOrAnotherLanguage_IsAskedAgainNeverGivenAnotherDay()
    {
        await using var context = await fixture.NewDesktopContextAsync();
        var chat = new ChatPageModel(await context.NewPageAsync());
        await chat.OpenAsync();

        await chat.SendAsync("Book me February 30 at 10");
        await chat.ExpectLastAgentMessageAsync("Sorry, I couldn't read \"february 30\" as a date: that day doesn't exist in the calendar. Which day did you mean?");
        await Expect(chat.AgentMessages.Last).Not.ToContainTextAsync("free slot");

        await chat.SendAsync("je voudrais un rendez-vous demain à 15h");
        await chat.ExpectLastAgentMessageAsync("Sorry, I can only read English for now. Could you write that in English?");
        await Expect(chat.AgentMessages.Last).Not.ToContainTextAsync("free slot");
        await chat.Page.ScreenshotAsync(new() { Path = Path.Combine(ChatAppFixture.ScreenshotDirectory, "chat-unreadable-desktop.png"), FullPage = true });

        await chat.SendAsync("tomorrow at 10");
        await chat.ExpectLastAgentMessageAsync($"I found a free slot from 10:00 to 11:00 {ChatAppFixture.Tomorrow}. Book it?");
    }

    [Fact]
    public async Task TypeAnIsoDateAndAnEmailWithApostropheAndPlus_BooksEndToEnd()
    {
        const string email = "o'brien+chat@example.com";
        await using var context = await fixture.NewDesktopContextAsync();
        var chat = new ChatPageModel(await context.NewPageAsync());
        await chat.OpenAsync();

        await chat.SendAsync("2026-06-15 09:00");
        await chat.ExpectLastAgentMessageAsync("I found a free slot from 09:00 to 10:00 on Monday 15 June. Book it?");
        await chat.SendAsync("yes");
        await chat.ExpectLastAgentMessageAsync("Please provide your email for verification.");
        await chat.SendAsync(email);
        await chat.ExpectLastAgentMessageAsync($"I've sent a 6-digit code to {email}.");

        var mailbox = await context.NewPageAsync();
        await mailbox.GotoAsync("/dev/mailbox");
        var message = mailbox.GetByRole(AriaRole.Article).Filter(new() { HasText = email }).First;
        var code = TestSupport.OtpCodes.In(await message.Locator("pre").InnerTextAsync());
        await chat.SendCodeAsync(code);

        await chat.ExpectLastAgentMessageAsync("Verified! Your appointment is confirmed from 09:00 to 10:00 on Monday 15 June.");
        await chat.ExpectLastAgentMessageAsync(email);
    }
}
