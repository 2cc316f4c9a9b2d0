using System.Globalization;
using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Manifests;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Render.Bench;

/// <summary>
/// The YAML reader part by part, warm, on one thread: the UTF-8 check and text decode of every file alone, the whole
/// reader, and a census of the trees it made (nodes by kind, the value strings and their characters, distinct values)
/// with the bytes each kind of object takes on a 64-bit runtime, so that the reader's allocation can be split into
/// what holds the tree and what is only passing through.
/// </summary>
internal static class YamlParts
{
    private const int Rounds = 3;

    public static void Run(StageClock clock, List<SourceFile> files)
    {
        for (var round = 1; round <= Rounds; round++)
        {
            clock.Time($"  UTF-8 check and decode alone #{round}", () => files.Sum(f => Decode(f.Content.Span)));
        }

        List<YamlNode> roots = [];
        for (var round = 1; round <= Rounds; round++)
        {
            roots = clock.Time($"  reader, whole #{round}", () => files.SelectMany(f => YamlDocumentReader.Read(f.Path, f.Content, new DiagnosticBag())).ToList());
        }

        var census = new Census();
        roots.ForEach(census.Walk);
        census.Print(files.Count, roots.Count);
    }

    private static int Decode(ReadOnlySpan<byte> bytes) =>
        System.Text.Unicode.Utf8.IsValid(bytes) ? new System.Text.UTF8Encoding(false, false).GetString(bytes).Length : 0;

    // Counts of what the trees hold; sizes are those of the objects on a 64-bit runtime (header and method table 16 bytes).
    private sealed class Census
    {
        private readonly Dictionary<string, int> _values = new(StringComparer.Ordinal);
        private readonly HashSet<string> _strings = new(ReferenceEqualityComparer.Instance);
        private long _stringChars;
        private long _keys, _scalars, _mappings, _sequences, _entries, _items, _valueChars;

        public void Walk(YamlNode node)
        {
            switch (node)
            {
                case YamlScalar s:
                    _scalars++;
                    _valueChars += s.Value.Length;
                    _values[s.Value] = _values.GetValueOrDefault(s.Value) + 1;
                    _stringChars += _strings.Add(s.Value) ? s.Value.Length : 0;
                    break;
                case YamlMapping map:
                    _mappings++;
                    _entries += map.Entries.Count;
                    _keys += map.Entries.Count;
                    foreach (var entry in map.Entries)
                    {
                        Walk(entry.Value);
                    }

                    break;
                case YamlSequence seq:
                    _sequences++;
                    _items += seq.Items.Count;
                    foreach (var item in seq.Items)
                    {
                        Walk(item);
                    }

                    break;
            }
        }

        public void Print(int files, int documents)
        {
            var repeated = _values.Where(v => v.Value > 1).ToList();
            Line($"files {files}, documents {documents}", 0);
            Line($"key scalars {_keys} (40 B each; their strings shared by YamlKeys)", _keys * 40);
            Line($"value scalars {_scalars} (40 B each)", _scalars * 40);
            Line($"value strings {_scalars}, {_valueChars} chars (24 B + 2 B a char)", (_scalars * 24) + (_valueChars * 2));
            Line($"  of them distinct {_values.Count}; values written more than once {repeated.Count}, {repeated.Sum(v => v.Value)} times", 0);
            Line($"  string objects the values hold {_strings.Count}, {_stringChars} chars", (_strings.Count * 24) + (_stringChars * 2));
            Line($"mappings {_mappings} (48 B) and their entry arrays ({_entries} entries, 24 B + 16 B each)", (_mappings * (48 + 24)) + (_entries * 16));
            Line($"sequences {_sequences} (40 B) and their item arrays ({_items} items, 24 B + 8 B each)", (_sequences * (40 + 24)) + (_items * 8));
        }

        private static void Line(string what, long bytes) =>
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {what,-96} {bytes / 1048576.0,7:F1} MiB"));
    }
}
