using System.Buffers;
using System.Runtime.InteropServices;

namespace GitGateway.Renderer.Manifests;

/// <summary>
/// Reads the part of YAML that Kubernetes manifests are written in, without YamlDotNet's event stream (most of the
/// cost of parsing a large repository): block mappings and sequences, one-line flow collections, plain scalars on
/// one line, quoted scalars on one line (escaping only a backslash, a quote or a slash), comments and <c>---</c> between documents, printable ASCII only.
/// Anything else, anywhere in the file (anchors, aliases, tags, block or multi-line scalars, escapes, complex or
/// quoted block keys, a duplicate key, an empty value, tabs, a limit of <see cref="YamlLimits"/> approached), and the
/// answer is null: the file is read by the full parser instead, which also says what is wrong with it. So a file
/// read here gives the tree and marks the full parser would and no diagnostic (proven by <c>YamlSubsetReaderTests</c>).
/// </summary>
internal static class YamlSubsetReader
{
    private static readonly SearchValues<byte> Printable = SearchValues.Create(
        "\n !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~"u8);

    /// <summary>
    /// The documents' roots as <see cref="YamlDocumentReader"/> gives them, or null when the file is outside the subset.
    /// <paramref name="content"/> is the file's UTF-8 bytes after any byte order mark; since the subset is printable
    /// ASCII, a file it reads is valid UTF-8 and its text is its bytes, one character each.
    /// </summary>
    public static List<YamlNode>? TryRead(string file, ReadOnlyMemory<byte> content)
    {
        if (content.Span.ContainsAnyExcept(Printable))
        {
            return null;
        }

        var bytes = MemoryMarshal.TryGetArray(content, out var segment) ? segment : new ArraySegment<byte>(content.ToArray());
        var at = new YamlSubsetCursor(file, bytes.Array!, bytes.Offset, bytes.Offset + bytes.Count);
        var docs = new List<YamlNode>();
        if (!at.EndLine())
        {
            // The first line holds content: the cursor is on it.
            at = new YamlSubsetCursor(file, bytes.Array!, bytes.Offset, bytes.Offset + bytes.Count);
            at.SkipSpaces();
        }

        for (var count = 1; !at.AtEnd; count++)
        {
            if (count > YamlLimits.MaxDocumentsPerFile || Document(at, count == 1) is not { } root)
            {
                return null;
            }

            docs.Add(root);
        }

        return docs;
    }

    // One document from its first content line (a '---' line or the first of an implicit document) to the next '---'.
    private static YamlNode? Document(YamlSubsetCursor at, bool first)
    {
        if (at.AtDocumentStart)
        {
            at.Skip(3);
            if (!at.EndLine() || at.AtEnd || at.AtDocumentStart)
            {
                return null; // an empty document (or '---' with content after it on the line): left to the full parser
            }
        }
        else if (!first)
        {
            return null;
        }

        at.Nodes = 0;
        var root = at.Indent == 0 ? Block(at, -1, 0) : null;
        return root is not null && (at.AtEnd || at.AtDocumentStart) && at.Nodes < YamlLimits.MaxNodesPerDocument ? root : null;
    }

    // A mapping or sequence whose first line starts at the cursor, more indented than its parent.
    private static YamlNode? Block(YamlSubsetCursor at, int parentIndent, int depth)
    {
        if (depth >= YamlLimits.MaxDepth || at.Nodes >= YamlLimits.MaxNodesPerDocument || at.Indent <= parentIndent)
        {
            return null;
        }

        if (at.AtEntry)
        {
            return Sequence(at, at.Indent, depth);
        }

        return at.KeyLength() > 0 ? Mapping(at, at.Indent, depth) : null;
    }

    private static YamlMapping? Mapping(YamlSubsetCursor at, int indent, int depth)
    {
        var mark = at.Place();
        var entries = at.Entries.Take();
        do
        {
            var length = at.KeyLength();
            if (length == 0)
            {
                return null;
            }

            var key = at.Key(length);
            if (Value(at, indent, depth) is not { } value)
            {
                return null;
            }

            entries.Add(new(key, value));
        }
        while (!at.AtEnd && at.Indent == indent && !at.AtDocumentStart);

        at.Nodes++;
        var map = new YamlMapping(at.Entries.Keep(entries), at.File, mark);
        return Ends(at, indent) && !map.HasRepeatedKey ? map : null;
    }

    private static YamlSequence? Sequence(YamlSubsetCursor at, int indent, int depth)
    {
        var mark = at.Place();
        var items = at.Items.Take();
        do
        {
            at.Skip();
            if (Item(at, indent, depth) is not { } item)
            {
                return null;
            }

            items.Add(item);
        }
        while (!at.AtEnd && at.Indent == indent && at.AtEntry);

        at.Nodes++;
        return Ends(at, indent) ? new YamlSequence(at.Items.Keep(items), at.File, mark) : null;
    }

    // After a block collection: the text ends, or the next line is not more indented (a parent's next entry).
    private static bool Ends(YamlSubsetCursor at, int indent) => at.AtEnd || at.Indent <= indent;

    // The value after 'key:' of a mapping whose keys are at indent: on the same line, or a block on the next lines
    // (a sequence may start at the key's own indent).
    private static YamlNode? Value(YamlSubsetCursor at, int indent, int depth)
    {
        at.SkipSpaces();
        if (at.Peek() is '\n' or '#')
        {
            if (!at.EndLine() || at.AtEnd)
            {
                return null;
            }

            return at.Indent == indent && at.AtEntry ? Sequence(at, indent, depth + 1) : Block(at, indent, depth + 1);
        }

        return Inline(at, indent, depth);
    }

    // The item after '- ': a mapping starting on the dash's line, a block on the next lines, or a value on one line.
    private static YamlNode? Item(YamlSubsetCursor at, int indent, int depth)
    {
        at.SkipSpaces();
        if (at.Peek() is '\n' or '#')
        {
            return at.EndLine() && !at.AtEnd ? Block(at, indent, depth + 1) : null;
        }

        if (at.AtEntry)
        {
            return null;
        }

        return at.KeyLength() > 0 ? Mapping(at, at.Indent, depth + 1) : Inline(at, indent, depth);
    }

    // A scalar or flow collection that must end its line, and the next content line must not continue it.
    private static YamlNode? Inline(YamlSubsetCursor at, int indent, int depth)
    {
        var node = at.Value(flow: false, depth + 1);
        return node is not null && at.EndLine() && (at.AtEnd || at.Indent <= indent) ? node : null;
    }
}
