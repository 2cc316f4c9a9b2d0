using System.Text;
using GitGateway.Plan.Model;
using GitGateway.Renderer.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace GitGateway.Renderer.Manifests;

/// <summary>
/// Reads the documents of one YAML file into <see cref="YamlNode"/> trees with marks: the plain subset manifests are
/// written in by <see cref="YamlSubsetReader"/>, anything else by YamlDotNet's parser. Aliases share the
/// anchored node (never copied) and are counted against <see cref="YamlLimits"/>; a breach or a syntax error
/// ends that file with a diagnostic, keeping the documents read before it.
/// </summary>
internal static class YamlDocumentReader
{
    /// <summary>Parses <paramref name="content"/>; returns the non-empty documents' roots.</summary>
    public static IReadOnlyList<YamlNode> Read(string file, ReadOnlyMemory<byte> content, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        if (content.Length > YamlLimits.MaxFileBytes)
        {
            diagnostics.Error(DiagnosticCodes.FileTooLarge, new SourceMark(file, 1, 1),
                $"the file is {content.Length} bytes; the limit is {YamlLimits.MaxFileBytes} bytes: split it into several files");
            return [];
        }

        // The subset reader reads printable ASCII bytes as they are (valid UTF-8, so nothing to check or decode).
        var bom = content.Span.StartsWith(Utf8Bom) ? Utf8Bom.Length : 0;
        if (YamlSubsetReader.TryRead(file, content[bom..]) is { } docs)
        {
            return docs;
        }

        // Kubernetes manifests are UTF-8 (YAML 1.2 §5.2); decoding bad bytes would silently put U+FFFD into
        // names, so the file is reported at its first bad byte and skipped.
        if (FirstInvalidUtf8(file, content.Span) is { } bad)
        {
            diagnostics.Error(DiagnosticCodes.InvalidEncoding, bad, "the file is not valid UTF-8 here; save it as UTF-8 (the file is skipped)");
            return [];
        }

        var text = new UTF8Encoding(false, false).GetString(content.Span);
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        return ReadWithParser(file, text, diagnostics);
    }

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>Reads <paramref name="text"/> with the full YAML parser (what <see cref="YamlSubsetReader"/> leaves to it).</summary>
    internal static List<YamlNode> ReadWithParser(string file, string text, DiagnosticBag diagnostics)
    {
        var docs = new List<YamlNode>();
        var parser = new Parser(new StringReader(text));
        try
        {
            ReadStream(file, parser, docs, diagnostics);
        }
        catch (YamlException ex)
        {
            diagnostics.Error(DiagnosticCodes.YamlSyntax, ToMark(file, ex.Start),
                $"the YAML is malformed: {ex.Message}; fix the syntax (indentation, quotes, ':' after keys)");
        }
        catch (InvalidOperationException)
        {
            // The YAML parser fails this way on some malformed inputs instead of with a YamlException.
            var at = parser.Current is { } ev ? ToMark(file, ev.End) : new SourceMark(file, 1, 1);
            diagnostics.Error(DiagnosticCodes.YamlSyntax, at, "the YAML is malformed after this point; fix the syntax (indentation, quotes, ':' after keys)");
        }

        return docs;
    }

    private static SourceMark? FirstInvalidUtf8(string file, ReadOnlySpan<byte> bytes)
    {
        if (System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return null;
        }

        int line = 1, column = 1;
        while (!bytes.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(bytes, out var rune, out var used) != System.Buffers.OperationStatus.Done)
            {
                return new SourceMark(file, line, column);
            }

            (line, column) = rune.Value == '\n' ? (line + 1, 1) : (line, column + 1);
            bytes = bytes[used..];
        }

        return null;
    }

    internal static SourceMark ToMark(string file, Mark mark) =>
        new(file, (int)Math.Max(1, mark.Line), (int)Math.Max(1, mark.Column));

    private static void ReadStream(string file, Parser parser, List<YamlNode> docs, DiagnosticBag diagnostics)
    {
        var count = 0;
        while (parser.MoveNext())
        {
            if (parser.Current is not DocumentStart)
            {
                continue;
            }

            if (++count > YamlLimits.MaxDocumentsPerFile)
            {
                diagnostics.Error(DiagnosticCodes.TooManyDocuments, ToMark(file, parser.Current.Start),
                    $"the file has more than {YamlLimits.MaxDocumentsPerFile} documents: split it into several files");
                return;
            }

            var builder = new YamlTreeBuilder(file, diagnostics);
            var root = builder.ReadDocument(parser);
            if (builder.Aborted)
            {
                return;
            }

            if (root is not null && root is not YamlScalar { IsNull: true })
            {
                docs.Add(root);
            }
        }
    }
}
