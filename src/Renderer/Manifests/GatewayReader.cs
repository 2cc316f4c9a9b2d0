using GitGateway.Plan.Model;
using GitGateway.Renderer.Diagnostics;

namespace GitGateway.Renderer.Manifests;

/// <summary>Reads Gateways (https://gateway-api.sigs.k8s.io/reference/spec/#gatewayspec).</summary>
internal static class GatewayReader
{
    /// <summary>The most listeners a Gateway may have (the Gateway API CRD limit, reported by the schema pass).</summary>
    public const int MaxListeners = 64;

    /// <summary>Reads <paramref name="obj"/>.</summary>
    public static GatewayObject Read(ManifestObject obj, FieldReader f)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(f);
        var spec = f.Map(obj.Root, "spec", required: true);
        var listeners = ReadListeners(spec, f, "Gateway");
        var addresses = f.MapSeq(spec, "addresses").Select(a => (f.Str(a, "type") ?? "IPAddress", f.Str(a, "value") ?? "")).ToList();
        var tls = f.Map(f.Map(spec, "tls"), "frontend");
        var backendClient = f.Map(f.Map(f.Map(spec, "tls"), "backend"), "clientCertificateRef");
        var perPort = new Dictionary<int, FrontendValidation>();
        foreach (var p in f.MapSeq(tls, "perPort"))
        {
            if (f.IntInRange(p, "port", 1, 65535, required: true) is { } port && Validation(f.Map(f.Map(p, "tls"), "validation"), f) is { } v)
            {
                perPort[(int)port] = v;
            }
        }

        return new GatewayObject(
            obj,
            f.Str(spec, "gatewayClassName", required: true) ?? "",
            listeners,
            addresses,
            f.Map(f.Map(spec, "infrastructure"), "parametersRef") is not null,
            Validation(f.Map(f.Map(tls, "default"), "validation"), f),
            perPort,
            AllowedListeners(f.Map(f.Map(spec, "allowedListeners"), "namespaces"), f))
        {
            BackendClientCertificate = backendClient is null ? null : RefReader.Read(backendClient, f, "", "Secret"),
        };
    }

    /// <summary>
    /// Reads <c>spec.listeners</c> of a Gateway or a ListenerSet: at most <see cref="MaxListeners"/>, names unique
    /// within the object (a ListenerSet's names need not differ from its Gateway's).
    /// </summary>
    public static List<ListenerSpec> ReadListeners(YamlMapping? spec, FieldReader f, string kind)
    {
        ArgumentNullException.ThrowIfNull(f);
        var listeners = new List<ListenerSpec>();
        var names = new Dictionary<string, SourceMark>(StringComparer.Ordinal);
        foreach (var l in f.MapSeq(spec, "listeners", required: true).Take(MaxListeners))
        {
            var listener = ReadListener(l, f);
            if (listener is null)
            {
                continue;
            }

            if (!names.TryAdd(listener.Name, listener.Mark))
            {
                f.Diagnostics.Error(DiagnosticCodes.DuplicateObject, listener.Mark, $"listener name '{listener.Name}' is also used at {names[listener.Name]}: listener names must be unique in a {kind}");
                continue;
            }

            listeners.Add(listener);
        }

        return listeners;
    }

    // spec.allowedListeners.namespaces: "The default value is to allow no ListenerSets" (from: None).
    private static (string From, LabelSelector? Selector) AllowedListeners(YamlMapping? namespaces, FieldReader f)
    {
        var from = f.Str(namespaces, "from") ?? "None";
        if (from is not ("All" or "Same" or "Selector" or "None"))
        {
            f.Diagnostics.Error(DiagnosticCodes.InvalidField, namespaces!.Get("from")!.Mark, $"allowedListeners.namespaces.from '{from}' must be All, Same, Selector or None");
            from = "None";
        }

        return (from, from == "Selector" ? LabelSelector.Read(f.Map(namespaces, "selector", required: true), f) : null);
    }

    private static FrontendValidation? Validation(YamlMapping? map, FieldReader f) =>
        map is null ? null : new FrontendValidation(RefReader.ReadList(map, "caCertificateRefs", f, "", "ConfigMap"), f.Str(map, "mode") ?? "AllowValidOnly", map.Mark);

    private static List<RefSpec> ReadKinds(YamlMapping allowed, FieldReader f) =>
        f.MapSeq(allowed, "kinds")
            .Select(k => new RefSpec(f.Str(k, "group") ?? KnownKinds.GatewayGroup, f.Str(k, "kind", required: true) ?? "", null, "", null, null, k.Mark))
            .ToList();

    private static ListenerSpec? ReadListener(YamlMapping l, FieldReader f)
    {
        var name = f.Str(l, "name", required: true);
        var port = f.IntInRange(l, "port", 1, 65535, required: true);
        var protocol = f.Str(l, "protocol", required: true);
        if (name is null || port is null || protocol is null)
        {
            return null;
        }

        var hostname = f.Str(l, "hostname");
        if (hostname is not null && Hostnames.Validate(hostname, allowWildcard: true) is { } problem)
        {
            f.Diagnostics.Error(DiagnosticCodes.InvalidHostname, l.Get("hostname")!.Mark, problem);
            hostname = null;
        }

        var tls = f.Map(l, "tls");
        var allowed = f.Map(l, "allowedRoutes");
        var namespaces = f.Map(allowed, "namespaces");
        var from = f.Str(namespaces, "from") ?? "Same";
        if (from is not ("All" or "Same" or "Selector" or "None"))
        {
            f.Diagnostics.Error(DiagnosticCodes.InvalidField, namespaces!.Get("from")!.Mark, $"allowedRoutes.namespaces.from '{from}' must be All, Same, Selector or None");
            from = "None";
        }

        var selector = from == "Selector" ? LabelSelector.Read(f.Map(namespaces, "selector", required: true), f) : null;
        var kinds = allowed?.Get("kinds") is null ? null : ReadKinds(allowed, f);
        return new ListenerSpec(
            name,
            hostname?.ToLowerInvariant(),
            (int)port,
            protocol,
            tls is null ? null : f.Str(tls, "mode") ?? "Terminate",
            RefReader.ReadList(tls, "certificateRefs", f, "", "Secret"),
            from,
            selector,
            kinds,
            l.Mark);
    }
}
