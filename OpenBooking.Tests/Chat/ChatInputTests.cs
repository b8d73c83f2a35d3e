using Bunit;
using Microsoft.AspNetCore.Components.Web;
using OpenBooking.Web.Chat;
using MudBlazor.Services;

namespace OpenBooking.Tests.Chat;

/// <remarks>MudBlazor's services are async-disposable only, so the context is disposed through <see cref="IAsyncLifetime"/>.</remarks>
public sealed class ChatInputTests : BunitContext, IAsyncLifetime
{
    private readonly List<string> sent = [];

    public ChatInputTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => base.DisposeAsync().AsTask();

    private IRenderedComponent<ChatInput> RenderInput(bool busy = false) =>
        Render<ChatInput>(p => p
            .Add(c => c.Busy, busy)
            .Add(c => c.OnSend, (string text) => sent.Add(text)));

    [Fact]
    public void KeyDown_EnterWithText_RaisesSendAndClears()
    {
        var cut = RenderInput();
        cut.Find("textarea").Input("  Book me tomorrow at 3  ");

        cut.Find("textarea").KeyDown(new KeyboardEventArgs { Key = "Enter" });

        Assert.Equal(["Book me tomorrow at 3"], sent);
        Assert.Equal("", cut.Find("textarea").GetAttribute("value") ?? "");
    }

    [Fact]
    public void KeyDown_ShiftEnter_DoesNotSend()
    {
        var cut = RenderInput();
        cut.Find("textarea").Input("first line");

        cut.Find("textarea").KeyDown(new KeyboardEventArgs { Key = "Enter", ShiftKey = true });

        Assert.Empty(sent);
    }

    [Fact]
    public void Submit_SendButton_RaisesSend()
    {
        var cut = RenderInput();
        cut.Find("textarea").Input("yes");

        cut.Find("button[type=submit]").Click();

        Assert.Equal(["yes"], sent);
    }

    [Fact]
    public void Send_Empty_DoesNotRaiseAndButtonIsDisabled()
    {
        var cut = RenderInput();
        cut.Find("textarea").Input("   ");

        cut.Find("textarea").KeyDown(new KeyboardEventArgs { Key = "Enter" });
        cut.Find("form").Submit();

        Assert.Empty(sent);
        Assert.True(cut.Find("button[type=submit]").HasAttribute("disabled"));
    }

    [Fact]
    public void Send_WhileBusy_DoesNotRaise()
    {
        var cut = RenderInput(busy: true);
        cut.Find("textarea").Input("hello");

        cut.Find("textarea").KeyDown(new KeyboardEventArgs { Key = "Enter" });

        Assert.Empty(sent);
        Assert.True(cut.Find("button[type=submit]").HasAttribute("disabled"));
    }

    [Fact]
    public void Render_Always_LabelsTheBoxMessageAndTheButtonSend()
    {
        var cut = RenderInput();

        var id = cut.Find("textarea").Id;
        Assert.Equal("Message", cut.Find($"label[for={id}]").TextContent);
        Assert.Equal("Send", cut.Find("button[type=submit]").TextContent.Trim());
    }

    [Fact]
    public void Input_OverTheLimit_ShowsTheLengthKeepsTheTextAndRefusesToSend()
    {
        var cut = RenderInput();
        var pasted = new string('x', ChatService.MaxMessageLength + 345);
        cut.Find("textarea").Input(pasted);

        cut.Find("textarea").KeyDown(new KeyboardEventArgs { Key = "Enter" });
        cut.Find("form").Submit();

        Assert.Empty(sent);
        Assert.Equal(pasted, cut.Find("textarea").GetAttribute("value"));
        Assert.Null(cut.Find("textarea").GetAttribute("maxlength"));
        Assert.Equal("true", cut.Find("textarea").GetAttribute("aria-invalid"));
        var note = cut.Find("#chat-message-too-long");
        Assert.Equal("alert", note.GetAttribute("role"));
        Assert.Contains("2,345 characters", note.TextContent);
        Assert.Contains("at most 2,000", note.TextContent);
        Assert.True(cut.Find("button[type=submit]").HasAttribute("disabled"));
    }

    [Fact]
    public void Input_ShortenedBackToTheLimit_SendsTheWholeMessage()
    {
        var cut = RenderInput();
        cut.Find("textarea").Input(new string('x', ChatService.MaxMessageLength + 1));

        cut.Find("textarea").Input(new string('x', ChatService.MaxMessageLength));
        cut.Find("textarea").KeyDown(new KeyboardEventArgs { Key = "Enter" });

        Assert.Equal(ChatService.MaxMessageLength, Assert.Single(sent).Length);
        Assert.Empty(cut.FindAll("#chat-message-too-long"));
    }

    [Fact]
    public void Restore_AfterAFailedSend_PutsTheMessageBackUnlessTheCustomerTypedOn()
    {
        var cut = RenderInput();
        cut.Find("textarea").Input("Book me Friday");
        cut.Find("textarea").KeyDown(new KeyboardEventArgs { Key = "Enter" });

        cut.InvokeAsync(() => cut.Instance.Restore("Book me Friday"));
        Assert.Equal("Book me Friday", cut.Find("textarea").GetAttribute("value"));

        cut.Find("textarea").Input("something new");
        cut.InvokeAsync(() => cut.Instance.Restore("Book me Friday"));
        Assert.Equal("something new", cut.Find("textarea").GetAttribute("value"));
    }
}
