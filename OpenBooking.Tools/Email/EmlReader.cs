using System.Text;
using System.Text.RegularExpressions;

namespace OpenBooking.Tools.Email;

/// <summary>
/// A small reader for the .eml files System.Net.Mail writes: headers, the text/plain part, and
/// quoted-printable or base64 bodies. Enough for the development mailbox; not a general MIME parser.
/// </summary>
internal static partial class EmlReader
{
    public static ReceivedEmail Read(string eml, DateTime receivedUtc)
    {
        var (headers, body) = Split(eml);
        var subject = DecodeHeader(headers.GetValueOrDefault("subject", ""));
        var to = headers.GetValueOrDefault("to", "");
        var text = ExtractText(headers, body);
        return new ReceivedEmail(to, subject, text, receivedUtc);
    }

    private static string ExtractText(Dictionary<string, string> headers, string body)
    {
        var contentType = headers.GetValueOrDefault("content-type", "text/plain");
        var boundary = BoundaryRegex().Match(contentType);
        if (boundary.Success)
        {
            foreach (var part in body.Split("--" + boundary.Groups[1].Value))
            {
                var (partHeaders, partBody) = Split(part.TrimStart('\r', '\n'));
                var type = partHeaders.GetValueOrDefault("content-type", "");
                if (type.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase) || type.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
                {
                    var text = ExtractText(partHeaders, partBody);
                    if (text.Length > 0)
                    {
                        return text;
                    }
                }
            }
            return "";
        }
        return Decode(body, headers.GetValueOrDefault("content-transfer-encoding", "7bit")).Trim();
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

    [GeneratedRegex(@"=\?([^?]+)\?([BbQq])\?([^?]*)\?=")]
    private static partial Regex EncodedWordRegex();
}
