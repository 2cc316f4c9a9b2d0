using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Renderer.Manifests;

/// <summary>
/// The <see cref="ObjectAges.KeyOf"/> keys of a manifest file's objects, read as the renderer reads them (namespace
/// <c>default</c> when unset, none for cluster-scoped kinds) but without checking anything else: the control plane
/// uses it to follow objects through history. A file that does not parse has no keys.
/// </summary>
public static class ManifestKeys
{
    /// <summary>The keys of the objects in <paramref name="content"/>; empty for a path the renderer does not read.</summary>
    public static IReadOnlyList<string> Read(string path, ReadOnlyMemory<byte> content)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!ManifestLoader.IsManifestFile(path))
        {
            return [];
        }

        var keys = new List<string>();
        foreach (var root in YamlDocumentReader.Read(path, content, new DiagnosticBag()))
        {
            if (KeyOf(root) is { } key)
            {
                keys.Add(key);
            }
        }

        return keys;
    }

    /// <summary>The key of one parsed document, or null when it is not a mapping with a kind and a metadata.name.</summary>
    internal static string? KeyOf(YamlNode root)
    {
        if (root is not YamlMapping map
            || (map.Get("kind") as YamlScalar)?.Value is not { Length: > 0 } kind
            || map.Get("metadata") is not YamlMapping metadata
            || (metadata.Get("name") as YamlScalar)?.Value is not { Length: > 0 } name)
        {
            return null;
        }

        var ns = KnownKinds.IsClusterScoped(kind) ? null : (metadata.Get("namespace") as YamlScalar)?.Value ?? "default";
        return ObjectAges.KeyOf(kind, ns, name);
    }
}
