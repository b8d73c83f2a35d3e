using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;
using MudBlazor.Utilities;
using OpenBooking.Tools.Business;
using OpenBooking.Web.Components.Theme;

namespace OpenBooking.Web.Embed;

/// <summary>
/// The chat on the business's own website: <c>/embed.js</c> (the bubble a site adds with one script tag) opens
/// <c>/embed</c> (the chat without its header) in a frame. Only <c>/embed</c> may be framed, and only by the sites in
/// <c>Business:EmbedOrigins</c>; every other page refuses to be framed (clickjacking of the dashboard and the manage page).
/// </summary>
public static class EmbedEndpoints
{
    public const string ScriptPath = "/embed.js";
    public const string PagePath = "/embed";

    /// <summary>The bubble's code in wwwroot: a function of the business's settings, called by <see cref="ScriptPath"/>.</summary>
    private const string BubbleFile = "embed-bubble.js";

    /// <summary>
    /// A site fetches the script on every visit from a fixed address, so it cannot be fingerprinted: browsers keep it five
    /// minutes, and a new name or colour reaches the sites within that.
    /// </summary>
    public const string ScriptCacheControl = "public, max-age=300";

    /// <summary>The framing headers are written by <see cref="UseFramingPolicy"/> alone (antiforgery would add SAMEORIGIN to <c>/embed</c>).</summary>
    public static IServiceCollection AddFramingPolicy(this IServiceCollection services) =>
        services.Configure<AntiforgeryOptions>(options => options.SuppressXFrameOptionsHeader = true);

    /// <summary>
    /// <c>/embed</c> may be framed by this app and the sites in <c>Business:EmbedOrigins</c> (CSP <c>frame-ancestors</c>);
    /// every other response says <c>X-Frame-Options: SAMEORIGIN</c> and <c>frame-ancestors 'self'</c>.
    /// </summary>
    public static WebApplication UseFramingPolicy(this WebApplication app)
    {
        var business = app.Services.GetRequiredService<IOptionsMonitor<BusinessOptions>>();
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            if (IsEmbedPage(context.Request.Path))
            {
                headers.ContentSecurityPolicy = FrameAncestors(business.CurrentValue.EmbedOrigins);
            }
            else
            {
                headers.XFrameOptions = "SAMEORIGIN";
                headers.ContentSecurityPolicy = "frame-ancestors 'self'";
            }
            return next(context);
        });
        return app;
    }

    public static IEndpointRouteBuilder MapEmbedEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(ScriptPath, GetScript).ExcludeFromDescription();
        return app;
    }

    /// <summary>The <c>frame-ancestors</c> directive for <c>/embed</c>: this app, plus the configured sites.</summary>
    public static string FrameAncestors(IReadOnlyList<string> origins) =>
        origins.Contains("*") ? "frame-ancestors *" : string.Join(' ', ["frame-ancestors 'self'", .. origins]);

    private static bool IsEmbedPage(PathString path) =>
        path.Value is { } value && value.TrimEnd('/').Equals(PagePath, StringComparison.OrdinalIgnoreCase);

    /// <summary>The bubble with the business's name and colour; the script finds the app's address in its own src.</summary>
    private static IResult GetScript(HttpContext context, IWebHostEnvironment environment, IOptionsMonitor<BusinessOptions> business)
    {
        var file = environment.WebRootFileProvider.GetFileInfo(BubbleFile);
        if (!file.Exists)
        {
            throw new FileNotFoundException($"The chat bubble's script {BubbleFile} is missing from wwwroot.");
        }
        using var reader = new StreamReader(file.CreateReadStream(), Encoding.UTF8);
        var options = business.CurrentValue;
        var color = BusinessTheme.Primary(options);
        // JsonSerializer escapes <, > and quotes, so a business name cannot end the script or the string.
        var settings = JsonSerializer.Serialize(new { name = options.Name, color = color.ToString(MudColorOutputFormats.Hex), text = BusinessTheme.TextOn(color) });
        context.Response.Headers.CacheControl = ScriptCacheControl;
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.Text($"{reader.ReadToEnd().TrimEnd().TrimEnd(';')}({settings});\n", "text/javascript", Encoding.UTF8);
    }
}
