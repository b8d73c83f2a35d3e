using Bunit;
using Microsoft.AspNetCore.Components.Web;
using OpenBooking.Web.Chat;
using Radzen;

namespace OpenBooking.Tests.Chat;

public sealed class ChatInputTests : BunitContext
{
    private readonly List<string> sent = [];

    public ChatInputTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddRadzenComponents();
    }

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
        Assert.Equal("Send", cut.Find("button[type=submit] .rz-button-text").TextContent);
    }
}
