using Bunit;
using MudBlazor.Services;
using OpenBooking.Tools.Health;
using OpenBooking.Web.Admin.Integrations;

namespace OpenBooking.Tests.Admin;

/// <summary>A state is said in words and an icon as well as a colour, so that it never rests on colour alone.</summary>
/// <remarks>MudBlazor's services are async-disposable only, so the context is disposed through <see cref="IAsyncLifetime"/>.</remarks>
public sealed class StatusChipTests : BunitContext, IAsyncLifetime
{
    public StatusChipTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => base.DisposeAsync().AsTask();

    [Theory]
    [InlineData(IntegrationState.Ok, "Working", "ok", "mud-chip-color-success")]
    [InlineData(IntegrationState.NotConfigured, "Built-in", "notconfigured", "mud-chip-color-info")]
    [InlineData(IntegrationState.Error, "Needs attention", "error", "mud-chip-color-error")]
    public void Render_State_ShowsTheWordsAnIconAndTheStatesColour(IntegrationState state, string text, string stateClass, string colourClass)
    {
        var cut = Render<StatusChip>(p => p.Add(c => c.State, state).Add(c => c.Text, text));

        Assert.Equal(text, cut.Find(".mud-chip-content").TextContent.Trim());
        Assert.NotNull(cut.Find(".mud-chip svg"));
        Assert.Contains(stateClass, cut.Find(".status-chip").ClassList);
        Assert.Contains(colourClass, cut.Find(".mud-chip").ClassList);
    }
}
