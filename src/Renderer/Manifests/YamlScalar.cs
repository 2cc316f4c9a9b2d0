using GitGateway.Plan.Model;

namespace GitGateway.Renderer.Manifests;

/// <summary>A scalar; <see cref="Plain"/> is false for quoted or block scalars, which are always strings.</summary>
internal sealed class YamlScalar : YamlNode
{
    internal YamlScalar(string value, bool plain, SourceMark mark)
        : base(mark, flag: plain) => Value = value;

    internal YamlScalar(string value, bool plain, string file, (int Line, int Column) place)
        : base(file, place.Line, place.Column, flag: plain) => Value = value;

    /// <summary>The text of the scalar.</summary>
    public string Value { get; }

    /// <summary>Whether the scalar was written without quotes (so it may be a null, bool or number); kept as the node's flag.</summary>
    public bool Plain => Flag;

    /// <summary>True for a plain <c>null</c>, <c>~</c> or empty scalar.</summary>
    public bool IsNull => Plain && Value is "" or "~" or "null" or "Null" or "NULL";

    /// <inheritdoc />
    public override string ShapeName => "a scalar";
}
