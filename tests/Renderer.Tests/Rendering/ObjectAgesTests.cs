using System.Collections.ObjectModel;
using CsCheck;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Renderer.Tests.Rendering;

/// <summary>An object's rank looked up without making its key string gives what the key string's look-up gives.</summary>
public sealed class ObjectAgesTests
{
    private static readonly Gen<string> Parts = Gen.OneOf(
        Gen.OneOf("HTTPRoute", "TCPRoute", "store", "payments", "a", "", "a/b", "ünïcode"),
        Gen.String[Gen.Char["ab/-"], 0, 8],
        Gen.String[Gen.Char["ab"], 300, 400]);

    [Fact]
    public void RankOf_AnyKindNamespaceAndName_SameAsTheKeyStringsLookUp()
    {
        var known = Gen.Select(Parts, Parts.Null(), Parts, Gen.Long[0, 9]).Array[0, 12];
        var asked = Gen.Select(Parts, Parts.Null(), Parts);
        Gen.Select(known, asked.Array[1, 12]).Sample((ranks, questions) =>
        {
            var byKey = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var (kind, ns, name, rank) in ranks)
            {
                byKey[ObjectAges.KeyOf(kind, ns, name)] = rank;
            }

            var bySpan = new ObjectAges(byKey, "test");
            var byString = new ObjectAges(new ReadOnlyDictionary<string, long>(byKey), "test");
            foreach (var (kind, ns, name) in questions.Concat(ranks.Select(r => (r.Item1, r.Item2, r.Item3))))
            {
                Assert.Equal(byString.RankOf(kind, ns, name), bySpan.RankOf(kind, ns, name));
            }
        });
    }

    [Fact]
    public void RankOf_KnownAndUnknownObjects_RankOrNewest()
    {
        var ages = new ObjectAges(new Dictionary<string, long>(StringComparer.Ordinal) { ["HTTPRoute/store/web"] = 3, ["GatewayClass/gitgateway"] = 1 }, "test");

        Assert.Equal(3, ages.RankOf("HTTPRoute", "store", "web"));
        Assert.Equal(1, ages.RankOf("GatewayClass", null, "gitgateway"));
        Assert.Equal(long.MaxValue, ages.RankOf("HTTPRoute", "store", "we"));
        Assert.Equal(long.MaxValue, ages.RankOf("HTTPRoute", null, "web"));
    }
}
