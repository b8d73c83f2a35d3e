namespace OpenBooking.Web.Agent.Understanding;

/// <summary>The words of a sentence as the intent and choice recognizers read them: numbers as "#", ordinals as "#th", an email as "@", and which were read as a date or time.</summary>
internal sealed class SentenceWords
{
    public SentenceWords(Token[] tokens, bool[] used)
    {
        _words = new List<string>(tokens.Length);
        _wordUsed = new List<bool>(tokens.Length);
        for (var i = 0; i < tokens.Length; i++)
        {
            var t = tokens[i];
            var word = t.Kind switch
            {
                TokenKind.Word => t.Text,
                TokenKind.Ordinal => t.Digits > 0 ? "#th" : t.Text,
                TokenKind.Number => "#",
                TokenKind.Email => "@",
                _ => null,
            };
            if (word is not null)
            {
                _words.Add(word);
                _wordUsed.Add(used[i]);
                _tokenAt.Add(i);
            }
        }
        _bag = new HashSet<string>(_words, StringComparer.Ordinal);
    }

    /// <summary>The words in order.</summary>
    public IReadOnlyList<string> List => _words;

    public int Count => _words.Count;

    public string this[int index] => _words[index];

    private readonly List<int> _tokenAt = [];
    private readonly List<string> _words;
    private readonly List<bool> _wordUsed;
    private readonly HashSet<string> _bag;

    public bool Has(string w) => _bag.Contains(w);

    public bool HasAny(HashSet<string> set)
    {
        foreach (var w in _words)
        {
            if (set.Contains(w))
            {
                return true;
            }
        }
        return false;
    }

    public bool Seq(params ReadOnlySpan<string> phrase) => Find(phrase) >= 0;

    /// <summary>The token where the words <paramref name="phrase"/> start, one after the other; -1 when they are not said.</summary>
    public int Find(params ReadOnlySpan<string> phrase)
    {
        if (!_bag.Contains(phrase[0]))
        {
            return -1;
        }
        for (var i = 0; i + phrase.Length <= _words.Count; i++)
        {
            var match = true;
            for (var k = 0; k < phrase.Length && match; k++)
            {
                match = _words[i + k] == phrase[k];
            }
            if (match)
            {
                return _tokenAt[i];
            }
        }
        return -1;
    }

    /// <summary>The token of the first of <paramref name="words"/> said; -1 when none is.</summary>
    public int FindAny(HashSet<string> words)
    {
        for (var i = 0; i < _words.Count; i++)
        {
            if (words.Contains(_words[i]))
            {
                return _tokenAt[i];
            }
        }
        return -1;
    }

    /// <summary>Every word not read as a date or time is in <paramref name="vocabulary"/>, and one is in <paramref name="strong"/>.</summary>
    public bool Covers(HashSet<string> strong, HashSet<string> vocabulary)
    {
        var sawStrong = false;
        var sawAny = false;
        for (var i = 0; i < _words.Count; i++)
        {
            if (_wordUsed[i] && _words[i] is not ("no" or "not"))
            {
                continue;
            }
            var w = _words[i];
            sawAny = true;
            if (strong.Contains(w))
            {
                sawStrong = true;
            }
            else if (!vocabulary.Contains(w))
            {
                return false;
            }
        }
        return sawAny && sawStrong;
    }
}
