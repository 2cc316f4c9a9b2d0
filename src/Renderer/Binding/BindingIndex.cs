using GitGateway.Renderer.Manifests;

namespace GitGateway.Renderer.Binding;

/// <summary>
/// Lookups the binding rules need, built once per render: namespace labels, Services (objects or team
/// catalogues), TLS material, and ReferenceGrants by namespace. References resolve only against the input
/// (CRDS.md "What references resolve against").
/// </summary>
internal sealed class BindingIndex
{
    private readonly Dictionary<string, Dictionary<string, string>> _namespaceLabels = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Ns, string Name), ServiceBackends> _services = [];
    private readonly Dictionary<(string Kind, string Ns, string Name), string?> _tls = [];
    private readonly Dictionary<(string Kind, string Ns, string Name), string?> _ca = [];
    private readonly Dictionary<string, List<ReferenceGrantObject>> _grants = new(StringComparer.Ordinal);

    /// <summary>Builds the index from a manifest set.</summary>
    public BindingIndex(ManifestSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        foreach (var ns in set.Namespaces)
        {
            Labels(ns.Name).Clear();
            foreach (var (k, v) in ns.Labels)
            {
                Labels(ns.Name)[k] = v;
            }
        }

        foreach (var team in set.Teams)
        {
            IndexTeam(team);
        }

        foreach (var svc in set.Services)
        {
            _services[(svc.Object.Namespace!, svc.Object.Name)] = new ServiceBackends(svc.Object.Namespace!, svc.Object.Name, svc.Ports);
        }

        foreach (var m in set.TlsMaterial)
        {
            _tls[(m.Object.Kind, m.Object.Namespace!, m.Object.Name)] = m.Problem;
            _ca[(m.Object.Kind, m.Object.Namespace!, m.Object.Name)] = m.CaProblem;
        }

        foreach (var g in set.Grants)
        {
            if (!_grants.TryGetValue(g.Object.Namespace!, out var list))
            {
                _grants[g.Object.Namespace!] = list = [];
            }

            list.Add(g);
        }
    }

    /// <summary>The labels of a namespace, including the automatic <c>kubernetes.io/metadata.name</c>.</summary>
    public IReadOnlyDictionary<string, string> NamespaceLabels(string ns) => Labels(ns);

    /// <summary>The ports of a Service, or null when the input declares no such Service.</summary>
    public IReadOnlyList<ServicePort>? ServicePorts(string ns, string name) => Service(ns, name)?.Ports;

    /// <summary>The Service with its ports and backend ids, or null when the input declares no such Service.</summary>
    public ServiceBackends? Service(string ns, string name) => _services.GetValueOrDefault((ns, name));

    /// <summary>Whether a Secret/ConfigMap exists, and its problem (null when usable).</summary>
    public bool TryGetTls(string kind, string ns, string name, out string? problem) => _tls.TryGetValue((kind, ns, name), out problem);

    /// <summary>
    /// Whether a Secret/ConfigMap exists, and its problem as a CA bundle (<c>ca.crt</c>; null when usable). A team's
    /// catalogued certificate exists by name only: its material is on the nodes, never in Git.
    /// </summary>
    public bool TryGetCa(string kind, string ns, string name, out string? problem) => _ca.TryGetValue((kind, ns, name), out problem);

    /// <summary>
    /// Whether a ReferenceGrant in <paramref name="toNs"/> lets <paramref name="fromKind"/> objects in
    /// <paramref name="fromNs"/> refer to the target (https://gateway-api.sigs.k8s.io/api-types/referencegrant/).
    /// </summary>
    public bool Permits(string fromGroup, string fromKind, string fromNs, string toGroup, string toKind, string toNs, string toName)
    {
        if (fromNs == toNs)
        {
            return true;
        }

        foreach (var grant in _grants.GetValueOrDefault(toNs) ?? [])
        {
            var fromOk = grant.From.Any(f => f.Group == fromGroup && f.Kind == fromKind && f.Namespace == fromNs);
            var toOk = grant.To.Any(t => t.Group == toGroup && t.Kind == toKind && (string.IsNullOrEmpty(t.Name) || t.Name == toName));
            if (fromOk && toOk)
            {
                return true;
            }
        }

        return false;
    }

    private void IndexTeam(Team team)
    {
        foreach (var (ns, labels) in team.NamespaceLabels)
        {
            foreach (var (k, v) in labels)
            {
                Labels(ns).TryAdd(k, v);
            }
        }

        foreach (var svc in team.Services)
        {
            var ports = svc.Ports.Select(p => new ServicePort(p, null, svc.AppProtocol, "TCP")).ToList();
            foreach (var ns in svc.Namespace is null ? team.Namespaces : [svc.Namespace])
            {
                _services.TryAdd((ns, svc.Name), new ServiceBackends(ns, svc.Name, ports));
            }
        }

        foreach (var cert in team.Certificates)
        {
            _tls.TryAdd((cert.Kind, cert.Namespace, cert.Name), null);
            _ca.TryAdd((cert.Kind, cert.Namespace, cert.Name), null);
        }
    }

    private Dictionary<string, string> Labels(string ns)
    {
        if (!_namespaceLabels.TryGetValue(ns, out var labels))
        {
            _namespaceLabels[ns] = labels = new Dictionary<string, string>(StringComparer.Ordinal) { ["kubernetes.io/metadata.name"] = ns };
        }

        labels["kubernetes.io/metadata.name"] = ns;
        return labels;
    }
}
