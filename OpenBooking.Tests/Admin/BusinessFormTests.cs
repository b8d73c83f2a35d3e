using Bunit;
using OpenBooking.Tools.Business;
using OpenBooking.Web.Admin;
using OpenBooking.Web.Admin.Business;
using MudBlazor.Services;

namespace OpenBooking.Tests.Admin;

/// <summary>The business form validates as it is edited, names the field in every message, and saves only when valid.</summary>
/// <remarks>MudBlazor's services are async-disposable only, so the context is disposed through <see cref="IAsyncLifetime"/>.</remarks>
public sealed class BusinessFormTests : BunitContext, IAsyncLifetime
{
    private readonly BusinessDraft draft = BusinessDraft.From(new BusinessOptions());
    private int changes;
    private int saves;

    public BusinessFormTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => base.DisposeAsync().AsTask();

    private IRenderedComponent<BusinessForm> RenderForm() => Render<BusinessForm>(p => p
        .Add(c => c.Draft, draft)
        .Add(c => c.OnChange, () => changes++)
        .Add(c => c.OnSave, () => saves++));

    private static string ErrorFor(IRenderedComponent<BusinessForm> cut, string field) =>
        string.Join(" ", cut.FindAll($".field-error[data-field='{field}']").Select(e => e.TextContent));

    private static AngleSharp.Dom.IElement SaveButton(IRenderedComponent<BusinessForm> cut) =>
        cut.FindAll("button").Single(b => b.TextContent.Contains("Save business settings"));

    [Fact]
    public void Render_DefaultSettings_NoErrorsAndSaveEnabled()
    {
        var cut = RenderForm();

        Assert.Empty(cut.FindAll(".field-error"));
        Assert.False(SaveButton(cut).HasAttribute("disabled"));
        Assert.Equal("09:00", cut.Find("input[aria-label='Monday range 1 opens']").GetAttribute("value"));
        Assert.Contains("Closed", cut.Find("[role=group][aria-label=Saturday]").TextContent);
    }

    [Fact]
    public void Change_RangeEndsBeforeItStarts_NamesTheDayAndDisablesSave()
    {
        var cut = RenderForm();

        cut.Find("input[aria-label='Monday range 1 closes']").Change("08:00");

        Assert.Equal("Monday opening hours: '09:00-08:00' ends before it starts.", ErrorFor(cut, "Hours.Monday"));
        Assert.True(SaveButton(cut).HasAttribute("disabled"));
        Assert.Equal(1, changes);
    }

    [Fact]
    public void Change_OverlappingRanges_NamesTheDay()
    {
        var cut = RenderForm();
        cut.Find("button[aria-label='Add hours on Tuesday']").Click();

        cut.Find("input[aria-label='Tuesday range 2 opens']").Change("16:00");

        Assert.Equal("Tuesday opening hours: '09:00-17:00' and '16:00-20:00' overlap.", ErrorFor(cut, "Hours.Tuesday"));
    }

    [Fact]
    public void Change_TimeWithoutMinutes_IsReadAsHoursAndMinutes()
    {
        var cut = RenderForm();

        cut.Find("input[aria-label='Wednesday range 1 closes']").Change("12");
        cut.Find("input[aria-label='Wednesday range 1 opens']").Change("830");

        Assert.Equal("08:30-12:00", draft.HoursText(NodaTime.IsoDayOfWeek.Wednesday));
        Assert.Empty(cut.FindAll(".field-error"));
    }

    [Fact]
    public void Change_NotATime_NamesTheDay()
    {
        var cut = RenderForm();

        cut.Find("input[aria-label='Thursday range 1 opens']").Change("noon");

        Assert.Equal("Thursday opening hours: 'noon-17:00' is not a range like 09:00-17:00.", ErrorFor(cut, "Hours.Thursday"));
    }

    [Fact]
    public void AddAndRemove_Ranges_OpenAndCloseADay()
    {
        var cut = RenderForm();

        cut.Find("button[aria-label='Add hours on Saturday']").Click();
        Assert.Equal("09:00-17:00", draft.HoursText(NodaTime.IsoDayOfWeek.Saturday));
        cut.Find("button[aria-label='Add hours on Monday']").Click();
        Assert.Equal("09:00-17:00, 18:00-20:00", draft.HoursText(NodaTime.IsoDayOfWeek.Monday));

        cut.Find("button[aria-label='Remove Friday range 1']").Click();

        Assert.Equal("", draft.HoursText(NodaTime.IsoDayOfWeek.Friday));
        Assert.Contains("Closed", cut.Find("[role=group][aria-label=Friday]").TextContent);
        Assert.Equal(3, changes);
    }

    [Fact]
    public void Render_UnknownTimeZone_NamesTheField()
    {
        draft.TimeZone = "Mars/Olympus";

        var cut = RenderForm();

        Assert.Equal("Time zone: 'Mars/Olympus' is not an IANA time zone id (for example Europe/Brussels).", ErrorFor(cut, "TimeZone"));
        Assert.True(SaveButton(cut).HasAttribute("disabled"));
    }

    [Fact]
    public void Input_TimeZoneTyped_TheTypedIdIsValidated()
    {
        var cut = RenderForm();

        cut.Find("input[name=business-zone]").Input("Mars/Olympus");

        cut.WaitForAssertion(() => Assert.Equal("Time zone: 'Mars/Olympus' is not an IANA time zone id (for example Europe/Brussels).", ErrorFor(cut, "TimeZone")));
        Assert.True(SaveButton(cut).HasAttribute("disabled"));
        cut.Find("input[name=business-zone]").Input("Asia/Tokyo");
        cut.WaitForAssertion(() => Assert.Equal("Asia/Tokyo", draft.TimeZone));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(".field-error")));
    }

    [Fact]
    public void Input_EmptyName_NamesTheField()
    {
        var cut = RenderForm();

        cut.Find("input[name=business-name]").Input("");

        Assert.Equal("Business name: enter the name customers see in the chat and in emails.", ErrorFor(cut, "Name"));
    }

    [Fact]
    public void Save_ValidForm_RaisesSave()
    {
        var cut = RenderForm();

        SaveButton(cut).Click();

        Assert.Equal(1, saves);
    }

    [Theory]
    [InlineData("9", "09:00")]
    [InlineData("09:30", "09:30")]
    [InlineData("930", "09:30")]
    [InlineData("1700", "17:00")]
    [InlineData("17.15", "17:15")]
    [InlineData("17h", "17:00")]
    [InlineData(" 8:05 ", "08:05")]
    [InlineData("24:00", "24:00")]
    [InlineData("9:75", "9:75")]
    [InlineData("noon", "noon")]
    public void NormalizeTime_TypedTime_ReadAsHoursAndMinutes(string typed, string expected) =>
        Assert.Equal(expected, BusinessDraft.NormalizeTime(typed));

    [Fact]
    public void TimeZoneSuggestions_EmptySearch_CommonZonesAndSearchFindsAnyIanaId()
    {
        Assert.Contains("Europe/Brussels", TimeZones.Suggest(null));
        Assert.Contains("America/Argentina/Buenos_Aires", TimeZones.Suggest("buenos aires"));
        Assert.All(TimeZones.Suggest("tokyo"), id => Assert.NotNull(NodaTime.DateTimeZoneProviders.Tzdb.GetZoneOrNull(id)));
    }
}
