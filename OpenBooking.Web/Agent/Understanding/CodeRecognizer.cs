using NodaTime;

namespace OpenBooking.Web.Agent.Understanding;

/// <summary>Finds one-time codes (six digits) and sets phone numbers aside so that none of their digit groups is read as a time.</summary>
internal sealed class CodeRecognizer(ParseContext context) : TokenReader(context), IRecognizer
{
    /// <summary>
    /// A code is six digits written 739201, 739 201, 739-201 or 73 92 01. Longer runs of digit groups
    /// (phone numbers) are set aside so that none of their groups is read as a time.
    /// </summary>
    public void Recognize()
    {
        Span<int> groups = stackalloc int[8];
        for (var i = 0; i < Length; i++)
        {
            if (Tokens[i].Kind != TokenKind.Number || Context.Used[i])
            {
                continue;
            }

            var count = 0;
            var total = 0;
            var spaces = 0;
            var dashes = 0;
            var others = 0;
            var end = i;
            var j = i;
            while (true)
            {
                if (count < groups.Length)
                {
                    groups[count] = Tokens[j].Digits;
                }
                count++;
                total += Tokens[j].Digits;
                end = j + 1;
                if (j + 1 < Length && Tokens[j + 1].Kind == TokenKind.Number && Tokens[j + 1].SpaceBefore && !StartsClockTime(j + 1))
                {
                    spaces++;
                    j++;
                }
                else if (j + 2 < Length && Tokens[j + 1].Kind == TokenKind.Punct && Tokens[j + 1].Char is '-' or '.' or '/'
                    && Tokens[j + 2].Kind == TokenKind.Number && Tokens[j + 1].SpaceBefore == Tokens[j + 2].SpaceBefore)
                {
                    if (Tokens[j + 1].Char == '-')
                    {
                        dashes++;
                    }
                    else
                    {
                        others++;
                    }
                    j += 2;
                }
                else
                {
                    break;
                }
            }

            var plus = IsPunct(i - 1, '+');
            var isCode = total == 6 && !plus && others == 0 && (
                count == 1
                || (count == 2 && groups[0] == 3 && groups[1] == 3)
                || (count == 3 && dashes == 0 && groups[0] == 2 && groups[1] == 2 && groups[2] == 2));
            if (isCode)
            {
                if (Mentions.Code is null)
                {
                    var digits = new System.Text.StringBuilder(6);
                    for (var k = i; k < end; k++)
                    {
                        if (Tokens[k].Kind == TokenKind.Number)
                        {
                            digits.Append(Tokens[k].Text);
                        }
                    }
                    Mentions.Add(new CodeMention(digits.ToString(), i, end));
                }
                Use(plus ? i - 1 : i, end);
            }
            else if (plus || (count == 1 && total >= 7) || (total >= 7 && spaces > 0) || (total >= 9 && others == 0))
            {
                Use(plus ? i - 1 : i, end);
            }
            i = end - 1;
        }
    }

    /// <summary>"09:00" after "2026-04-15 " or "30.03.2026 " is a clock time, not more digits of a phone number.</summary>
    private bool StartsClockTime(int j) => IsPunct(j + 1, ':') && Tight(j + 1) && (uint)(j + 2) < (uint)Length && Tokens[j + 2].Kind == TokenKind.Number && Tight(j + 2);
}
