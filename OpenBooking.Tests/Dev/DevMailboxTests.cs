using System.Net;
using NodaTime.Testing;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using OpenBooking.Tests.EndToEnd;
using OpenBooking.Tools.Email;

namespace OpenBooking.Tests.Dev;

public sealed class DevMailboxTests
{
    private static readonly IClock Clock = new FakeClock(Instant.FromUtc(2026, 6, 10, 8, 0));

    [Fact]
    public async Task Get_OutsideDevelopment_Returns404()
    {
        await using var app = new OpenBookingAppFactory(Clock, "Production");
        using var client = app.CreateClient();

        var response = await client.GetAsync("/dev/mailbox");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Get_InDevelopment_ListsNewestEmailFirstWithRecipientSubjectAndBody()
    {
        await using var app = new OpenBookingAppFactory(Clock);
        using var client = app.CreateClient();
        var sender = app.Services.GetRequiredService<IEmailSender>();
        await sender.SendAsync(new EmailMessage("older@example.com", "First", "Body one"));
        await sender.SendAsync(new EmailMessage("john@example.com", "Your code: 739201", "Your code is 739201 <b>not bold</b>"));

        var html = await client.GetStringAsync("/dev/mailbox");

        Assert.True(html.IndexOf("john@example.com", StringComparison.Ordinal) < html.IndexOf("older@example.com", StringComparison.Ordinal));
        Assert.Contains("Your code: 739201", html);
        Assert.Contains("Your code is 739201 &lt;b&gt;not bold&lt;/b&gt;", html);
    }
}
