using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components.Web;

namespace OpenBooking.Web.Admin;

/// <summary>
/// The dashboard is interactive as a whole (one circuit while moving between its pages, so the layout's menu and
/// dialogs work everywhere); pages marked <c>[ExcludeFromInteractiveRouting]</c> (sign-in, setup) stay static
/// forms because only a plain HTTP request can set the auth cookie. Every other page chooses its own mode.
/// </summary>
public static class AdminRenderMode
{
    public static IComponentRenderMode? For(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/admin") && context.AcceptsInteractiveRouting()
            ? RenderMode.InteractiveServer
            : null;
}
