using System.Text;
using Microsoft.AspNetCore.Components.Rendering;
using MudBlazor;

namespace OpenBooking.Web.Components.Theme;

/// <summary>
/// The dark palette's CSS variables inside <c>&lt;style media="(prefers-color-scheme: dark)"&gt;</c>: light and dark
/// follow the system from the first paint, on static pages too (the manage page has no circuit), with no script and
/// no flash of the wrong mode.
/// </summary>
/// <remarks>Render it with <c>IsDarkMode="true"</c> and <c>ObserveSystemDarkModeChange="false"</c>.</remarks>
public sealed class DarkThemeStyles : MudThemeProvider
{
    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        var variables = new StringBuilder();
        GenerateTheme(variables);
        builder.OpenElement(0, "style");
        builder.AddAttribute(1, "media", "(prefers-color-scheme: dark)");
        builder.AddMarkupContent(2, $":root{{{variables}}}");
        builder.CloseElement();
    }
}
