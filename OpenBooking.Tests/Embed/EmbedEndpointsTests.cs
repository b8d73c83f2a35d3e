using System.Net;
using Microsoft.Extensions.Options;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Business;
using OpenBooking.Web.Embed;

namespace OpenBooking.Tests.Embed;

/// <summary>
/// /embed.js is the bubble with the business's name; /embed may be framed by the sites in Business:EmbedOrigins only,
/// and every other page refuses to be framed.
/// </summary>
public sealed class EmbedEndpointsTests : IDisposable
{
    private readonly AppHost app = new AppHost()
        .WithSetting("Business:Name", "Studio <Noord>")
        .WithSetting("Business:PrimaryColor", "#FFD43B")
        .WithSetting("Business:EmbedOrigins:0", "https://www.studio-noord.example")
        .WithSetting("Business:EmbedOrigins:1", "https://*.studio-noord.example");

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task GetEmbedScript_ServedAsJavaScriptCachedFiveMinutesWithTheBusinessSettings()
    {
        var response = await app.CreateClient().GetAsync("/embed.js");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal("public, max-age=300", response.Headers.CacheControl?.ToString());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        var script = await response.Content.ReadAsStringAsync();
        Assert.Contains("document.currentScript", script);
        // The name is a JSON string with < and > escaped: it cannot close the script or break out of the string.
        Assert.Contains(@"""name"":""Studio \u003CNoord\u003E""", script);
        Assert.DoesNotContain("<Noord>", script);
        // A yellow brand colour gets dark text on the bubble.
        Assert.Contains(@"""color"":""#ffd43b""", script, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(@"""text"":""#0B1020""", script);
        Assert.EndsWith("});\n", script);
    }

    [Fact]
    public async Task GetEmbedPage_FrameAncestorsFromSettingsAndNoXFrameOptions()
    {
        var response = await app.CreateClient().GetAsync("/embed");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            "frame-ancestors 'self' https://www.studio-noord.example https://*.studio-noord.example",
            response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.False(response.Headers.Contains("X-Frame-Options"));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("role=\"log\"", html);
        Assert.DoesNotContain("class=\"chat-header", html);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/admin/login")]
    [InlineData("/booking/unknown-link")]
    [InlineData("/healthz")]
    [InlineData("/embed.js")]
    public async Task GetOtherAddress_RefusesToBeFramedBySites(string path)
    {
        var response = await app.CreateClient().GetAsync(path);

        Assert.Equal("SAMEORIGIN", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("frame-ancestors 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Theory]
    [InlineData(new string[0], "frame-ancestors 'self'")]
    [InlineData(new[] { "*" }, "frame-ancestors *")]
    [InlineData(new[] { "https://a.example", "http://localhost:5173" }, "frame-ancestors 'self' https://a.example http://localhost:5173")]
    public void FrameAncestors_Origins_Directive(string[] origins, string expected) =>
        Assert.Equal(expected, EmbedEndpoints.FrameAncestors(origins));

    [Theory]
    [InlineData("https://www.example.com/shop")]
    [InlineData("www.example.com")]
    [InlineData("'self'; script-src *")]
    public void Validate_EmbedOriginNotAnOrigin_NamesTheSetting(string origin)
    {
        var options = new BusinessOptions { EmbedOrigins = ["https://ok.example", origin] };

        var results = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).ToList();

        var result = Assert.Single(results);
        Assert.StartsWith($"Business:EmbedOrigins:1 '{origin}' is not an origin", result.ErrorMessage);
    }

    [Fact]
    public async Task Start_EmbedOriginWithAPath_StopsTheAppNamingTheSetting()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            ToolsTestHost.StartAsync(settings: new Dictionary<string, string?> { ["Business:EmbedOrigins:0"] = "https://shop.example/page" }));

        Assert.Contains("Business:EmbedOrigins:0 'https://shop.example/page' is not an origin", error.Message);
    }
}
