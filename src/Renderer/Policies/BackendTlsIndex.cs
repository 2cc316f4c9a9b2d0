using GitGateway.Plan;
using GitGateway.Plan.Model;
using GitGateway.Renderer.Binding;
using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Manifests;
using GitGateway.Renderer.Rendering;
using GitGateway.Renderer.Status;

namespace GitGateway.Renderer.Policies;

/// <summary>
/// Which BackendTLSPolicy applies to which Service port, and each policy's status
/// (https://gateway-api.sigs.k8s.io/api-types/backendtlspolicy/). A policy with a sectionName applies to the
/// Service port of that name and takes precedence there over one without; among policies for the same target
/// and sectionName the oldest wins (<see cref="ObjectAges"/>, from Git history when the caller has it), then the
/// first by {namespace}/{name}, as for routes. The losers are <c>Accepted: False, Conflicted</c>.
/// </summary>
internal sealed class BackendTlsIndex
{
    private readonly Dictionary<(string Ns, string Service, string Section), List<BackendTlsPolicyState>> _groups = [];
    private readonly List<BackendTlsPolicyState> _states = [];

    private BackendTlsIndex()
    {
    }

    /// <summary>An index of no policies.</summary>
    public static BackendTlsIndex Empty { get; } = new();

    /// <summary>Validates every policy and groups them by target.</summary>
    public static BackendTlsIndex Build(IReadOnlyList<BackendTlsPolicyObject> policies, BindingIndex index, DiagnosticBag diagnostics, ObjectAges? ages = null)
    {
        ArgumentNullException.ThrowIfNull(policies);
        var result = new BackendTlsIndex();
        foreach (var p in policies.OrderBy(p => ages?.RankOf(p.Object.Kind, p.Namespace, p.Name) ?? 0).ThenBy(p => p.Namespace, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal))
        {
            var state = BackendTlsPolicyValidator.Validate(p, index, diagnostics);
            result._states.Add(state);
            foreach (var t in p.Targets)
            {
                if (t.Group.Length != 0 || t.Kind != "Service")
                {
                    diagnostics.Warning(DiagnosticCodes.PolicyTargetNotFound, t.Mark, $"BackendTLSPolicy {p.Namespace}/{p.Name} targets {t.Group}/{t.Kind} {t.Name}: only core Services are targets, so this one is ignored");
                    continue;
                }

                var key = (p.Namespace, t.Name, t.SectionName ?? "");
                if (!result._groups.TryGetValue(key, out var group))
                {
                    result._groups[key] = group = [];
                }

                if (group.Count > 0)
                {
                    state.ConflictedWith ??= group[0].Policy;
                }

                group.Add(state);
            }
        }

        foreach (var s in result._states.Where(s => s.ConflictedWith is not null))
        {
            diagnostics.Warning("Conflicted", s.Policy.Mark, $"BackendTLSPolicy {s.Policy.Namespace}/{s.Policy.Name} targets what {s.ConflictedWith!.Namespace}/{s.ConflictedWith.Name} already targets, which takes precedence (first by name): it is not applied");
        }

        return result;
    }

    /// <summary>
    /// The backend with its upstream TLS when a policy targets its Service port; unresolved (the node answers
    /// 500 for its share) when the policy that applies has no usable CA certificate, never plaintext instead.
    /// </summary>
    public Backend Apply(Backend backend, CertificateRef? clientCertificate, BindingIndex index)
    {
        ArgumentNullException.ThrowIfNull(backend);
        if (_groups.Count == 0)
        {
            return backend;
        }

        if (!backend.Filters.IsEmpty)
        {
            backend = backend with { Filters = ApplyToMirrors(backend.Filters, clientCertificate, index).ToEquatableArray() };
        }

        if (backend.Unresolved is not null || Winner(backend, index) is not { } state)
        {
            return backend;
        }

        return state.Tls is { } tls
            ? backend with { Tls = tls with { ClientCertificateRef = clientCertificate } }
            : backend with { Unresolved = state.AcceptedReason };
    }

    /// <summary>
    /// The filters with each RequestMirror's backend as <see cref="Apply"/> makes it: a copy to a Service under a
    /// policy goes over the policy's TLS, and a mirror whose policy has no usable CA is unresolved (not sent), never
    /// sent in cleartext.
    /// </summary>
    public IEnumerable<Filter> ApplyToMirrors(IEnumerable<Filter> filters, CertificateRef? clientCertificate, BindingIndex index) =>
        _groups.Count == 0
            ? filters
            : filters.Select(f => f.RequestMirror is { } m ? f with { RequestMirror = m with { Backend = Apply(m.Backend, clientCertificate, index) } } : f);

    /// <summary>The backends of a rule's RequestMirror filters, its own and its backends'.</summary>
    public static IEnumerable<Backend> MirrorBackends(IEnumerable<Filter> ruleFilters, IEnumerable<Backend> backends) =>
        ruleFilters.Concat(backends.SelectMany(b => b.Filters)).Select(f => f.RequestMirror?.Backend).OfType<Backend>();

    /// <summary>Records that <paramref name="gateway"/> routes to <paramref name="backend"/>: an ancestor of every policy targeting its Service.</summary>
    public void NoteAncestor(Backend backend, GatewayObject gateway, BindingIndex index)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(gateway);
        foreach (var group in Groups(backend, index))
        {
            foreach (var state in group)
            {
                state.Ancestors.Add((gateway.Namespace, gateway.Name));
            }
        }
    }

    /// <summary>The statuses, by namespace/name; a policy no route reaches has no ancestors.</summary>
    public List<PolicyStatus> Statuses(string controllerName) =>
        _states.Select(s => new PolicyStatus(
            "BackendTLSPolicy",
            s.Policy.Namespace,
            s.Policy.Name,
            s.Ancestors.Select(a => new PolicyAncestorStatus(new ParentReference(KnownKinds.GatewayGroup, "Gateway", a.Ns, a.Name, null, null), controllerName, s.Conditions())).ToList()))
        .ToList();

    private BackendTlsPolicyState? Winner(Backend backend, BindingIndex index) => Groups(backend, index).FirstOrDefault()?[0];

    // The groups that target the backend's Service port: its sectionName's first (it takes precedence), then the whole Service.
    private IEnumerable<List<BackendTlsPolicyState>> Groups(Backend backend, BindingIndex index)
    {
        if (backend.Kind != "Service" || _groups.Count == 0)
        {
            yield break;
        }

        var portName = index.ServicePorts(backend.Namespace, backend.Name)?.FirstOrDefault(p => p.Port == backend.Port)?.Name;
        if (!string.IsNullOrEmpty(portName) && _groups.TryGetValue((backend.Namespace, backend.Name, portName), out var section))
        {
            yield return section;
        }

        if (_groups.TryGetValue((backend.Namespace, backend.Name, ""), out var whole))
        {
            yield return whole;
        }
    }
}
