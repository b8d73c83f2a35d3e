using System.Text;
using System.Text.RegularExpressions;

namespace OpenBooking.Tools.Email;

/// <summary>
/// A small reader for the .eml files System.Net.Mail writes: headers, the text/plain, text/html and text/calendar
/// parts, attachment names, and quoted-printable or base64 bodies. Enough for the development mailbox and tests;
/// not a general MIME parser.
/// </summary>
internal static partial class EmlReader
{
    public static ReceivedEmail Read(string eml, DateTime receivedUtc)
    {
        var (headers, body) = Split(eml);
        var subject = DecodeHeader(headers.GetValueOrDefault("subject", ""));
        var to = headers.GetValueOrDefault("to", "");
        var parts = new Parts();
        Walk(headers, body, parts);
        return new ReceivedEmail(to, subject, parts.Text ?? "", receivedUtc)
        {
            HtmlBody = parts.Html,
            AttachmentNames = parts.AttachmentNames,
            CalendarText = parts.Calendar,
        };
    }

    private sealed class Parts
    {
        public string? Text { get; set; }
        public string? Html { get; set; }
        public string? Calendar { get; set; }
        public List<string> AttachmentNames { get; } = [];
    }

    /// <summary>Depth first through multipart bodies: the first text, HTML and calendar parts, and every attachment's name.</summary>
    private static void Walk(Dictionary<string, string> headers, string body, Parts parts)
    {
        var contentType = headers.GetValueOrDefault("content-type", "text/plain");
        var boundary = BoundaryRegex().Match(contentType);
        if (contentType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) && boundary.Success)
        {
            var delimiter = "--" + boundary.Groups[1].Value;
            var sections = body.Split(delimiter);
            // Skip the preamble before the first delimiter and the epilogue after the closing one ("--...--").
            foreach (var part in sections.Skip(1).Where(p => !p.StartsWith("--", StringComparison.Ordinal)))
            {
                var (partHeaders, partBody) = Split(part.TrimStart('\r', '\n'));
                Walk(partHeaders, partBody, parts);
            }
            return;
        }

        var disposition = headers.GetValueOrDefault("content-disposition", "");
        var fileName = ParameterRegex("filename").Match(disposition) is { Success: true } f ? f.Groups[1].Value
            : ParameterRegex("name").Match(contentType) is { Success: true } n ? n.Groups[1].Value
            : null;
        var isAttachment = disposition.StartsWith("attachment", StringComparison.OrdinalIgnoreCase) || fileName is not null;
        if (isAttachment)
        {
            parts.AttachmentNames.Add(DecodeHeader(fileName ?? "attachment"));
        }
        var encoding = headers.GetValueOrDefault("content-transfer-encoding", "7bit");
        if (contentType.StartsWith("text/calendar", StringComparison.OrdinalIgnoreCase))
        {
            parts.Calendar ??= Decode(body, encoding).Replace("\r\n", "\n").Replace("\n", "\r\n");
        }
        else if (isAttachment)
        {
            return;
        }
        else if (contentType.StartsWith("text/html", StringComparison.OrdinalIgnoreCase))
        {
            parts.Html ??= Decode(body, encoding).Trim();
        }
        else if (contentType.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase) && parts.Text is null)
        {
            var text = Decode(body, encoding).Trim();
            parts.Text = text.Length > 0 ? text : null;
        }
    }

    private static (Dictionary<string, string> Headers, string Body) Split(string text)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var normalized = text.Replace("\r\n", "\n");
        var end = normalized.IndexOf("\n\n", StringComparison.Ordinal);
        var head = end < 0 ? normalized : normalized[..end];
        var body = end < 0 ? "" : normalized[(end + 2)..];
        string? last = null;
        foreach (var line in head.Split('\n'))
        {
            if (line.Length > 0 && char.IsWhiteSpace(line[0]) && last is not null)
            {
                headers[last] += " " + line.Trim();
            }
            else if (line.IndexOf(':') is > 0 and var colon)
            {
                last = line[..colon].Trim();
                headers[last] = line[(colon + 1)..].Trim();
            }
        }
        return (headers, body);
    }

    private static string Decode(string body, string encoding) => encoding.Trim().ToLowerInvariant() switch
    {
        "base64" => Encoding.UTF8.GetString(Convert.FromBase64String(string.Concat(body.Where(c => !char.IsWhiteSpace(c))))),
        "quoted-printable" => DecodeQuotedPrintable(body),
        _ => body,
    };

    private static string DecodeQuotedPrintable(string body)
    {
        var bytes = new List<byte>(body.Length);
        var joined = body.Replace("=\n", "");
        for (var i = 0; i < joined.Length; i++)
        {
            if (joined[i] == '=' && i + 2 < joined.Length && Uri.IsHexDigit(joined[i + 1]) && Uri.IsHexDigit(joined[i + 2]))
            {
                bytes.Add(Convert.ToByte(joined.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(joined[i].ToString()));
            }
        }
        return Encoding.UTF8.GetString([.. bytes]);
    }

    private static string DecodeHeader(string value) => EncodedWordRegex().Replace(value, m =>
        m.Groups[2].Value.Equals("B", StringComparison.OrdinalIgnoreCase)
            ? Encoding.UTF8.GetString(Convert.FromBase64String(m.Groups[3].Value))
            : DecodeQuotedPrintable(m.Groups[3].Value.Replace('_', ' '))).Replace("?= =?", "");

    [GeneratedRegex("boundary=\"?([^\";]+)\"?", RegexOptions.IgnoreCase)]
    private static partial Regex BoundaryRegex();

    private static Regex ParameterRegex(string name) => name == "filename" ? FileNameParameterRegex() : NameParameterRegex();

    [GeneratedRegex("(?:^|;)\\s*filename=\"?([^\";]+)\"?", RegexOptions.IgnoreCase)]
    private static partial Regex FileNameParameterRegex();

    [GeneratedRegex("(?:^|;)\\s*name=\"?([^\";]+)\"?", RegexOptions.IgnoreCase)]
    private static partial Regex NameParameterRegex();

    [GeneratedRegex(@"=\?([^?]+)\?([BbQq])\?([^?]*)\?=")]
    private static partial Regex EncodedWordRegex();
}
