using System.Text.RegularExpressions;
using GitGateway.Renderer.Manifests;

namespace GitGateway.Renderer.Tests.Manifests;

public sealed class RegexValidatorTests
{
    // Plain patterns, patterns with every construct linear-time matching refuses, escapes that look like them, and
    // patterns that do not parse: the answer must be the one building the linear-time matcher gives.
    public static TheoryData<string> Patterns =>
    [
        "/api/v[0-9]+/items", "^/users/[^/]+/orders(/.*)?$", @"^v1(\.[0-9]+)?$", "(a|b)*c", @"\(\?=literal\)", @"\\(?=x)y",
        "(?=x)y", "(?!x)y", "(?<=x)y", "(?<!x)y", "(?>a+)b", @"(a)\1", @"(?<n>a)\k<n>", "(?(a)b|c)", "(?<o-c>a)", @"\Ga",
        "(?i)abc", "(?:ab)+", "[A-Z]{2}", "a{1000}{1000}", @"\p{L}+", "[unclosed", "(unbalanced", "a**", @"\", "[(?=]x",
    ];

    [Theory]
    [MemberData(nameof(Patterns))]
    public void Check_AnyPattern_AnswersAsBuildingTheLinearTimeMatcher(string pattern)
    {
        string? expected;
        try
        {
            _ = new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            expected = null;
        }
        catch (NotSupportedException)
        {
            expected = "UnsupportedRegex";
        }
        catch (ArgumentException)
        {
            expected = "InvalidRegex";
        }

        Assert.Equal(expected, RegexValidator.Check(pattern)?.Code);
    }

    [Theory]
    [InlineData("(?=x)y")]
    [InlineData(@"(a)\1")]
    [InlineData(@"\k<n>")]
    [InlineData(@"\Ga")]
    [InlineData("a{2}")]
    [InlineData("(?:a)")]
    public void ParsingSuffices_ConstructLinearMatchingMayRefuse_IsFalse(string pattern) =>
        Assert.False(RegexValidator.ParsingSuffices(pattern));

    [Theory]
    [InlineData("/r42/items/[0-9]+(/.*)?")]
    [InlineData(@"^v1(\.[0-9]+)?$")]
    [InlineData(@"\(\?literal")]
    public void ParsingSuffices_PlainPattern_IsTrue(string pattern) =>
        Assert.True(RegexValidator.ParsingSuffices(pattern));

    [Fact]
    public void Check_PlainPatterns_AreNotBuiltAsLinearTimeMatchers()
    {
        var before = RegexValidator.Built;
        for (var i = 0; i < 50; i++)
        {
            Assert.Null(RegexValidator.Check($"/plain-{Guid.NewGuid():N}/items/[0-9]+(/.*)?"));
        }

        // Other tests may build matchers at the same time; fifty plain patterns built would add fifty.
        Assert.True(RegexValidator.Built - before < 50, $"{RegexValidator.Built - before} of 50 plain patterns were built");
    }
}
