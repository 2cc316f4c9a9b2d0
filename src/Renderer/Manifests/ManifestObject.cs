using GitGateway.Plan.Model;

namespace GitGateway.Renderer.Manifests;

/// <summary>One Kubernetes-style object read from a file, before its spec is typed.</summary>
/// <param name="Group">The API group (empty for core).</param>
/// <param name="Version">The API version.</param>
/// <param name="Kind">The kind.</param>
/// <param name="Name">metadata.name.</param>
/// <param name="Namespace">metadata.namespace, defaulted to <c>default</c> for namespaced kinds, null for cluster-scoped kinds.</param>
/// <param name="Labels">metadata.labels.</param>
/// <param name="Annotations">metadata.annotations.</param>
/// <param name="Root">The whole document, held in <see cref="Document"/> until the render's load has typed the object.</param>
/// <param name="Mark">Where the document starts.</param>
internal sealed record ManifestObject(
    string Group,
    string Version,
    string Kind,
    string Name,
    string? Namespace,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    YamlMapping Root,
    SourceMark Mark)
{
    // A record compares and copies this holder, as it did the tree: a copy made by `with` shares the document.
    private readonly ManifestDocument _document = new(Root);

    /// <summary>The whole document (see <see cref="ManifestDocument.Root"/>: not held once the render's load has typed the object).</summary>
    public YamlMapping Root => _document.Root;

    /// <summary>The document's holder: the tree until the object is typed, then its typed read and the places kept.</summary>
    public ManifestDocument Document => _document;

    /// <summary>Whether the schema pass found an error in the document (a route with one is not attached).</summary>
    public bool HasSchemaErrors { get; init; }

    /// <summary>The spec mapping, when present.</summary>
    public YamlMapping? Spec => Root.Get("spec") as YamlMapping;

    /// <summary>The repo-relative file.</summary>
    public string File => Mark.File;

    /// <summary><c>Kind/namespace/name</c> (or <c>Kind/name</c>), for messages and duplicate detection.</summary>
    public string Key => _document.KeyOf(this);
}
