using Bunit;
using MudBlazor.Services;
using NodaTime;
using OpenBooking.Web.Admin;
using OpenBooking.Web.Admin.Business;

namespace OpenBooking.Tests.Admin;

/// <summary>The closures card: dates typed into the date pickers, messages naming the field, and add and remove.</summary>
/// <remarks>MudBlazor's services are async-disposable only, so the context is disposed through <see cref="IAsyncLifetime"/>.</remarks>
public sealed class ClosuresEditorTests : BunitContext, IAsyncLifetime
{
    private readonly List<ClosureDraft> added = [];
    private readonly List<ClosureRow> removed = [];

    public ClosuresEditorTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => base.DisposeAsync().AsTask();

    private IRenderedComponent<ClosuresEditor> RenderEditor(IReadOnlyList<ClosureRow>? closures = null, IReadOnlyList<FieldError>? serverErrors = null) =>
        Render<ClosuresEditor>(p => p
            .Add(c => c.Closures, closures ?? [])
            .Add(c => c.OnAdd, draft =>
            {
                added.Add(draft);
                return Task.FromResult(serverErrors ?? []);
            })
            .Add(c => c.OnRemove, (ClosureRow row) => removed.Add(row)));

    private static AngleSharp.Dom.IElement AddButton(IRenderedComponent<ClosuresEditor> cut) =>
        cut.FindAll("button").Single(b => b.TextContent.Contains("Add closure"));

    [Fact]
    public void Add_NoDates_NamesBothFieldsAndAddsNothing()
    {
        var cut = RenderEditor();

        AddButton(cut).Click();

        Assert.Equal("Closed from: pick the first closed day.", cut.Find(".field-error[data-field=From]").TextContent);
        Assert.Equal("Closed until: pick the last closed day (the same day for one day).", cut.Find(".field-error[data-field=To]").TextContent);
        Assert.Empty(added);
    }

    [Fact]
    public void Change_FromTyped_FillsUntilWithTheSameDay()
    {
        var cut = RenderEditor();

        cut.Find("input[name=closure-from]").Change("Fri 12 Jun 2026");

        cut.WaitForAssertion(() => Assert.Equal("Fri 12 Jun 2026", cut.Find("input[name=closure-to]").GetAttribute("value")));
    }

    [Fact]
    public void Add_UntilBeforeFrom_NamesUntil()
    {
        var cut = RenderEditor();
        cut.Find("input[name=closure-from]").Change("Fri 12 Jun 2026");
        cut.Find("input[name=closure-to]").Change("Wed 10 Jun 2026");

        AddButton(cut).Click();

        Assert.Equal("Closed until: the last closed day is before the first.", cut.Find(".field-error[data-field=To]").TextContent);
        Assert.Empty(added);
    }

    [Fact]
    public void Add_ValidClosure_RaisesAddAndEmptiesTheForm()
    {
        var cut = RenderEditor();
        cut.Find("input[name=closure-from]").Change("Fri 12 Jun 2026");
        cut.Find("input[name=closure-reason]").Change("Team day");

        AddButton(cut).Click();

        var closure = Assert.Single(added);
        Assert.Equal((new DateTime(2026, 6, 12), new DateTime(2026, 6, 12), "Team day"), (closure.From, closure.To, closure.Reason));
        Assert.Empty(cut.FindAll(".field-error"));
        Assert.True(string.IsNullOrEmpty(cut.Find("input[name=closure-from]").GetAttribute("value")));
    }

    [Fact]
    public void Add_ServerRefuses_ShowsItsMessageUnderTheField()
    {
        var cut = RenderEditor(serverErrors: [new FieldError("From", "Closed from: Fri 12 Jun 2026 is already closed.")]);
        cut.Find("input[name=closure-from]").Change("Fri 12 Jun 2026");

        AddButton(cut).Click();

        Assert.Equal("Closed from: Fri 12 Jun 2026 is already closed.", cut.Find(".field-error[data-field=From]").TextContent);
    }

    [Fact]
    public void Remove_AListedClosure_RaisesRemove()
    {
        var closure = new ClosureRow(Guid.NewGuid(), new LocalDate(2026, 12, 24), new LocalDate(2026, 12, 26), "Christmas");
        var cut = RenderEditor([closure]);

        cut.Find("button[aria-label='Remove closure Thu 24 Dec 2026 – Sat 26 Dec 2026']").Click();

        Assert.Equal([closure], removed);
    }
}
