using Microsoft.Playwright;
using OpenBooking.Web.Chat;
using static Microsoft.Playwright.Assertions;

namespace OpenBooking.Tests.EndToEnd;

/// <summary>What a customer sees when a message is too long or carries their code, in a real browser.</summary>
public sealed class ChatInputLimitTests(ChatAppFixture fixture) : IClassFixture<ChatAppFixture>
{
    [Fact]
    public async Task PasteTooLongAMessage_NoteShownNothingCutOrSentUntilShortened()
    {
        await using var context = await fixture.NewDesktopContextAsync();
        var chat = new ChatPageModel(await context.NewPageAsync());
        await chat.OpenAsync();
        var pasted = "Book me tomorrow at 15:00. " + new string('x', ChatService.MaxMessageLength);

        await chat.MessageBox.FillAsync(pasted);

        var note = chat.Page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "at most 2,000" });
        await Expect(note).ToBeVisibleAsync();
        await Expect(chat.SendButton).ToBeDisabledAsync();
        await Expect(chat.MessageBox).ToHaveValueAsync(pasted);
        await chat.MessageBox.PressAsync("Enter");
        await Expect(chat.CustomerMessages).ToHaveCountAsync(0);
        await chat.Page.ScreenshotAsync(new() { Path = Path.Combine(ChatAppFixture.ScreenshotDirectory, "chat-too-long.png") });

        await chat.SendAsync("Book me tomorrow at 15:00");
        await Expect(note).ToHaveCountAsync(0);
        await Expect(chat.CustomerMessages).ToHaveCountAsync(1);
    }
}
