using System.Text;
using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Manifests;

namespace GitGateway.Renderer.Tests.Manifests;

/// <summary>Mapping keys read by the subset reader share one string per key, within the bound, and read the same.</summary>
public sealed class YamlKeysTests
{
    [Fact]
    public void Read_SameKeyInTwoDocuments_SharesOneString()
    {
        var first = Root("a.yaml", "name: x\nspec:\n  path: /a\n");
        var second = Root("b.yaml", "name: y\nspec:\n  path: /b\n");

        Assert.Same(first.Entries[0].Key.Value, second.Entries[0].Key.Value);
        Assert.Equal("name", second.Entries[0].Key.Value);
        Assert.Equal("/b", ((YamlScalar)((YamlMapping)second.Get("spec")!).Get("path")!).Value);
    }

    [Fact]
    public void Of_KeyLongerThanTheBound_IsNotKept()
    {
        var text = new string('k', YamlKeys.MaxLength + 1);

        var (a, b) = (YamlKeys.Of(text), YamlKeys.Of(text));

        Assert.Equal(text, a);
        Assert.NotSame(a, b);
    }

    private static YamlMapping Root(string file, string text) =>
        (YamlMapping)YamlDocumentReader.Read(file, Encoding.UTF8.GetBytes(text), new DiagnosticBag()).Single();
}
