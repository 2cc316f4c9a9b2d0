using GitGateway.Plan.Model;
using GitGateway.Renderer.Manifests;

namespace GitGateway.Renderer.Ingress;

/// <summary>
/// Builds YAML trees for the objects a conversion makes. Every node carries the mark of the Ingress field it
/// came from, so the renderer reports a problem in a converted route at the Ingress's own file:line.
/// </summary>
internal sealed class YamlTree(SourceMark mark)
{
    /// <summary>The mark given to the nodes built next.</summary>
    public SourceMark Mark { get; } = mark;

    /// <summary>The same builder with another mark.</summary>
    public YamlTree At(SourceMark mark) => new(mark);

    /// <summary>A string (quoted: never read as a number or a boolean).</summary>
    public YamlScalar Str(string value) => new(value, plain: false, Mark);

    /// <summary>A number.</summary>
    public YamlScalar Num(long value) => new(value.ToString(System.Globalization.CultureInfo.InvariantCulture), plain: true, Mark);

    /// <summary>A boolean.</summary>
    public YamlScalar Bool(bool value) => new(value ? "true" : "false", plain: true, Mark);

    /// <summary>A mapping of the entries whose value is not null, in the order given.</summary>
    public YamlMapping Map(params (string Key, YamlNode? Value)[] entries) =>
        new([.. entries.Where(e => e.Value is not null).Select(e => new KeyValuePair<YamlKey, YamlNode>(new YamlKey(e.Key, plain: true, Mark), e.Value!))], Mark);

    /// <summary>A sequence.</summary>
    public YamlSequence Seq(IEnumerable<YamlNode> items) => new([.. items], Mark);

    /// <summary>A sequence of strings.</summary>
    public YamlSequence Strs(IEnumerable<string> items) => new([.. items.Select(Str)], Mark);
}
