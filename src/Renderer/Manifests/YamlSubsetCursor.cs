using System.Buffers;

namespace GitGateway.Renderer.Manifests;

/// <summary>
/// The position of <see cref="YamlSubsetReader"/> in one file's UTF-8 bytes, with the line and column YamlDotNet gives
/// a node (1-based, counted in characters), and the reading of what fits on one line: plain and quoted scalars and
/// flow collections. Every method answers null (or false) for anything outside the subset, never guessing.
/// The bytes are printable ASCII and line feeds (<see cref="YamlSubsetReader"/> checks the whole file first), so a
/// byte is a character and a column is a byte count: the file is never decoded to text, and only the strings of keys
/// and values are made. The positions are indexes into <paramref name="text"/>, from <paramref name="start"/> (the
/// first byte after a byte order mark) to <paramref name="end"/>.
/// </summary>
internal sealed class YamlSubsetCursor(string file, byte[] text, int start, int end)
{
    private const string Indicators = "-?:,[]{}#&*!|>'\"%@`";
    private const int MaxFlowKeys = 16;
    private static readonly SearchValues<byte> DoubleQuotedEnd = SearchValues.Create("\"\\\n"u8);
    private static readonly SearchValues<byte> SingleQuotedEnd = SearchValues.Create("'\n"u8);

    /// <summary>Lists to collect a mapping's entries in (<see cref="YamlScratch{T}"/>).</summary>
    public YamlScratch<KeyValuePair<YamlKey, YamlNode>> Entries { get; } = YamlScratch<KeyValuePair<YamlKey, YamlNode>>.ForThread;

    /// <summary>Lists to collect a sequence's items in.</summary>
    public YamlScratch<YamlNode> Items { get; } = YamlScratch<YamlNode>.ForThread;

    /// <summary>The index of the next character.</summary>
    public int Pos { get; private set; } = start;

    /// <summary>The index where the current line starts.</summary>
    public int LineStart { get; private set; } = start;

    /// <summary>The current line, 1-based.</summary>
    public int Line { get; private set; } = 1;

    /// <summary>Nodes made so far in the current document.</summary>
    public int Nodes { get; set; }

    /// <summary>Whether the text is read to its end.</summary>
    public bool AtEnd => Pos >= end;

    /// <summary>Spaces before the current position on its line (at a line's content, its indentation).</summary>
    public int Indent => Pos - LineStart;

    /// <summary>The character <paramref name="ahead"/> places on; the end of the text reads as a line break.</summary>
    public char Peek(int ahead = 0) => Pos + ahead < end ? (char)text[Pos + ahead] : '\n';

    /// <summary>The file read.</summary>
    public string File => file;

    /// <summary>Where the current position is: its line and 1-based column.</summary>
    public (int Line, int Column) Place() => (Line, Pos - LineStart + 1);

    /// <summary>Moves past <paramref name="count"/> characters of the current line.</summary>
    public void Skip(int count = 1) => Pos += count;

    /// <summary>Moves past spaces.</summary>
    public void SkipSpaces()
    {
        while (Pos < end && text[Pos] == ' ')
        {
            Pos++;
        }
    }

    /// <summary>A block sequence entry starts here: a dash followed by a space or the end of the line.</summary>
    public bool AtEntry => Peek() == '-' && Peek(1) is ' ' or '\n';

    /// <summary>A document marker line (<c>---</c>) starts here.</summary>
    public bool AtDocumentStart => Indent == 0 && Peek() == '-' && Peek(1) == '-' && Peek(2) == '-' && Peek(3) is ' ' or '\n';

    /// <summary>
    /// Past the rest of the line, which may hold only spaces and a comment (a <c>#</c> after a space or at the
    /// line's start), then to the first character of the next line holding more than spaces and a comment.
    /// False when the rest of the line holds anything else.
    /// </summary>
    public bool EndLine()
    {
        SkipSpaces();
        if (Peek() == '#' && (Pos == LineStart || text[Pos - 1] == ' '))
        {
            Pos = LineEnd(Pos);
        }

        if (Peek() != '\n')
        {
            return false;
        }

        while (Pos < end)
        {
            LineStart = ++Pos;
            Line++;
            SkipSpaces();
            if (Peek() is not '\n' and not '#')
            {
                return true;
            }

            Pos = LineEnd(Pos);
        }

        return true;
    }

    // The index of the line feed ending the line that holds from, or the end.
    private int LineEnd(int from) => text.AsSpan(from, end - from).IndexOf((byte)'\n') is var at and >= 0 ? from + at : end;

    /// <summary>
    /// The length of a mapping key written here (letters, digits, <c>_ . - /</c>, not starting with a punctuation
    /// mark) followed by <c>:</c> and a space or the end of the line, or 0.
    /// </summary>
    public int KeyLength()
    {
        var i = Pos;
        if (i >= end || !char.IsAsciiLetterOrDigit((char)text[i]) && text[i] != '_')
        {
            return 0;
        }

        while (i < end && (char.IsAsciiLetterOrDigit((char)text[i]) || text[i] is (byte)'_' or (byte)'.' or (byte)'-' or (byte)'/'))
        {
            i++;
        }

        return i < end && text[i] == ':' && (i + 1 == end || text[i + 1] is (byte)' ' or (byte)'\n') ? i - Pos : 0;
    }

    /// <summary>The key of <see cref="KeyLength"/>, plain, the position after its colon.</summary>
    public YamlKey Key(int length)
    {
        Nodes++;
        var key = new YamlKey(YamlKeys.Of(text.AsSpan(Pos, length)), plain: true, file, (Line, Pos - LineStart + 1));
        Pos += length + 1;
        return key;
    }

    /// <summary>A scalar or flow collection on one line (<paramref name="flow"/>: inside a flow collection).</summary>
    public YamlNode? Value(bool flow, int depth) => Peek() switch
    {
        '{' or '[' => Flow(depth),
        '"' or '\'' => Quoted(),
        _ => Plain(flow),
    };

    private YamlScalar? Plain(bool flow)
    {
        var from = Pos;
        return PlainEnd(flow) is var to and >= 0 ? Scalar(from, to, plain: true) : null;
    }

    // Past a plain scalar starting here: where its text ends (trailing spaces left out), or -1 when none is written here.
    private int PlainEnd(bool flow)
    {
        if (Indicators.Contains(Peek(), StringComparison.Ordinal) || Peek() is ' ' or '\n')
        {
            return -1;
        }

        var from = Pos;
        while (Peek() is var c && c != '\n' && !(c == ' ' && Peek(1) == '#') && !(flow && c is ',' or '[' or ']' or '{' or '}'))
        {
            if (c == ':' && (flow || Peek(1) is ' ' or '\n'))
            {
                // A key's colon (or, in a flow, one that may be): not a value this reader reads.
                if (!flow || Peek(1) != ' ')
                {
                    return -1;
                }

                break;
            }

            Pos++;
        }

        var to = Pos;
        while (text[to - 1] == ' ')
        {
            to--;
        }

        return to;
    }

    private YamlScalar? Quoted()
    {
        var mark = Place();
        var quote = Peek();
        var from = Pos + 1;
        var to = text.AsSpan(from, end - from).IndexOfAny(quote == '"' ? DoubleQuotedEnd : SingleQuotedEnd) is var at and >= 0 ? from + at : -1;
        if (to < 0 || quote == '\'' && (text[to] != quote || to + 1 < end && text[to + 1] == '\''))
        {
            return null;
        }

        if (quote == '"' && text[to] != '"')
        {
            return Escaped(from, mark);
        }

        Pos = to + 1;
        Nodes++;
        return new YamlScalar(Text(from, to), plain: false, file, mark);
    }

    // A double-quoted scalar with the escapes a pattern needs (\\ \" \/), on one line; any other escape: null.
    private YamlScalar? Escaped(int from, (int Line, int Column) mark)
    {
        var value = new System.Text.StringBuilder();
        for (var i = from; i < end; i++)
        {
            var c = (char)text[i];
            if (c == '"')
            {
                Pos = i + 1;
                Nodes++;
                return new YamlScalar(value.ToString(), plain: false, file, mark);
            }

            if (c == '\\' && i + 1 < end && text[i + 1] is (byte)'\\' or (byte)'"' or (byte)'/')
            {
                c = (char)text[++i];
            }
            else if (c is '\\' or '\n')
            {
                return null;
            }

            value.Append(c);
        }

        return null;
    }

    private YamlNode? Flow(int depth)
    {
        if (depth >= YamlLimits.MaxDepth)
        {
            return null;
        }

        var mark = Place();
        var isMap = Peek() == '{';
        var close = isMap ? '}' : ']';
        // Only the list of the collection's kind is taken (an empty list of the other kind was made for every one).
        var items = isMap ? null : Items.Take();
        var entries = isMap ? Entries.Take() : null;
        Pos++;
        SkipSpaces();
        while (Peek() != close || (items?.Count ?? 0) + (entries?.Count ?? 0) > 0)
        {
            if (!FlowEntry(isMap, depth, items, entries))
            {
                return null;
            }

            SkipSpaces();
            if (Peek() == close)
            {
                break;
            }

            if (Peek() != ',')
            {
                return null;
            }

            Pos++;
            SkipSpaces();
        }

        Pos++;
        Nodes++;
        return entries is not null ? new YamlMapping(Entries.Keep(entries), file, mark) : new YamlSequence(Items.Keep(items!), file, mark);
    }

    private bool FlowEntry(bool isMap, int depth, List<YamlNode>? items, List<KeyValuePair<YamlKey, YamlNode>>? entries)
    {
        if (!isMap)
        {
            return Value(flow: true, depth + 1) is { } item && Peek() != ':' && Add(items!, item);
        }

        if (Peek() is '{' or '[' || FlowKey() is not { } key || Peek() != ':' || Peek(1) != ' ')
        {
            return false;
        }

        Pos++;
        SkipSpaces();
        // Duplicate keys are left to the full parser's diagnostics; a flow mapping this long is left to it too.
        if (Value(flow: true, depth + 1) is not { } value || entries!.Count >= MaxFlowKeys || HasKey(entries, key.Value))
        {
            return false;
        }

        entries.Add(new(key, value));
        return true;
    }

    // A flow mapping's key, read as its value would be (a node counted), but kept as a key: a plain one makes no scalar.
    private YamlKey? FlowKey()
    {
        var place = Place();
        if (Peek() is '"' or '\'')
        {
            return Quoted() is { } quoted ? new YamlKey(quoted.Value, plain: false, file, place) : null;
        }

        var from = Pos;
        var to = PlainEnd(flow: true);
        if (to < 0)
        {
            return null;
        }

        Nodes++;
        return new YamlKey(YamlKeys.Of(text.AsSpan(from, to - from)), plain: true, file, place);
    }

    private static bool HasKey(List<KeyValuePair<YamlKey, YamlNode>> entries, string key)
    {
        foreach (var entry in entries)
        {
            if (entry.Key.Value == key)
            {
                return true;
            }
        }

        return false;
    }

    private static bool Add(List<YamlNode> items, YamlNode item)
    {
        items.Add(item);
        return true;
    }

    private YamlScalar Scalar(int from, int to, bool plain)
    {
        Nodes++;
        return new YamlScalar(Text(from, to), plain, file, (Line, from - LineStart + 1));
    }

    // The characters from..to as a string (ASCII: one character a byte), a recent equal value's when there is one.
    private string Text(int from, int to) => YamlValues.Of(text.AsSpan(from, to - from));
}
