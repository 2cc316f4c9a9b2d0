using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Manifests;

namespace GitGateway.Renderer.Tests.Manifests;

/// <summary>
/// One cut for every bounded text, in diagnostics, comments, checks and statuses: at most the limit, "…" when cut,
/// and never half of an emoji (a lone surrogate is not text: GitHub refuses it, a terminal shows garbage).
/// </summary>
public sealed class DisplayTextShortenTests
{
    [Theory]
    [InlineData("short", 10, "short")]
    [InlineData("0123456789", 10, "0123456789")]
    [InlineData("0123456789a", 10, "012345678…")]
    [InlineData("01234567🚀abc", 10, "01234567…")]
    [InlineData("0123456🚀abc", 10, "0123456🚀…")]
    public void Shorten_TextOverTheLimit_CutWithAnEllipsisNeverThroughASurrogatePair(string text, int max, string expected)
    {
        var cut = DisplayText.Shorten(text, max);

        Assert.Equal(expected, cut);
        Assert.True(cut.Length <= max);
    }

    [Fact]
    public void HostnameTooLong_EmojiAtTheCut_MessageHoldsNoHalfOfIt()
    {
        var hostname = new string('a', 79) + "🚀" + new string('b', 200);

        var message = Hostnames.Validate(hostname, allowWildcard: false);

        Assert.NotNull(message);
        Assert.Contains("hostname '" + new string('a', 79) + "…' must be 1 to 253 characters long", message, StringComparison.Ordinal);
        Assert.DoesNotContain(message, char.IsSurrogate);
    }
}
