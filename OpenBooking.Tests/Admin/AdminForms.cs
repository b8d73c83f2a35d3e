using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Data.WebApp;

namespace OpenBooking.Tests.Admin;

/// <summary>Posts the dashboard's static forms (sign-in, setup) the way a browser does, antiforgery token included.</summary>
public static partial class AdminForms
{
    public const string Password = "correct horse battery staple";

    /// <summary>GETs a form page and POSTs its form with these fields plus the hidden ones (handler, antiforgery).</summary>
    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, string url, IDictionary<string, string> fields)
    {
        var page = await client.GetAsync(url);
        var html = await page.Content.ReadAsStringAsync();
        var form = new Dictionary<string, string>(fields);
        foreach (Match hidden in HiddenInput().Matches(html))
        {
            form.TryAdd(WebUtility.HtmlDecode(hidden.Groups["name"].Value), WebUtility.HtmlDecode(hidden.Groups["value"].Value));
        }
        return await client.PostAsync(url, new FormUrlEncodedContent(form));
    }

    public static Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password) =>
        SubmitAsync(client, "/admin/login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });

    /// <summary>The setup link the app logged at start (the newest one).</summary>
    public static string SetupLinkFrom(LogCapture logs) =>
        logs.Lines.Select(m => SetupLink().Match(m)).Last(m => m.Success).Value;

    /// <summary>Creates an admin directly (arrange), as the setup page or the Admins page would.</summary>
    public static async Task CreateAdminAsync(IServiceProvider services, string email, string password = Password)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AdminAccount>>();
        var result = await users.CreateAsync(new AdminAccount { Email = email, NormalizedEmail = "" }, password);
        Assert.True(result.Succeeded, string.Join(", ", result.Errors.Select(e => e.Description)));
    }

    [GeneratedRegex(@"<input[^>]*type=""hidden""[^>]*name=""(?<name>[^""]+)""[^>]*value=""(?<value>[^""]*)""")]
    private static partial Regex HiddenInput();

    [GeneratedRegex(@"/admin/setup\?token=[A-Za-z0-9_-]+")]
    private static partial Regex SetupLink();
}
