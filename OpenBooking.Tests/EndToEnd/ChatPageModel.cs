using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OpenBooking.Tests.EndToEnd;

/// <summary>The chat page as a customer sees it: the transcript, the Message box and the Send button.</summary>
public sealed class ChatPageModel(IPage page)
{
    public IPage Page => page;

    public ILocator Transcript => page.GetByRole(AriaRole.Log);

    public ILocator AgentMessages => Transcript.Locator("[data-author=agent]");

    public ILocator CustomerMessages => Transcript.Locator("[data-author=customer]");

    public ILocator MessageBox => page.GetByLabel("Message", new() { Exact = true });

    public ILocator SendButton => page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true });

    /// <summary>Opens the chat and waits until the circuit is live (the page marks itself ready).</summary>
    public async Task OpenAsync()
    {
        await page.GotoAsync("/");
        await WaitUntilReadyAsync();
    }

    public async Task WaitUntilReadyAsync()
    {
        await Expect(page.Locator("[data-ready=true]")).ToBeVisibleAsync();
        await Expect(MessageBox).ToBeEnabledAsync();
    }

    /// <summary>Types a message and sends it with the button, then waits for the agent's answer to arrive.</summary>
    public async Task SendAsync(string text)
    {
        var agentBefore = await AgentMessages.CountAsync();
        await MessageBox.FillAsync(text);
        await SendButton.ClickAsync();
        await Expect(CustomerMessages.Last).ToContainTextAsync(text);
        await Expect(AgentMessages).Not.ToHaveCountAsync(agentBefore);
    }

    /// <summary>
    /// Types a one-time code and sends it: the transcript shows it as typed only until the answer arrives, then masked
    /// ("••••••", as stored), so the wait is for the answer and the masked message.
    /// </summary>
    public async Task SendCodeAsync(string code)
    {
        var agentBefore = await AgentMessages.CountAsync();
        await MessageBox.FillAsync(code);
        await SendButton.ClickAsync();
        await Expect(AgentMessages).Not.ToHaveCountAsync(agentBefore);
        await Expect(CustomerMessages.Last).ToContainTextAsync("••••••");
    }

    /// <summary>Types a message and sends it with Enter.</summary>
    public async Task SendWithEnterAsync(string text)
    {
        var agentBefore = await AgentMessages.CountAsync();
        await MessageBox.FillAsync(text);
        await MessageBox.PressAsync("Enter");
        await Expect(CustomerMessages.Last).ToContainTextAsync(text);
        await Expect(AgentMessages).Not.ToHaveCountAsync(agentBefore);
    }

    public Task ExpectLastAgentMessageAsync(string text) => Expect(AgentMessages.Last).ToContainTextAsync(text);
}
