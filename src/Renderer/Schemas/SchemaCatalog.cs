using System.Collections.Concurrent;
using System.Text;
using GitGateway.Renderer.Manifests;

namespace GitGateway.Renderer.Schemas;

/// <summary>
/// The schema of every kind the renderer reads: the Gateway API kinds from the vendored upstream CRDs
/// (<c>third_party/gateway-api/crds/experimental</c>, a superset of the standard channel, embedded at build),
/// and our own and the core kinds from the hand-written schemas in <c>Manifests/Schemas</c>. Each file is read
/// once, the first time one of its kinds is met.
/// </summary>
internal static class SchemaCatalog
{
    private const string CrdPrefix = "crds/gateway.networking.k8s.io_";

    private static readonly Dictionary<string, string> GatewayFiles = new(StringComparer.Ordinal)
    {
        ["GatewayClass"] = "gatewayclasses",
        ["Gateway"] = "gateways",
        ["HTTPRoute"] = "httproutes",
        ["GRPCRoute"] = "grpcroutes",
        ["TCPRoute"] = "tcproutes",
        ["TLSRoute"] = "tlsroutes",
        ["UDPRoute"] = "udproutes",
        ["ReferenceGrant"] = "referencegrants",
        ["BackendTLSPolicy"] = "backendtlspolicies",
        ["ListenerSet"] = "listenersets",
    };

    private static readonly ConcurrentDictionary<string, Lazy<SchemaReader.KindSchemas?>> Gateway = new(StringComparer.Ordinal);

    private static readonly Lazy<Dictionary<string, SchemaReader.KindSchemas>> Own = new(LoadOwn);

    /// <summary>The schema of <c>metadata</c>, which the CRDs leave open.</summary>
    public static SchemaNode ObjectMeta => Own.Value["meta.k8s.io/ObjectMeta"].Versions["v1"];

    /// <summary>The schema of a group/version/kind, or null when we have none (the kind is not read).</summary>
    public static SchemaNode? Find(string group, string version, string kind)
    {
        SchemaReader.KindSchemas? schemas;
        // XListenerSet (the experimental group) is read as ListenerSet, so it is checked against ListenerSet's schema.
        if (group == KnownKinds.ExperimentalGroup && kind == "XListenerSet")
        {
            (group, version, kind) = (KnownKinds.GatewayGroup, "v1", "ListenerSet");
        }

        if (group == KnownKinds.GatewayGroup)
        {
            schemas = GatewayFiles.ContainsKey(kind) ? Gateway.GetOrAdd(kind, k => new Lazy<SchemaReader.KindSchemas?>(() => LoadGateway(k))).Value : null;
        }
        else
        {
            var g = group == KnownKinds.NovaEdgeGroup ? KnownKinds.OwnGroup : group;
            schemas = Own.Value.GetValueOrDefault($"{g}/{kind}");
        }

        // A version the CRD no longer serves (e.g. an old alpha) is checked against the newest one it has.
        return schemas is null ? null : schemas.Versions.GetValueOrDefault(version) ?? schemas.Versions.Values.First();
    }

    private static SchemaReader.KindSchemas? LoadGateway(string kind)
    {
        var kinds = SchemaReader.Read(GatewayFiles[kind], CrdWithoutDescriptions(GatewayFiles[kind])).ToList();
        foreach (var schema in kinds.SelectMany(k => k.Versions.Values))
        {
            MarkWireFields(schema);
        }

        return kinds.FirstOrDefault(k => k.Kind == kind);
    }

    private static Dictionary<string, SchemaReader.KindSchemas> LoadOwn()
    {
        var assembly = typeof(SchemaCatalog).Assembly;
        var result = new Dictionary<string, SchemaReader.KindSchemas>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("schemas/", StringComparison.Ordinal)))
        {
            foreach (var kind in SchemaReader.Read(name, Resource(name)))
            {
                result[$"{kind.Group}/{kind.Kind}"] = kind;
            }
        }

        return result;
    }

    // The upstream schemas only bound the length of rewrite and redirect paths; they reach the backend as the
    // request target, so they are held to the RFC 3986 path grammar too.
    private static void MarkWireFields(SchemaNode node)
    {
        foreach (var (name, child) in node.Properties ?? new Dictionary<string, SchemaNode>())
        {
            if (name is "replacePrefixMatch" or "replaceFullPath" && child.Type == "string")
            {
                child.Wire = "path";
            }

            // A certificate name becomes a directory on the nodes (DIR/<ns>/<name>/tls.crt): upstream only bounds
            // its length, so "../../etc" would pass; we hold it to a DNS-1123 subdomain like the Secret it names.
            if (name is "certificateRefs" or "caCertificateRefs" && child.Items?.Properties?.GetValueOrDefault("name") is { } refName)
            {
                refName.Wire = "dns-subdomain";
            }

            MarkWireFields(child);
        }

        if (node.Items is { } items)
        {
            MarkWireFields(items);
        }

        if (node.AdditionalProperties is { } values)
        {
            MarkWireFields(values);
        }
    }

    /// <summary>The vendored CRD files the Gateway API kinds are read from (<c>httproutes</c>, …).</summary>
    internal static IEnumerable<string> CrdFiles => GatewayFiles.Values.Distinct(StringComparer.Ordinal);

    /// <summary>A vendored CRD as it is parsed: its descriptions blanked (<see cref="CrdDescriptions"/>).</summary>
    internal static ReadOnlyMemory<byte> CrdWithoutDescriptions(string file) =>
        Encoding.UTF8.GetBytes(CrdDescriptions.Blank(Encoding.UTF8.GetString(Crd(file).Span)));

    /// <summary>A vendored CRD as it is embedded.</summary>
    internal static ReadOnlyMemory<byte> Crd(string file) => Resource(CrdPrefix + file + ".yaml");

    private static ReadOnlyMemory<byte> Resource(string name)
    {
        using var stream = typeof(SchemaCatalog).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"the schema resource {name} is not embedded");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
