using GitGateway.Plan.Model;
using GitGateway.Renderer.Diagnostics;

namespace GitGateway.Renderer.Manifests;

/// <summary>
/// The parsed document of one loaded object, held only until the object's typed reader has read it. A repository's
/// YAML trees are most of what its load keeps: held for the whole render, they outlive every collection of the load
/// and the collector copies them from generation to generation. So the render's load reads each object into its type
/// as soon as its file is parsed (<see cref="Type"/>) and lets the tree go; what later steps point diagnostics at is
/// kept as places (the object's mark, and <see cref="HostnamesMark"/>), not as nodes. A document whose object the
/// load does not type (an Ingress, which the render converts later; any object loaded outside the render) keeps its
/// tree. Set once, by the thread that loads the object, before the object is handed out.
/// </summary>
internal sealed class ManifestDocument(YamlMapping root)
{
    private YamlMapping? _root = root;

    // Where spec.hostnames is written, kept when the tree goes: line 0 when there is no spec mapping.
    private int _hostnamesLine;
    private int _hostnamesColumn;

    /// <summary>The tree, while it is held (see <see cref="Type"/>).</summary>
    public YamlMapping Root => _root ?? throw new InvalidOperationException("the document was read into its type and let go; read the typed object, or keep the place in ManifestDocument");

    /// <summary>Whether the tree is still held.</summary>
    public bool HoldsTree => _root is not null;

    // The typed read, kept as its parts rather than as a Typed each object would hold: the value, and the diagnostics
    // reading it gave, null when it gave none (most objects: no bag of two empty lists kept for each).
    private bool _typed;
    private object? _value;
    private DiagnosticBag? _diagnostics;

    /// <summary>The object read into its type at load (null until then, or when the load did not type it).</summary>
    public Typed? TypedRead => _typed ? new Typed(_value, _diagnostics) : null;

    /// <summary>The mark of the key <c>hostnames</c> in the spec mapping (its mapping's when absent), or null without a spec mapping.</summary>
    public SourceMark? HostnamesMark(string file)
    {
        if (_root is not null)
        {
            return _root.Get("spec") is YamlMapping spec ? spec.KeyMark("hostnames") : null;
        }

        return _hostnamesLine == 0 ? null : new SourceMark(file, _hostnamesLine, _hostnamesColumn);
    }

    /// <summary>
    /// Reads the object into its type with <paramref name="type"/> (into a bag of its own, kept with it) and, unless
    /// <paramref name="keepTree"/>, lets go of the tree.
    /// </summary>
    public void Type(ManifestObject obj, Func<ManifestObject, FieldReader, object?> type, bool keepTree)
    {
        ArgumentNullException.ThrowIfNull(type);
        var own = new DiagnosticBag();
        _value = type(obj, new FieldReader(own));
        _diagnostics = own.IsEmpty ? null : own;
        _typed = true;
        if (keepTree || _root is null)
        {
            return;
        }

        if (HostnamesMark(obj.File) is { } hostnames)
        {
            (_hostnamesLine, _hostnamesColumn) = (hostnames.Line, hostnames.Column);
        }

        _root = null;
    }

    // The object's key as it was made last, with the parts it was made from: a copy by `with` shares this holder, and
    // one that changed a part makes its own key. Written by whichever thread asks first; every writer writes the same.
    private ObjectKey? _key;

    /// <summary>
    /// <paramref name="obj"/>'s <c>Kind/namespace/name</c> (or <c>Kind/name</c>), made once: a render asks for it for
    /// every route it counts on a listener, keys by it and checks duplicates by it.
    /// </summary>
    public string KeyOf(ManifestObject obj)
    {
        if (_key is { } k && ReferenceEquals(k.Kind, obj.Kind) && ReferenceEquals(k.Namespace, obj.Namespace) && ReferenceEquals(k.Name, obj.Name))
        {
            return k.Text;
        }

        var text = obj.Namespace is null ? $"{obj.Kind}/{obj.Name}" : $"{obj.Kind}/{obj.Namespace}/{obj.Name}";
        _key = new ObjectKey(obj.Kind, obj.Namespace, obj.Name, text);
        return text;
    }

    private sealed record ObjectKey(string Kind, string? Namespace, string Name, string Text);

    /// <summary>One loaded object read into its type (null: a kind not typed, or one its reader refused) and the diagnostics reading it gave (null: none).</summary>
    internal sealed record Typed(object? Value, DiagnosticBag? Diagnostics);
}
