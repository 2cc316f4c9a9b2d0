using System.Buffers;
using System.Text;
using CsCheck;
using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Manifests;

namespace GitGateway.Renderer.Tests.Manifests;

/// <summary>
/// The reader takes a file's bytes as they are (the subset reader reads printable ASCII without decoding it): whatever
/// the bytes, it must give the tree, marks and diagnostics that checking them as UTF-8, decoding them, dropping a byte
/// order mark and reading the text with the full parser gives, which is what it did before it read bytes; and it
/// must read a file inside a larger buffer (as the Git reader hands them over) as it reads the file alone.
/// </summary>
public sealed class YamlBytesTests
{
    private const string File = "f.yaml";

    // Byte runs a hostile or careless file holds: control characters, tabs, CR, byte order marks, non-ASCII
    // characters (two, three and four bytes, U+2028, U+FEFF), and invalid UTF-8 (a stray continuation byte, 0xFF,
    // an overlong form, a truncated sequence, an encoded surrogate, a code point past U+10FFFF).
    private static readonly byte[][] Hostile =
    [
        [0x00], [0x01], [0x1B], [0x7F], [(byte)'\t'], [(byte)'\r'], [(byte)'\r', (byte)'\n'], [0xEF, 0xBB, 0xBF],
        [0xC3, 0xA9], [0xE2, 0x82, 0xAC], [0xF0, 0x9F, 0x98, 0x80], [0xE2, 0x80, 0xA8], [0xC2, 0x85],
        [0x80], [0xFF], [0xC0, 0xAF], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
    ];

    [Fact]
    public void Read_DamagedBytes_SameTreeAndDiagnosticsAsTheParserOnTheDecodedText()
    {
        Gen.Select(Gen.Int, Gen.Int[0, 4], Gen.Int).Sample((seed, damage, noise) =>
        {
            var bytes = Damage(Encoding.UTF8.GetBytes(GeneratedYaml.Write(seed)), damage, new Random(noise));
            Assert.Equal(Reference(bytes), Actual(bytes));
        }, iter: 3000);
    }

    [Fact]
    public void Read_WholeFileShapes_SameTreeAndDiagnosticsAsTheParserOnTheDecodedText()
    {
        Gen.Select(Gen.Int, Gen.Int[0, 5]).Sample((seed, shape) =>
        {
            var text = GeneratedYaml.Write(seed);
            var bytes = shape switch
            {
                0 => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)],
                1 => Encoding.UTF8.GetBytes(text.Replace("\n", "\r\n", StringComparison.Ordinal)),
                2 => Encoding.UTF8.GetBytes(text.Replace("  ", "\t", StringComparison.Ordinal)),
                3 => Encoding.UTF8.GetBytes(text + "long: " + new string('x', 10_000 + (seed & 0x3FFF)) + "\n"),
                4 => Encoding.UTF8.GetBytes(Nested(60 + (seed & 7)) + text),
                _ => Encoding.UTF8.GetBytes(text),
            };
            Assert.Equal(Reference(bytes), Actual(bytes));
        }, iter: 1200);
    }

    [Fact]
    public void Read_FileInsideALargerBuffer_SameAsTheFileAlone()
    {
        Gen.Select(Gen.Int, Gen.Int[0, 64], Gen.Byte).Sample((seed, offset, fill) =>
        {
            var bytes = Encoding.UTF8.GetBytes(GeneratedYaml.Write(seed));
            var buffer = new byte[offset + bytes.Length + 64];
            buffer.AsSpan().Fill(fill);
            bytes.CopyTo(buffer, offset);
            var alone = Dump(bytes);
            Assert.Equal(alone, Dump(new ReadOnlyMemory<byte>(buffer, offset, bytes.Length)));
        }, iter: 2000);
    }

    [Fact]
    public void Read_InvalidUtf8AfterSubsetText_ReportedAtItsLineAndColumn()
    {
        var bytes = (byte[])[.. "a: b\nc: "u8, 0xFF, .. "\n"u8];

        var diagnostics = new DiagnosticBag();
        var docs = YamlDocumentReader.Read(File, bytes, diagnostics);

        Assert.Empty(docs);
        var error = Assert.Single(diagnostics.Items);
        Assert.Equal((DiagnosticCodes.InvalidEncoding, 2, 4), (error.Code, error.Line, error.Column));
    }

    // The reader as it is: the tree and the diagnostics as text.
    private static string Actual(byte[] bytes) => Dump(bytes);

    private static string Dump(ReadOnlyMemory<byte> bytes)
    {
        var diagnostics = new DiagnosticBag();
        var docs = YamlDocumentReader.Read(File, bytes, diagnostics);
        return YamlDump.Of(docs) + Diagnostics(diagnostics);
    }

    // What the reader gave before it read bytes: the bytes checked as UTF-8 (reported at the first bad one, by line
    // and character), decoded, a leading byte order mark dropped, and the text read by the full parser (the subset
    // reader gives exactly the parser's tree where it reads: YamlSubsetReaderTests).
    private static string Reference(byte[] bytes)
    {
        var diagnostics = new DiagnosticBag();
        var chars = new char[bytes.Length];
        if (System.Text.Unicode.Utf8.ToUtf16(bytes, chars, out var valid, out _, replaceInvalidSequences: false) != OperationStatus.Done)
        {
            var (line, column) = (1, 1);
            foreach (var rune in Encoding.UTF8.GetString(bytes, 0, valid).EnumerateRunes())
            {
                (line, column) = rune.Value == '\n' ? (line + 1, 1) : (line, column + 1);
            }

            diagnostics.Error(DiagnosticCodes.InvalidEncoding, new(File, line, column), "the file is not valid UTF-8 here; save it as UTF-8 (the file is skipped)");
            return YamlDump.Of([]) + Diagnostics(diagnostics);
        }

        var text = Encoding.UTF8.GetString(bytes);
        text = text.StartsWith('\uFEFF') ? text[1..] : text;
        return YamlDump.Of(YamlDocumentReader.ReadWithParser(File, text, diagnostics)) + Diagnostics(diagnostics);
    }

    private static string Diagnostics(DiagnosticBag diagnostics) =>
        string.Concat(diagnostics.Items.Select(d => $"\n{d.Severity} {d.Code} {d.File}:{d.Line}:{d.Column} {d.Message}"));

    // The bytes with damage runs of hostile bytes put in, written over or replacing a line break.
    private static byte[] Damage(byte[] bytes, int damage, Random random)
    {
        var damaged = new List<byte>(bytes);
        for (var i = 0; i < damage; i++)
        {
            var run = Hostile[random.Next(Hostile.Length)];
            var at = random.Next(damaged.Count + 1);
            if (random.Next(3) == 0 && at < damaged.Count)
            {
                damaged.RemoveAt(at);
            }

            damaged.InsertRange(at, run);
        }

        return [.. damaged];
    }

    // A mapping nested levels deep before the document's own first key.
    private static string Nested(int levels)
    {
        var text = new StringBuilder();
        for (var i = 0; i < levels; i++)
        {
            text.Append(' ', 2 * i).Append("n:\n");
        }

        return text.Append(' ', 2 * levels).Append("leaf: x\n").ToString();
    }
}
