using System.Text.RegularExpressions;

namespace OpenBooking.Web.Chat;

/// <summary>A piece of a chat message as it is shown: plain text, a link, or a line break.</summary>
public abstract record MessagePart;

public sealed record TextPart(string Text) : MessagePart;

/// <summary>A link whose <see cref="Href"/> is known to be safe (http, https or a path on this site).</summary>
public sealed record LinkPart(string Text, string Href) : MessagePart
{
    /// <summary>Absolute links leave the chat, so they open in a new tab; paths on this site do not.</summary>
    public bool IsExternal => Href.StartsWith("http", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Text a model marked as important (<c>**like this**</c>), shown in bold.</summary>
public sealed record StrongPart(string Text) : MessagePart;

public sealed record LineBreakPart : MessagePart
{
    public static readonly LineBreakPart Instance = new();
}

/// <summary>
/// Splits a message into parts the chat renders as text, <c>&lt;strong&gt;</c>, <c>&lt;a&gt;</c> and <c>&lt;br&gt;</c>.
/// Only three things become links: markdown <c>[text](url)</c>, bare http(s) URLs and bare <c>/booking/...</c> paths,
/// and only with a safe target. The little Markdown chat models write anyway is tidied: <c>**bold**</c> is bold, a
/// <c>#</c> heading is a bold line, a <c>-</c> or <c>*</c> list item starts with a bullet. Everything else stays text,
/// so the component encodes it and no HTML from a message ever reaches the page.
/// </summary>
public static partial class MessageFormatter
{
    private const string TrailingPunctuation = ".,;:!?'\"";

    public static IReadOnlyList<MessagePart> Parse(string? text)
    {
        var parts = new List<MessagePart>();
        if (string.IsNullOrEmpty(text))
        {
            return parts;
        }
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0)
            {
                parts.Add(LineBreakPart.Instance);
            }
            ParseLine(lines[i], parts);
        }
        return parts;
    }

    /// <summary>An http(s) URL or a path on this site (not protocol-relative); anything else is refused.</summary>
    public static bool IsSafeHref(string href)
    {
        if (href.StartsWith('/'))
        {
            return href.Length == 1 || (href[1] != '/' && href[1] != '\\');
        }
        return Uri.TryCreate(href, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
    }

    private static void ParseLine(string line, List<MessagePart> parts)
    {
        if (Heading().Match(line) is { Success: true } heading)
        {
            parts.Add(new StrongPart(heading.Groups["text"].Value));
            return;
        }
        line = ListItem().Replace(line, "• ", 1);
        var position = 0;
        foreach (Match match in LinkRegex().Matches(line))
        {
            string label, href, consumed;
            if (match.Groups["label"].Success)
            {
                label = match.Groups["label"].Value;
                href = match.Groups["href"].Value;
                consumed = match.Value;
            }
            else
            {
                consumed = TrimTrailing(match.Value);
                label = href = consumed;
            }
            if (!IsSafeHref(href))
            {
                continue;
            }
            AddText(parts, line[position..match.Index]);
            parts.Add(new LinkPart(label, href));
            position = match.Index + consumed.Length;
        }
        AddText(parts, line[position..]);
    }

    /// <summary>A URL at the end of a sentence does not own the full stop, nor a closing bracket it never opened.</summary>
    private static string TrimTrailing(string url)
    {
        while (url.Length > 0)
        {
            var last = url[^1];
            if (TrailingPunctuation.Contains(last) || (last == ')' && url.Count(c => c == '(') < url.Count(c => c == ')')))
            {
                url = url[..^1];
                continue;
            }
            break;
        }
        return url;
    }

    private static void AddText(List<MessagePart> parts, string text)
    {
        var position = 0;
        foreach (Match bold in Bold().Matches(text))
        {
            AddPlain(parts, text[position..bold.Index]);
            parts.Add(new StrongPart(bold.Groups["text"].Value));
            position = bold.Index + bold.Length;
        }
        AddPlain(parts, text[position..]);
    }

    private static void AddPlain(List<MessagePart> parts, string text)
    {
        if (text.Length == 0)
        {
            return;
        }
        if (parts.Count > 0 && parts[^1] is TextPart previous)
        {
            parts[^1] = new TextPart(previous.Text + text);
            return;
        }
        parts.Add(new TextPart(text));
    }

    [GeneratedRegex(@"\*\*(?<text>[^*\n]+?)\*\*")]
    private static partial Regex Bold();

    [GeneratedRegex(@"^\s{0,3}#{1,6}\s+(?<text>.+?)\s*#*\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^\s*[-*]\s+")]
    private static partial Regex ListItem();

    [GeneratedRegex(@"\[(?<label>[^\[\]\n]+)\]\((?<href>[^()\s]+)\)|https?://[^\s<>""\[\]]+|(?<=^|[\s(])/booking/[A-Za-z0-9_\-]+(?:/ics)?")]
    private static partial Regex LinkRegex();
}
