using System.Text;
using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Manifests;

namespace GitGateway.Renderer.Tests.Manifests;

/// <summary>
/// <see cref="OrdinalMap{TValue}"/> answers as the <c>SortedDictionary</c> with the ordinal comparer it stands for:
/// the same entries in the same order, the last value of a key set twice, the same look-ups.
/// </summary>
public sealed class OrdinalMapTests
{
    private static readonly string[] Alphabet = ["a", "B", "b", "Z", "z", "-", ".", "/", "0", "9", "é", "É", "ß", "\u0130", "\uD83D\uDE00", "ab", "a-b", ""];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Set_AnyKeysAnyOrder_ListsAndFindsAsTheSortedDictionary(int seed)
    {
        var random = new Random(seed);
        var map = new OrdinalMap<string>();
        var sorted = new SortedDictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < 300; i++)
        {
            var key = string.Concat(Enumerable.Range(0, random.Next(0, 4)).Select(_ => Alphabet[random.Next(Alphabet.Length)]));
            var value = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            map.Set(key, value);
            sorted[key] = value;
        }

        Assert.Equal(sorted.ToList(), map.ToList());
        Assert.Equal(sorted.Keys, map.Keys);
        Assert.Equal(sorted.Values, map.Values);
        Assert.Equal(sorted.Count, map.Count);
        foreach (var probe in sorted.Keys.Concat(["nope", "A", "zz", "\uFFFF"]))
        {
            Assert.Equal(sorted.TryGetValue(probe, out var expected), map.TryGetValue(probe, out var actual));
            Assert.Equal(expected, actual);
            Assert.Equal(sorted.ContainsKey(probe), map.ContainsKey(probe));
        }
    }

    [Fact]
    public void Indexer_KeyAbsent_ThrowsAsADictionary()
    {
        var map = new OrdinalMap<string>();
        map.Set("b", "2");
        map.Set("a", "1");
        map.Set("b", "3");

        Assert.Equal("3", map["b"]);
        Assert.Equal(["a", "b"], map.Keys);
        Assert.Throws<KeyNotFoundException>(() => map["c"]);
    }

    [Fact]
    public void Set_ManyKeysInReverseOrderTwice_ListsEachOnceWithItsLastValue()
    {
        var map = new OrdinalMap<string>();
        for (var round = 0; round < 2; round++)
        {
            for (var i = 100_000; i > 0; i--)
            {
                map.Set(i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture), round + "/" + i);
            }
        }

        Assert.Equal(100_000, map.Complete().Count);
        Assert.Equal("000001", map.Keys.First());
        Assert.Equal("1/100000", map["100000"]);
        Assert.Equal(Enumerable.Range(1, 100_000).Select(i => "1/" + i), map.Values);
    }

    [Fact]
    public void StrMap_KeysOutOfOrder_ListedInOrdinalOrder()
    {
        var diagnostics = new DiagnosticBag();
        var doc = (YamlMapping)YamlDocumentReader.Read("a.yaml", Encoding.UTF8.GetBytes("labels: {b: '2', B: '1', a: '', é: x, c: ~}\n"), diagnostics).Single();

        var labels = new FieldReader(diagnostics).StrMap(doc, "labels");

        Assert.True(diagnostics.IsEmpty);
        Assert.Equal(["B", "a", "b", "c", "é"], labels.Keys);
        Assert.Equal(["1", "", "2", "", "x"], labels.Values);
    }
}
