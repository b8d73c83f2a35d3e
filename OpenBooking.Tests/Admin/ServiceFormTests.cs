using Bunit;
using OpenBooking.Web.Admin;
using OpenBooking.Web.Admin.Business;
using MudBlazor.Services;

namespace OpenBooking.Tests.Admin;

/// <summary>The service form: every number has a range, and each message names its field.</summary>
/// <remarks>MudBlazor's services are async-disposable only, so the context is disposed through <see cref="IAsyncLifetime"/>.</remarks>
public sealed class ServiceFormTests : BunitContext, IAsyncLifetime
{
    private readonly ServiceDraft draft = new() { Name = "Haircut" };
    private int saves;

    public ServiceFormTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => base.DisposeAsync().AsTask();

    private IRenderedComponent<ServiceForm> RenderForm(IReadOnlyList<FieldError>? serverErrors = null, string? currency = null) => Render<ServiceForm>(p => p
        .Add(c => c.Draft, draft)
        .Add(c => c.Currency, currency)
        .Add(c => c.ServerErrors, serverErrors ?? [])
        .Add(c => c.OnSave, () => saves++));

    private static AngleSharp.Dom.IElement SaveButton(IRenderedComponent<ServiceForm> cut) =>
        cut.FindAll("button").Single(b => b.TextContent.Contains("Add service") || b.TextContent.Contains("Save service"));

    [Fact]
    public void Input_DurationTooShort_NamesTheFieldAndDisablesSave()
    {
        var cut = RenderForm();

        cut.Find("input[name=service-duration]").Input("2");

        Assert.Equal("Duration: enter a number from 5 to 1440 (minutes).", cut.Find(".field-error[data-field=DurationMinutes]").TextContent);
        Assert.True(SaveButton(cut).HasAttribute("disabled"));
    }

    [Fact]
    public void Input_CapacityZero_NamesTheField()
    {
        var cut = RenderForm();

        cut.Find("input[name=service-capacity]").Input("0");

        Assert.Equal("Capacity: enter a number from 1 to 1000 (bookings at the same time).", cut.Find(".field-error[data-field=Capacity]").TextContent);
    }

    [Theory]
    [InlineData("-5", "Price: enter an amount from 0 to 1,000,000, or leave it empty to not show a price.")]
    [InlineData("12.345", "Price: use at most two decimals.")]
    public void Input_PriceOutOfRule_NamesTheField(string typed, string message)
    {
        var cut = RenderForm();

        cut.Find("input[name=service-price]").Input(typed);

        Assert.Equal(message, cut.Find(".field-error[data-field=Price]").TextContent);
        Assert.True(SaveButton(cut).HasAttribute("disabled"));
    }

    [Fact]
    public void Input_Price_KeptInTheBusinessCurrency()
    {
        var cut = RenderForm(currency: "chf");
        Assert.Contains("No price is shown to customers.", cut.Markup);

        cut.Find("input[name=service-price]").Input("45.50");

        Assert.Equal(45.50m, draft.Price);
        Assert.Equal("CHF", cut.Find(".mud-input-adornment-end").TextContent.Trim());
        Assert.Contains("In the business currency (Business form).", cut.Markup);
        Assert.Empty(cut.FindAll(".field-error"));
    }

    [Fact]
    public void Change_ActiveSwitchOff_MakesTheServiceInactive()
    {
        var cut = RenderForm();

        cut.Find("input[name=service-active]").Change(false);

        Assert.False(draft.IsActive);
    }

    [Fact]
    public void Input_EmptyName_NamesTheField()
    {
        var cut = RenderForm();

        cut.Find("input[name=service-name]").Input(" ");

        Assert.Equal("Service name: enter a name, for example \"Haircut\".", cut.Find(".field-error[data-field=Name]").TextContent);
    }

    [Fact]
    public void Render_ServerErrors_ShownUnderTheirField()
    {
        var cut = RenderForm([new FieldError("Name", "Service name: another service is already called 'Haircut'.")]);

        Assert.Equal("Service name: another service is already called 'Haircut'.", cut.Find(".field-error[data-field=Name]").TextContent);
    }

    [Fact]
    public void Input_Values_HelpReadsThemInWords()
    {
        var cut = RenderForm();

        cut.Find("input[name=service-duration]").Input("90");
        cut.Find("input[name=service-notice]").Input("1440");

        Assert.Contains("Each appointment lasts 1 h 30 min.", cut.Markup);
        Assert.Contains("Book at least 1 day ahead.", cut.Markup);
    }

    [Fact]
    public void Save_NewValidService_RaisesSave()
    {
        var cut = RenderForm();

        SaveButton(cut).Click();

        Assert.Equal(1, saves);
        Assert.Equal("New service", cut.Find("h2").TextContent);
    }

    [Theory]
    [InlineData(nameof(ServiceDraft.DurationMinutes), 4, "Duration: enter a number from 5 to 1440 (minutes).")]
    [InlineData(nameof(ServiceDraft.BufferBeforeMinutes), -1, "Buffer before: enter a number from 0 to 1440 (minutes).")]
    [InlineData(nameof(ServiceDraft.BufferAfterMinutes), 1441, "Buffer after: enter a number from 0 to 1440 (minutes).")]
    [InlineData(nameof(ServiceDraft.MinimumNoticeMinutes), 43201, "Minimum notice: enter a number from 0 to 43200 (minutes).")]
    [InlineData(nameof(ServiceDraft.ChangeNoticeMinutes), -5, "Notice to cancel or move: enter a number from 0 to 43200 (minutes).")]
    [InlineData(nameof(ServiceDraft.HorizonDays), 0, "Booking horizon: enter a number from 1 to 730 (days).")]
    [InlineData(nameof(ServiceDraft.SlotIntervalMinutes), 1, "Slot interval: enter a number from 5 to 1440 (minutes).")]
    [InlineData(nameof(ServiceDraft.Capacity), 1001, "Capacity: enter a number from 1 to 1000 (bookings at the same time).")]
    public void Validate_OutOfRange_NamesTheField(string property, int value, string message)
    {
        typeof(ServiceDraft).GetProperty(property)!.SetValue(draft, value);

        var error = Assert.Single(draft.Validate());

        Assert.Equal(property, error.Field);
        Assert.Equal(message, error.Message);
    }
}
