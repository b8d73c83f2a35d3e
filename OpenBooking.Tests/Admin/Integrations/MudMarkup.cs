using AngleSharp.Dom;
using Bunit;

namespace OpenBooking.Tests.Admin;

/// <summary>Finds MudBlazor fields in bUnit markup the way a person reads them: by their label.</summary>
public static class MudMarkup
{
    /// <summary>The input a &lt;label for&gt; with exactly this text names, or the one whose aria-label is this text.</summary>
    public static IElement InputLabelled<T>(this IRenderedComponent<T> cut, string label) where T : Microsoft.AspNetCore.Components.IComponent =>
        InputLabelled(cut.Nodes, label);

    private static IElement InputLabelled(INodeList nodes, string label)
    {
        var labelled = nodes.QuerySelectorAll($"input[aria-label='{label}']").ToList();
        if (labelled.Count > 0)
        {
            return Assert.Single(labelled);
        }
        var tag = Assert.Single(nodes.QuerySelectorAll("label"), l => l.TextContent.Trim() == label);
        return nodes.QuerySelector($"#{tag.GetAttribute("for")}") ?? throw new InvalidOperationException($"No input for the label '{label}'.");
    }
}
