using CsCheck;
using GitGateway.Proxy.Routing;

namespace GitGateway.Proxy.Tests.Edge;

/// <summary>
/// Properties of the path normaliser over generated hostile paths (slashes, dots, escapes of every byte, raw
/// controls and non-ASCII), 10,000 per run; CsCheck prints the seed of a failure so it can be kept as a case.
/// </summary>
public sealed class PathNormalizerPropertyTests
{
    private static readonly string[] Tricks = ["/", "//", ".", "..", "/./", "/../", "%2e", "%2E%2e", "%2F", "%2f", "%5C", "\\", "%", "%g", "a", "Z9", "-_~", "%41", "%7e", ";=:@", " ", "\u00e9"];

    private static readonly Gen<string> Piece = Gen.OneOf(
        Gen.Int[0, Tricks.Length - 1].Select(i => Tricks[i]),
        Gen.Byte.Select(b => "%" + b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)),
        Gen.Char['\0', '\u007f'].Select(c => c.ToString()));

    private static readonly Gen<string> Paths = Piece.Array[0, 24].Select(pieces => "/" + string.Concat(pieces));

    [Fact]
    public void Normalize_AnyPath_IsIdempotentAndFreeOfSeparatorTricks() =>
        Paths.Sample(path =>
        {
            foreach (var action in (EscapedSlashAction[])[EscapedSlashAction.Reject, EscapedSlashAction.Keep])
            {
                if (PathNormalizer.Normalize(path, action) is not { } normal)
                {
                    continue;
                }

                Assert.StartsWith("/", normal, StringComparison.Ordinal);
                Assert.DoesNotContain("//", normal, StringComparison.Ordinal);
                Assert.DoesNotContain("/./", normal + "/", StringComparison.Ordinal);
                Assert.DoesNotContain("/../", normal + "/", StringComparison.Ordinal);
                Assert.DoesNotContain("\\", normal, StringComparison.Ordinal);
                Assert.Equal(normal, PathNormalizer.Normalize(normal, action));
                if (PathNormalizer.IsNormal(normal))
                {
                    Assert.Equal(normal, PathNormalizer.Normalize(normal, action));
                }

                if (action == EscapedSlashAction.Reject)
                {
                    Assert.DoesNotContain("%2F", normal, StringComparison.OrdinalIgnoreCase);
                    Assert.DoesNotContain("%5C", normal, StringComparison.OrdinalIgnoreCase);
                }
            }
        }, iter: 10_000);

    [Fact]
    public void IsNormal_AnyPathItAccepts_NormalisesToItself() =>
        Paths.Sample(path =>
        {
            if (PathNormalizer.IsNormal(path))
            {
                Assert.Equal(path, PathNormalizer.Normalize(path, EscapedSlashAction.Reject));
            }
        }, iter: 10_000);
}
