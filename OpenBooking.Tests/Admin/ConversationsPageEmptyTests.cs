using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using NodaTime;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Calendar;
using OpenBooking.Tools.Data;
using OpenBooking.Web.Admin;
using OpenBooking.Web.Admin.Conversations;

namespace OpenBooking.Tests.Admin;

/// <summary>The conversations page before anyone has chatted: its empty state says so, and a search says what found nothing.</summary>
public sealed class ConversationsPageEmptyTests : BunitContext, IAsyncLifetime
{
    private ToolsTestHost host = null!;

    public async Task InitializeAsync()
    {
        host = await ToolsTestHost.StartAsync();
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddSingleton(host.Get<IDbContextFactory<OpenBookingDbContext>>());
        Services.AddSingleton(host.Get<BookingService>());
        Services.AddSingleton<IClock>(host.Clock);
        Services.AddSingleton<AuditLog>();
        Services.AddSingleton<AdminBookings>();
        Services.AddSingleton<AdminConversations>();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await host.DisposeAsync();
    }

    [Fact]
    public void Render_NoConversations_SaysNoneYetThenNamesTheSearchThatFoundNothing()
    {
        var cut = Render<ConversationsPage>();

        cut.WaitForAssertion(() => Assert.Equal(
            "No conversations yet. They appear here as soon as someone opens the chat.", cut.Find("p.empty").TextContent.Trim()));

        cut.Find("input").Input("walrus");

        cut.WaitForAssertion(() => Assert.Equal("No conversation matches 'walrus'.", cut.Find("p.empty").TextContent.Trim()), TimeSpan.FromSeconds(5));
    }
}
