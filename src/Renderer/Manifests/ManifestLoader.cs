using System.Collections.ObjectModel;
using GitGateway.Plan.Model;
using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Ingress;
using GitGateway.Renderer.Rendering;
using GitGateway.Renderer.Schemas;

namespace GitGateway.Renderer.Manifests;

/// <summary>
/// Reads every <c>.yaml</c>/<c>.yml</c>/<c>.json</c> file into <see cref="ManifestObject"/>s: checks apiVersion,
/// kind and metadata, checks each document against its kind's schema, skips kinds that routing does not depend
/// on, and reports duplicates naming both places. In a config repository (<paramref name="layout"/> given) an
/// apiVersion or kind we do not read is an error unless <c>gitgateway.yaml</c> lists it under <c>ignoredKinds</c>.
/// </summary>
internal static class ManifestLoader
{
    /// <summary>Whether a path is read as manifests.</summary>
    public static bool IsManifestFile(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Loads the objects of all manifest files, in file order then document order, each holding its document's tree
    /// (for a caller that reads the trees itself: the layout's files, an import).
    /// </summary>
    public static IReadOnlyList<ManifestObject> Load(IEnumerable<SourceFile> files, DiagnosticBag diagnostics, GitGatewayConfig? layout = null) =>
        Load(files, diagnostics, layout, cache: null, type: false);

    /// <summary>
    /// Loads the objects of all manifest files as <see cref="Load(IEnumerable{SourceFile}, DiagnosticBag, GitGatewayConfig?)"/>
    /// does, and reads each into its type as soon as its file is parsed, letting go of its tree
    /// (<see cref="ManifestDocument.Type"/>; <see cref="ManifestSetReader.Read"/> takes the typed reads); a file with a
    /// blob id is loaded through <paramref name="cache"/> when one is given, typed reads included.
    /// </summary>
    public static IReadOnlyList<ManifestObject> LoadTyped(IEnumerable<SourceFile> files, DiagnosticBag diagnostics, GitGatewayConfig? layout, ManifestCache? cache) =>
        Load(files, diagnostics, layout, cache, type: true);

    private static List<ManifestObject> Load(IEnumerable<SourceFile> files, DiagnosticBag diagnostics, GitGatewayConfig? layout, ManifestCache? cache, bool type)
    {
        ArgumentNullException.ThrowIfNull(files);
        var ordered = files.Where(f => IsManifestFile(f.Path)).OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        var loaded = LoadAll(ordered, layout, cache, type);
        var objects = new List<ManifestObject>();
        var seen = new Dictionary<string, ManifestObject>(StringComparer.Ordinal);
        foreach (var entry in loaded)
        {
            diagnostics.AddRange(entry.Diagnostics);
            foreach (var obj in entry.Objects)
            {
                var key = obj.Key;
                if (seen.TryGetValue(key, out var first))
                {
                    diagnostics.Error(DiagnosticCodes.DuplicateObject, obj.Mark,
                        $"{key} is also defined at {first.Mark}; an object may be defined once: remove or rename one of them");
                    continue;
                }

                seen.Add(key, obj);
                objects.Add(obj);
            }
        }

        return objects;
    }

    /// <summary>How many files load at once: one per core.</summary>
    public static int MaxParallelism { get; } = Math.Max(1, Environment.ProcessorCount);

    // Each file loads on its own (parse, schema check, typed read, into a bag of its own), so files load on every
    // core, at most MaxParallelism at once; the results are kept by position and merged above in path order, so
    // the objects and diagnostics do not depend on which file finished first.
    private static ManifestCache.Entry[] LoadAll(List<SourceFile> files, GitGatewayConfig? layout, ManifestCache? cache, bool type)
    {
        var loaded = new ManifestCache.Entry[files.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = MaxParallelism };
        Parallel.For(0, files.Count, options, i =>
        {
            var file = files[i];
            loaded[i] = cache is not null && file.BlobId is { } blobId
                ? cache.GetOrLoad(file.Path, blobId, layout, () => LoadFile(file, layout, type))
                : LoadFile(file, layout, type);
        });
        return loaded;
    }

    // One file's objects, and the diagnostics reading it gave, in a bag of its own so that they can be kept with it;
    // with the object keys of its documents as ManifestKeys reads them (one parse of the file serves both). Typed
    // here, an object's tree dies with its file's parse, young, instead of living until the render ends; an Ingress
    // keeps its tree for the render's conversion (IngressStep).
    private static ManifestCache.Entry LoadFile(SourceFile file, GitGatewayConfig? layout, bool type)
    {
        var diagnostics = new DiagnosticBag();
        var objects = new List<ManifestObject>();
        var keys = new List<string>();
        foreach (var root in YamlDocumentReader.Read(file.Path, file.Content, diagnostics))
        {
            if (ManifestKeys.KeyOf(root) is { } key)
            {
                keys.Add(key);
            }

            if (ToObject(root, new FieldReader(diagnostics), layout) is { } obj)
            {
                objects.Add(obj);
                if (type)
                {
                    obj.Document.Type(obj, ManifestSetReader.Type, keepTree: IngressObjects.IsIngress(obj));
                }
            }
        }

        return new ManifestCache.Entry(objects, diagnostics, keys);
    }

    private static ManifestObject? ToObject(YamlNode root, FieldReader fields, GitGatewayConfig? layout)
    {
        var d = fields.Diagnostics;
        if (root is not YamlMapping map)
        {
            d.Error(DiagnosticCodes.NotAnObject, root.Mark, $"a manifest document must be a mapping with apiVersion, kind and metadata, not {root.ShapeName}");
            return null;
        }

        var apiVersion = fields.Str(map, "apiVersion", required: true);
        var kind = fields.Str(map, "kind", required: true);
        if (apiVersion is null || kind is null)
        {
            return null;
        }

        var slash = apiVersion.LastIndexOf('/');
        var group = slash < 0 ? "" : apiVersion[..slash];
        var version = slash < 0 ? apiVersion : apiVersion[(slash + 1)..];
        var support = KnownKinds.Classify(group, version, kind);
        var errorsBefore = d.ErrorCount;
        if (support is KindSupport.Read)
        {
            if (SchemaCatalog.Find(group, version, kind) is { } schema)
            {
                SchemaValidator.Validate(map, schema, kind, d);
            }

            if (KnownKinds.ReplacementVersion(group, version, kind) is { } replacement)
            {
                d.Warning(DiagnosticCodes.DeprecatedApiVersion, map.Get("apiVersion")?.Mark ?? map.Mark,
                    $"{kind} {version} is deprecated (the Gateway API CRDs no longer serve it): it is still read; write apiVersion {group}/{replacement}");
            }
        }
        else if (layout is null ? support is KindSupport.Ignored : layout.Ignores(apiVersion, kind))
        {
            return null;
        }
        else if (layout is not null)
        {
            var code = support is KindSupport.UnsupportedVersion ? DiagnosticCodes.UnsupportedApiVersion : DiagnosticCodes.UnknownKind;
            d.Error(code, map.Mark, $"'{apiVersion}' kind '{kind}' is not read by GitGateway: fix apiVersion and kind, "
                + $"or list {{apiVersion: {apiVersion}, kind: {kind}}} under spec.ignoredKinds in {GitGatewayConfig.FileName}");
            return null;
        }
        else
        {
            var code = support is KindSupport.Unknown ? DiagnosticCodes.UnknownKind : DiagnosticCodes.UnsupportedApiVersion;
            d.Warning(code, map.Mark, $"'{apiVersion}' kind '{kind}' is not read by GitGateway and is ignored; check apiVersion and kind for typos");
            return null;
        }

        return WithMetadata(map, group, version, kind, fields, errorsBefore);
    }

    // The object, marked as having schema errors when any error was found since errorsBefore (metadata's included):
    // made once, not made and then copied to set the mark.
    private static ManifestObject? WithMetadata(YamlMapping map, string group, string version, string kind, FieldReader fields, int errorsBefore)
    {
        var metadata = fields.Map(map, "metadata", required: true);
        var name = fields.Str(metadata, "name", required: metadata is not null);
        if (metadata is null || string.IsNullOrEmpty(name))
        {
            if (metadata is not null && name is not null)
            {
                fields.Diagnostics.Error(DiagnosticCodes.MissingField, metadata.Mark, "metadata.name is empty: give the object a name");
            }

            return null;
        }

        string? ns = null;
        if (!KnownKinds.IsClusterScoped(kind))
        {
            ns = fields.Str(metadata, "namespace") ?? "default";
        }

        return new ManifestObject(group, version, kind, name, ns, StrMapOrNone(metadata, "labels", fields), StrMapOrNone(metadata, "annotations", fields), map, map.Mark)
        {
            HasSchemaErrors = fields.Diagnostics.ErrorCount > errorsBefore,
        };
    }

    // Most objects have no labels or no annotations: an absent one is the one empty dictionary every object shares
    // (two sorted dictionaries of three objects each were a sixth of the objects a route keeps), a present one is read.
    private static IReadOnlyDictionary<string, string> StrMapOrNone(YamlMapping metadata, string key, FieldReader fields) =>
        metadata.Get(key) is null ? ReadOnlyDictionary<string, string>.Empty : fields.StrMap(metadata, key);

    internal static SourceMark MarkOf(YamlNode? node, ManifestObject obj) => node?.Mark ?? obj.Mark;
}
