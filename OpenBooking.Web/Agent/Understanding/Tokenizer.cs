namespace OpenBooking.Web.Agent.Understanding;

internal enum TokenKind : byte
{
    Word,
    Number,
    Ordinal,
    Punct,
    Email,
}

/// <summary>
/// One token of a sentence. Words carry their canonical form in <see cref="Text"/> and the value of a
/// number word ("five", "forty-five") in <see cref="Value"/> (else -1). Numbers carry their digits in
/// <see cref="Text"/>, their value (-1 when too long) and digit count. Ordinals ("3rd", "third") carry
/// the value, and <see cref="Digits"/> is 0 when written in words.
/// </summary>
internal readonly record struct Token(TokenKind Kind, string Text, string Raw, int Value, int Digits, bool SpaceBefore)
{
    public bool LeadingZero => Kind == TokenKind.Number && Digits > 1 && Text[0] == '0';

    public char Char => Kind == TokenKind.Punct ? Text[0] : '\0';
}

/// <summary>
/// Splits a sentence into tokens by hand: letters and digits are split where they meet ("3pm" is 3 and
/// pm, "15h30" is 15, h and 30) unless the whole run is a known word ("2morrow"); apostrophes inside
/// words vanish ("what's" is whats); emails are kept whole; a thumbs-up is a yes.
/// </summary>
internal static class Tokenizer
{
    private const string Punctuation = ":./-?!,@~+&()[]#;=*\"–—";

    /// <summary>Splits <paramref name="text"/> into tokens, stopping after <paramref name="maxTokens"/> so that a huge input costs no more than a long sentence.</summary>
    public static List<Token> Tokenize(string text, int maxTokens = int.MaxValue)
    {
        var tokens = new List<Token>(Math.Min(text.Length / 3 + 4, maxTokens));
        var mayHaveEmail = text.Contains('@');
        var noEmailBefore = 0; // a failed scan rules out every start inside the same run of address characters
        var space = true;
        var i = 0;
        while (i < text.Length && tokens.Count < maxTokens)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                space = true;
                i++;
                continue;
            }

            if (mayHaveEmail && i >= noEmailBefore && IsEmailChar(c))
            {
                if (TryEmail(text, i, out var emailEnd))
                {
                    var email = text[i..emailEnd].ToLowerInvariant();
                    tokens.Add(new Token(TokenKind.Email, email, email, -1, 0, space));
                    space = false;
                    i = emailEnd;
                    continue;
                }
                noEmailBefore = emailEnd;
            }

            if (char.IsLetterOrDigit(c))
            {
                var end = i;
                while (end < text.Length && (char.IsLetterOrDigit(text[end])
                    || (IsApostrophe(text[end]) && end + 1 < text.Length && char.IsLetter(text[end + 1]))))
                {
                    end++;
                }
                AddRun(tokens, text, i, end, space);
                space = false;
                i = end;
                continue;
            }

            if (i + 1 < text.Length && char.IsSurrogatePair(c, text[i + 1]))
            {
                var codePoint = char.ConvertToUtf32(c, text[i + 1]);
                AddSymbol(tokens, codePoint, ref space);
                i += 2;
                continue;
            }

            if (Punctuation.Contains(c))
            {
                var p = c is '–' or '—' ? '-' : c;
                tokens.Add(new Token(TokenKind.Punct, PunctText(p), PunctText(p), -1, 0, space));
                space = false;
            }
            else
            {
                AddSymbol(tokens, c, ref space);
            }
            i++;
        }

        return Merge(tokens);
    }

    private static void AddSymbol(List<Token> tokens, int codePoint, ref bool space)
    {
        var word = codePoint switch
        {
            0x1F44D or 0x1F44C or 0x2705 or 0x2714 or 0x2611 or 0x1F197 => "yes",
            0x1F44E or 0x274C or 0x2716 or 0x1F6AB => "no",
            _ => null,
        };
        if (word is not null)
        {
            tokens.Add(new Token(TokenKind.Word, word, char.ConvertFromUtf32(codePoint), -1, 0, space));
            space = false;
        }
        else
        {
            // Other symbols and emoji separate words but carry no meaning here.
            space = true;
        }
    }

    private static string PunctText(char c) => c switch
    {
        ':' => ":",
        '.' => ".",
        '/' => "/",
        '-' => "-",
        '?' => "?",
        '!' => "!",
        ',' => ",",
        _ => c.ToString(),
    };

    private static bool IsApostrophe(char c) => c is '\'' or '’' or '‘' or '`' or 'ʼ';

    private static void AddRun(List<Token> tokens, string text, int start, int end, bool space)
    {
        var raw = Lower(text, start, end);
        if (raw == "wed" && end - start > 3)
        {
            // "we'd" lost its apostrophe; it is not Wednesday.
            tokens.Add(new Token(TokenKind.Word, "we'd", "we'd", -1, 0, space));
            return;
        }
        var hasDigit = false;
        var hasLetter = false;
        foreach (var c in raw)
        {
            if (c is >= '0' and <= '9')
            {
                hasDigit = true;
            }
            else
            {
                hasLetter = true;
            }
        }

        if (!hasDigit || (hasLetter && Lexicon.IsWholeWord(raw)))
        {
            tokens.Add(WordToken(raw, space));
            return;
        }

        // Split where digits and letters meet: "3pm", "15h30", "30mins", "3rd".
        var i = 0;
        while (i < raw.Length)
        {
            var digits = raw[i] is >= '0' and <= '9';
            var j = i + 1;
            while (j < raw.Length && (raw[j] is >= '0' and <= '9') == digits)
            {
                j++;
            }
            var part = raw[i..j];
            if (digits)
            {
                var next = j < raw.Length ? raw[j..Math.Min(raw.Length, j + 2)] : "";
                var afterSuffix = j + 2 >= raw.Length || raw[j + 2] is >= '0' and <= '9';
                if (next is "st" or "nd" or "rd" or "th" && afterSuffix && part.Length <= 2)
                {
                    tokens.Add(new Token(TokenKind.Ordinal, part, part + next, int.Parse(part), part.Length, space));
                    i = j + 2;
                    space = false;
                    continue;
                }
                tokens.Add(NumberToken(part, space));
            }
            else
            {
                tokens.Add(WordToken(part, space));
            }
            space = false;
            i = j;
        }
    }

    private static string Lower(string text, int start, int end)
    {
        Span<char> buffer = end - start <= 128 ? stackalloc char[end - start] : new char[end - start];
        var length = 0;
        for (var i = start; i < end; i++)
        {
            var c = text[i];
            if (!IsApostrophe(c))
            {
                buffer[length++] = char.ToLowerInvariant(c);
            }
        }
        return new string(buffer[..length]);
    }

    private static Token NumberToken(string digits, bool space)
    {
        var value = digits.Length <= 9 ? int.Parse(digits) : -1;
        return new Token(TokenKind.Number, digits, digits, value, digits.Length, space);
    }

    private static Token WordToken(string raw, bool space)
    {
        var ordinal = Lexicon.OrdinalWordValue(raw);
        if (ordinal > 0)
        {
            return new Token(TokenKind.Ordinal, raw, raw, ordinal, 0, space);
        }
        var text = Lexicon.Normalize(raw);
        return new Token(TokenKind.Word, text, raw, Lexicon.NumberWordValue(text), 0, space);
    }

    /// <summary>Joins tokens that belong together: "p.m.", "o clock", "twenty-five", "twenty first", "mid-day".</summary>
    private static List<Token> Merge(List<Token> tokens)
    {
        var merged = new List<Token>(tokens.Count);
        var i = 0;
        while (i < tokens.Count)
        {
            var t = tokens[i];
            var (token, consumed) = t.Kind == TokenKind.Word ? TryJoin(tokens, i) : (t, 1);
            merged.Add(token);
            i += consumed;
        }
        return merged;
    }

    private static (Token Token, int Consumed) TryJoin(List<Token> tokens, int i)
    {
        var t = tokens[i];

        // a.m. / p.m.
        if (t.Raw is "a" or "p" && i + 2 < tokens.Count && tokens[i + 1].Char == '.' && !tokens[i + 1].SpaceBefore
            && tokens[i + 2].Raw == "m" && !tokens[i + 2].SpaceBefore)
        {
            var consumed = i + 3 < tokens.Count && tokens[i + 3].Char == '.' && !tokens[i + 3].SpaceBefore ? 4 : 3;
            return (t with { Text = t.Raw == "a" ? "am" : "pm", Raw = t.Raw + "m" }, consumed);
        }

        var hyphen = i + 2 < tokens.Count && tokens[i + 1].Char == '-' && !tokens[i + 1].SpaceBefore && !tokens[i + 2].SpaceBefore;
        var nextIndex = hyphen ? i + 2 : i + 1;
        if (nextIndex >= tokens.Count)
        {
            return (t, 1);
        }
        var next = tokens[nextIndex];
        var joined = (t.Text, next.Raw) switch
        {
            ("o", "clock") => "oclock",
            ("mid", "day") => "midday",
            ("lunch", "time") => "lunchtime",
            ("re", "schedule") => "reschedule",
            ("re", "book") => "rebook",
            ("e", "mail") => "email",
            ("week", "end") => "weekend",
            ("to", "day") when hyphen => "today",
            ("to", "night") when hyphen => "tonight",
            ("to", "morrow") when hyphen => "tomorrow",
            _ => null,
        };
        if (joined is not null)
        {
            return (t with { Text = joined, Raw = t.Raw + next.Raw }, nextIndex - i + 1);
        }

        // twenty-five, forty five; twenty-first.
        if (t.Value is 20 or 30 or 40 or 50)
        {
            if (next.Kind == TokenKind.Word && next.Value is >= 1 and <= 9)
            {
                return (t with { Value = t.Value + next.Value, Raw = t.Raw + "-" + next.Raw }, nextIndex - i + 1);
            }
            if (next.Kind == TokenKind.Ordinal && next.Digits == 0 && next.Value is >= 1 and <= 9 && t.Value <= 30)
            {
                var text = t.Raw + "-" + next.Raw;
                return (new Token(TokenKind.Ordinal, text, text, t.Value + next.Value, 0, t.SpaceBefore), nextIndex - i + 1);
            }
        }
        return (t, 1);
    }

    // The apostrophe is allowed in the local part ("o'brien+test@example.com"), as RFC 5322 allows and people with such names type.
    private static bool IsEmailChar(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '_' or '%' or '+' or '-' or '\'';

    /// <summary>Reads an address like jane.doe+x@mail.example.com starting at <paramref name="start"/>.</summary>
    private static bool TryEmail(string text, int start, out int end)
    {
        end = start;
        var at = start;
        while (at < text.Length && IsEmailChar(text[at]))
        {
            at++;
        }
        if (text[start] == '\'')
        {
            // A quote before an address ('jane@example.com'): the address may start at the next character.
            end = start + 1;
            return false;
        }
        if (at == start || at >= text.Length || text[at] != '@' || text[start] == '.')
        {
            end = at;
            return false;
        }

        var domainEnd = at + 1;
        while (domainEnd < text.Length && (char.IsAsciiLetterOrDigit(text[domainEnd]) || text[domainEnd] is '.' or '-'))
        {
            domainEnd++;
        }
        while (domainEnd > at + 1 && text[domainEnd - 1] is '.' or '-')
        {
            domainEnd--;
        }

        var domain = text.AsSpan(at + 1, domainEnd - at - 1);
        var lastDot = domain.LastIndexOf('.');
        end = at;
        if (lastDot <= 0 || domain.Length - lastDot - 1 < 2)
        {
            return false;
        }
        foreach (var c in domain[(lastDot + 1)..])
        {
            if (!char.IsAsciiLetter(c))
            {
                return false;
            }
        }

        end = domainEnd;
        return true;
    }
}
