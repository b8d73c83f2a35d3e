using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Email;

namespace OpenBooking.Tests.Dev;

public sealed class DevMailboxTests
{
    [Fact]
    public async Task Get_OutsideDevelopment_Returns404()
    {
        await using var app = new AppHost(environment: "Production");
        using var client = app.CreateClient();

        var response = await client.GetAsync("/dev/mailbox");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Get_InDevelopment_ListsNewestEmailFirstWithRecipientSubjectAndBody()
    {
        await using var app = new AppHost();
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
