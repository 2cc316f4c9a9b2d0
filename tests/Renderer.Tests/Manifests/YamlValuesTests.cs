using System.Text;
using CsCheck;
using GitGateway.Renderer.Manifests;

namespace GitGateway.Renderer.Tests.Manifests;

/// <summary>A value's string is shared with a recent equal value on the thread, never with a different one, within the bound.</summary>
public sealed class YamlValuesTests
{
    [Fact]
    public void Of_ShortAsciiValues_EachReadAsWritten()
    {
        // Few characters and short values, so that values meet in the same slots and are reused often.
        Gen.String[Gen.Char["ab-/:.1 "], 0, 6].Array[1, 200].Sample(values =>
        {
            foreach (var value in values)
            {
                Assert.Equal(value, YamlValues.Of(Encoding.ASCII.GetBytes(value)));
            }
        }, iter: 2000);
    }

    [Fact]
    public void Of_SameValueTwiceOnOneThread_OneString()
    {
        var (a, b) = (YamlValues.Of("PathPrefix"u8), YamlValues.Of("PathPrefix"u8));

        Assert.Equal("PathPrefix", a);
        Assert.Same(a, b);
    }

    [Fact]
    public void Of_ValueLongerThanTheBound_IsNotKept()
    {
        var bytes = Encoding.ASCII.GetBytes(new string('v', YamlValues.MaxLength + 1));

        var (a, b) = (YamlValues.Of(bytes), YamlValues.Of(bytes));

        Assert.Equal(new string('v', YamlValues.MaxLength + 1), a);
        Assert.NotSame(a, b);
    }
}
