using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Data;
using OpenBooking.Web.Admin;

namespace OpenBooking.Tests.Admin;

/// <summary>
/// The dashboard over HTTP: nothing under /admin without a sign-in, the first-run setup link works exactly once,
/// and repeated wrong passwords lock the account without telling whether the address exists.
/// </summary>
public sealed class AdminAccessTests : IDisposable
{
    private readonly AppHost app = new();

    public void Dispose() => app.Dispose();

    private HttpClient Client() => app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    [Theory]
    [InlineData("/admin")]
    [InlineData("/admin/bookings")]
    [InlineData("/admin/conversations")]
    [InlineData("/admin/conversations/3f2504e0-4f89-11d3-9a0c-0305e82c3301")]
    [InlineData("/admin/business")]
    [InlineData("/admin/integrations")]
    [InlineData("/admin/usage")]
    [InlineData("/admin/audit")]
    [InlineData("/admin/admins")]
    public async Task GetPage_NotSignedIn_RedirectsToLogin(string path)
    {
        var client = Client();
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/admin/login?ReturnUrl={Uri.EscapeDataString(path)}", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task GetStatusEndpoint_NotSignedIn_Returns401()
    {
        var response = await Client().GetAsync("/admin/api/status");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task PostLogout_NotSignedIn_Returns401()
    {
        var response = await Client().PostAsync("/admin/logout", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task GetStatusEndpoint_SignedIn_ReturnsHealthOfEveryIntegration()
    {
        await AdminForms.CreateAdminAsync(app.Services, "owner@example.com");
        var client = Client();
        await AdminForms.SignInAsync(client, "owner@example.com", AdminForms.Password);

        var status = await client.GetFromJsonAsync<AdminStatus>("/admin/api/status");

        Assert.NotNull(status);
        Assert.Equal(["calendar", "email", "agent", "zapier"], status.Integrations.Select(i => i.Integration));
        Assert.Equal("Built-in calendar", status.Integrations[0].Title);
        Assert.Equal("Pickup directory", status.Integrations[1].Title);
    }

    [Fact]
    public async Task SetupLink_UsedOnce_CreatesAdminThenIsRefused()
    {
        var client = Client();
        var link = AdminForms.SetupLinkFrom(app.Logs);
        var form = new Dictionary<string, string>
        {
            ["Input.Email"] = "owner@example.com",
            ["Input.Password"] = AdminForms.Password,
            ["Input.ConfirmPassword"] = AdminForms.Password,
        };

        var created = await AdminForms.SubmitAsync(client, link, form);

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal("/admin", RedirectPath(created));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin")).StatusCode);
        // Setting up signs the admin in: that is their first sign-in, and the next one shows it as the previous.
        Assert.Equal(app.Clock.GetCurrentInstant(), (await WithDbAsync(db => db.AdminAccounts.SingleAsync())).LastSignInAt);

        var again = Client();
        var reopened = await again.GetAsync(link);
        Assert.Equal(HttpStatusCode.NotFound, reopened.StatusCode);
        Assert.Contains("no longer valid", await reopened.Content.ReadAsStringAsync());
        var reused = await AdminForms.SubmitAsync(again, link, new Dictionary<string, string>(form) { ["Input.Email"] = "intruder@example.com" });
        Assert.NotEqual(HttpStatusCode.Redirect, reused.StatusCode);
        Assert.Equal(["owner@example.com"], await AdminEmailsAsync());
    }

    [Fact]
    public async Task SetupLink_WeakPassword_ExplainsAndKeepsTheLinkValid()
    {
        var client = Client();
        var link = AdminForms.SetupLinkFrom(app.Logs);

        var weak = await AdminForms.SubmitAsync(client, link, new Dictionary<string, string>
        {
            ["Input.Email"] = "owner@example.com",
            ["Input.Password"] = "aaaaaaaaaaaa",
            ["Input.ConfirmPassword"] = "aaaaaaaaaaaa",
        });

        Assert.Equal(HttpStatusCode.OK, weak.StatusCode);
        Assert.Contains("Password: Passwords must use at least 5 different characters.", await weak.Content.ReadAsStringAsync());
        Assert.Empty(await AdminEmailsAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(link)).StatusCode);
    }

    [Fact]
    public async Task SetupLink_WrongToken_IsRefused()
    {
        var response = await Client().GetAsync("/admin/setup?token=not-the-token");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task SignIn_RightPassword_OpensTheDashboard()
    {
        await AdminForms.CreateAdminAsync(app.Services, "owner@example.com");
        var client = Client();

        var response = await AdminForms.SignInAsync(client, "owner@example.com", AdminForms.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/admin", RedirectPath(response));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/bookings")).StatusCode);
    }

    [Fact]
    public async Task SignIn_ReturnUrlToAnotherSite_GoesToTheDashboardInstead()
    {
        await AdminForms.CreateAdminAsync(app.Services, "owner@example.com");
        var client = Client();

        var response = await AdminForms.SubmitAsync(client, "/admin/login?returnUrl=%2F%2Fevil.example.com",
            new Dictionary<string, string> { ["Input.Email"] = "owner@example.com", ["Input.Password"] = AdminForms.Password });

        Assert.Equal("/admin", RedirectPath(response));
    }

    [Fact]
    public async Task SignIn_UnknownEmailOrWrongPassword_SameGenericAnswer()
    {
        await AdminForms.CreateAdminAsync(app.Services, "owner@example.com");

        var unknown = await (await AdminForms.SignInAsync(Client(), "nobody@example.com", AdminForms.Password)).Content.ReadAsStringAsync();
        var wrong = await (await AdminForms.SignInAsync(Client(), "owner@example.com", "not the password")).Content.ReadAsStringAsync();

        Assert.Contains(System.Net.WebUtility.HtmlEncode(AdminAccounts.SignInFailedMessage), unknown);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(AdminAccounts.SignInFailedMessage), wrong);
    }

    [Fact]
    public async Task SignIn_FiveWrongPasswords_LocksEvenTheRightPasswordOut()
    {
        await AdminForms.CreateAdminAsync(app.Services, "owner@example.com");
        var client = Client();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await AdminForms.SignInAsync(client, "owner@example.com", $"wrong password {i}")).StatusCode);
        }

        var response = await AdminForms.SignInAsync(client, "owner@example.com", AdminForms.Password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(System.Net.WebUtility.HtmlEncode(AdminAccounts.SignInFailedMessage), html);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/admin")).StatusCode);
        var account = await WithDbAsync(db => db.AdminAccounts.SingleAsync());
        Assert.NotNull(account.LockoutEnd);
        // Identity times the lockout on the system clock: 15 minutes from the fifth failure, told in the business's zone.
        var until = account.LockoutEnd.Value.InZone(DateTimeZoneProviders.Tzdb["Europe/Brussels"]).TimeOfDay.ToString("HH:mm", null);
        Assert.Matches(
            $@"Sign-in to this account is paused after 5 failed attempts\. Try again at {until} \(in 1[45] minutes\)\.",
            System.Net.WebUtility.HtmlDecode(html));
    }

    [Fact]
    public async Task SignIn_FifthWrongPassword_SaysSignInIsPausedButAnUnknownAddressStaysGeneric()
    {
        await AdminForms.CreateAdminAsync(app.Services, "owner@example.com");
        var client = Client();
        for (var i = 0; i < 4; i++)
        {
            await AdminForms.SignInAsync(client, "owner@example.com", $"wrong password {i}");
        }

        var fifth = await (await AdminForms.SignInAsync(client, "owner@example.com", "wrong password 4")).Content.ReadAsStringAsync();
        var unknown = await (await AdminForms.SignInAsync(client, "nobody@example.com", "wrong password 5")).Content.ReadAsStringAsync();

        Assert.Contains("Sign-in to this account is paused after 5 failed attempts.", System.Net.WebUtility.HtmlDecode(fifth));
        Assert.Contains(System.Net.WebUtility.HtmlEncode(AdminAccounts.SignInFailedMessage), unknown);
        Assert.DoesNotContain("paused after", unknown);
    }

    [Theory]
    [InlineData(15.0, "Sign-in to this account is paused after 5 failed attempts. Try again at 10:15 (in 15 minutes).")]
    [InlineData(0.5, "Sign-in to this account is paused after 5 failed attempts. Try again at 10:00 (in 1 minute).")]
    [InlineData(14.2, "Sign-in to this account is paused after 5 failed attempts. Try again at 10:14 (in 15 minutes).")]
    public void PausedMessage_MinutesLeft_RoundsUpInTheBusinessZone(double minutesLeft, string expected)
    {
        var now = AppHost.Wednesday; // 10:00 in Brussels

        var message = AdminAccounts.PausedMessage(now + Duration.FromSeconds(minutesLeft * 60), now, DateTimeZoneProviders.Tzdb["Europe/Brussels"]);

        Assert.Equal(expected, message);
    }

    [Fact]
    public async Task SignIn_Twice_AdminsPageShowsThePreviousSignInInTheBusinessZone()
    {
        await AdminForms.CreateAdminAsync(app.Services, "owner@example.com");
        var first = Client();
        await AdminForms.SignInAsync(first, "owner@example.com", AdminForms.Password);
        Assert.Contains("This is your first sign-in", await first.GetStringAsync("/admin/admins"));

        app.Clock.Advance(Duration.FromHours(26));
        var second = Client();
        await AdminForms.SignInAsync(second, "owner@example.com", AdminForms.Password);

        var account = await WithDbAsync(db => db.AdminAccounts.SingleAsync());
        Assert.Equal(AppHost.Wednesday, account.PreviousSignInAt);
        Assert.Equal(AppHost.Wednesday + Duration.FromHours(26), account.LastSignInAt);
        var html = await second.GetStringAsync("/admin/admins");
        Assert.Contains($"Your previous sign-in: {AdminFormat.Moment(AppHost.Wednesday, DateTimeZoneProviders.Tzdb["Europe/Brussels"])}", System.Net.WebUtility.HtmlDecode(html));
    }

    [Fact]
    public async Task Logout_WithoutAntiforgeryToken_IsRefusedAndKeepsTheSession()
    {
        await AdminForms.CreateAdminAsync(app.Services, "owner@example.com");
        var client = Client();
        await AdminForms.SignInAsync(client, "owner@example.com", AdminForms.Password);

        var response = await client.PostAsync("/admin/logout", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin")).StatusCode);
    }

    private static string RedirectPath(HttpResponseMessage response) =>
        new Uri(new Uri("http://localhost"), response.Headers.Location!).PathAndQuery;

    private Task<List<string>> AdminEmailsAsync() => WithDbAsync(db => db.AdminAccounts.Select(a => a.Email).ToListAsync());

    private async Task<T> WithDbAsync<T>(Func<OpenBookingDbContext, Task<T>> work)
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<OpenBookingDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        return await work(db);
    }
}
