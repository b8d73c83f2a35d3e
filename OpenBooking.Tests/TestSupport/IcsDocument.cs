using System.Text;

namespace OpenBooking.Tests.TestSupport;

/// <summary>One content line of a calendar file: <c>NAME;PARAM=value:VALUE</c>.</summary>
public sealed record IcsProperty(string Name, IReadOnlyDictionary<string, string> Parameters, string Value)
{
    /// <summary>The value with RFC 5545 TEXT escapes undone.</summary>
    public string Text
    {
        get
        {
            var text = new StringBuilder();
            for (var i = 0; i < Value.Length; i++)
            {
                if (Value[i] == '\\' && i + 1 < Value.Length)
                {
                    i++;
                    text.Append(Value[i] is 'n' or 'N' ? '\n' : Value[i]);
                }
                else
                {
                    text.Append(Value[i]);
                }
            }
            return text.ToString();
        }
    }
}

/// <summary>A component (VCALENDAR, VTIMEZONE, STANDARD, VEVENT...) with its properties and children, in order.</summary>
public sealed class IcsComponent(string name)
{
    public string Name { get; } = name;
    public List<IcsProperty> Properties { get; } = [];
    public List<IcsComponent> Components { get; } = [];

    public IcsProperty Property(string name) => Assert.Single(Properties, p => p.Name == name);

    public string Value(string name) => Property(name).Value;

    public IcsComponent Component(string name) => Assert.Single(Components, c => c.Name == name);
}

/// <summary>
/// Reads a calendar file back the way a calendar app does: checks CRLF line ends and the 75-octet limit,
/// unfolds continuation lines, and builds the component tree.
/// </summary>
public static class IcsDocument
{
    public static IcsComponent Parse(string text)
    {
        Assert.EndsWith("\r\n", text);
        Assert.DoesNotContain("\n", text.Replace("\r\n", "", StringComparison.Ordinal));
        var physical = text[..^2].Split("\r\n");
        Assert.All(physical, line => Assert.True(Encoding.UTF8.GetByteCount(line) <= 75, $"longer than 75 octets: {line}"));

        var logical = new List<string>();
        foreach (var line in physical)
        {
            if (line.StartsWith(' ') || line.StartsWith('\t'))
            {
                logical[^1] += line[1..];
            }
            else
            {
                logical.Add(line);
            }
        }

        var stack = new Stack<IcsComponent>();
        IcsComponent? root = null;
        foreach (var line in logical)
        {
            var property = ParseLine(line);
            if (property.Name == "BEGIN")
            {
                var component = new IcsComponent(property.Value);
                if (stack.Count > 0)
                {
                    stack.Peek().Components.Add(component);
                }
                root ??= component;
                stack.Push(component);
            }
            else if (property.Name == "END")
            {
                Assert.Equal(stack.Pop().Name, property.Value);
            }
            else
            {
                stack.Peek().Properties.Add(property);
            }
        }
        Assert.Empty(stack);
        return Assert.IsType<IcsComponent>(root);
    }

    private static IcsProperty ParseLine(string line)
    {
        var quoted = false;
        var colon = -1;
        for (var i = 0; i < line.Length && colon < 0; i++)
        {
            if (line[i] == '"')
            {
                quoted = !quoted;
            }
            else if (line[i] == ':' && !quoted)
            {
                colon = i;
            }
        }
        Assert.True(colon > 0, $"no value in: {line}");
        var head = SplitOutsideQuotes(line[..colon], ';');
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in head.Skip(1))
        {
            var equals = parameter.IndexOf('=');
            parameters[parameter[..equals]] = parameter[(equals + 1)..].Trim('"');
        }
        return new IcsProperty(head[0], parameters, line[(colon + 1)..]);
    }

    private static List<string> SplitOutsideQuotes(string text, char separator)
    {
        var parts = new List<string>();
        var quoted = false;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '"')
            {
                quoted = !quoted;
            }
            else if (text[i] == separator && !quoted)
            {
                parts.Add(text[start..i]);
                start = i + 1;
            }
        }
        parts.Add(text[start..]);
        return parts;
    }
}
