using GitGateway.Plan;
using GitGateway.Plan.Model;
using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Manifests;
using GitGateway.Renderer.Status;

namespace GitGateway.Renderer.Binding;

/// <summary>
/// Resolves a route's backendRefs and mirror backends against the input: core Services only (InvalidKind),
/// cross-namespace only with a ReferenceGrant (RefNotPermitted), declared with the port (BackendNotFound).
/// A rule whose backends all fail answers 500; a partly failing rule keeps the failed weight share as
/// unresolved backends (https://gateway-api.sigs.k8s.io/reference/spec/#httpbackendref).
/// </summary>
internal sealed class BackendResolver(BindingIndex index, DiagnosticBag diagnostics)
{
    /// <summary>Resolves every rule; returns the first ResolvedRefs problem, or null.</summary>
    public (List<ResolvedRule> Rules, Condition? Problem) Resolve(RouteObject route)
    {
        ArgumentNullException.ThrowIfNull(route);
        Condition? first = null;
        var rules = new List<ResolvedRule>();
        for (var i = 0; i < route.Rules.Count; i++)
        {
            var rule = route.Rules[i];
            var filters = Filters(route, rule.Filters, ref first);
            var backends = new List<Backend>(rule.Backends.Count);
            foreach (var b in rule.Backends)
            {
                var backendFilters = b.Filters.Count == 0 ? EquatableArray<Filter>.Empty : Filters(route, b.Filters, ref first).ToEquatableArray();
                var (backend, problem) = One(route, b.Ref, b.Weight, backendFilters);
                first ??= problem;
                // A repeated id gets the backend's position; a rule has a few backends, so the ids are scanned, not hashed.
                backends.Add(HasId(backends, backend.Id) ? backend with { Id = $"{backend.Id}#{backends.Count}" } : backend);
            }

            var answers = filters.Any(f => f.Type is FilterType.RequestRedirect);
            var serving = backends.Any(b => b.Unresolved is null && b.Weight > 0);
            var direct = !answers && !serving ? new DirectResponse(500, null) : null;
            rules.Add(new ResolvedRule(i, rule, filters, answers ? [] : backends, direct));
        }

        return (rules, first);
    }

    private static bool HasId(List<Backend> backends, string id)
    {
        foreach (var b in backends)
        {
            if (string.Equals(b.Id, id, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private List<Filter> Filters(RouteObject route, IReadOnlyList<FilterSpec> specs, ref Condition? first)
    {
        var result = new List<Filter>();
        foreach (var f in specs)
        {
            if (f.Value is not null)
            {
                result.Add(f.Value);
                continue;
            }

            var (backend, problem) = One(route, f.Mirror!, 1, default);
            first ??= problem;
            if (problem is null)
            {
                result.Add(new Filter(FilterType.RequestMirror, RequestMirror: new MirrorFilter(backend, f.Numerator, f.Denominator)));
            }
        }

        return result;
    }

    private (Backend Backend, Condition? Problem) One(RouteObject route, RefSpec r, int weight, EquatableArray<Filter> filters)
    {
        var ns = r.NamespaceOr(route.Namespace);
        var port = r.Port ?? 0;
        var (reason, message, appProtocol, id) = Check(route, r, ns, port);
        // Built once, with what the check found: the backend is never made first and copied. A resolved backend's id
        // is its Service port's, built once per render; another's is built here, the same way.
        var backend = new Backend(id ?? BackendIds.Of(r.Kind, ns, r.Name, port), r.Kind, ns, r.Name, port, weight, appProtocol, filters, reason);
        if (reason is null)
        {
            return (backend, null);
        }

        // A missing port was already reported where the backendRef was read (MissingField); one diagnostic is enough.
        if (r.Port is not null)
        {
            diagnostics.Error(reason, r.Mark, message!);
        }

        return (backend, Conditions.False("ResolvedRefs", reason, message!));
    }

    // Why the backendRef does not resolve (reason and message), or the Service port's appProtocol and backend id when it does.
    private (string? Reason, string? Message, string? AppProtocol, string? Id) Check(RouteObject route, RefSpec r, string ns, int port)
    {
        if (r.Group.Length != 0 || r.Kind != "Service")
        {
            return ("InvalidKind", $"backendRef {(r.Group.Length == 0 ? "" : r.Group + "/")}{r.Kind} {r.Name} is not supported: only core Services are backends", null, null);
        }

        if (!index.Permits(KnownKinds.GatewayGroup, route.Kind, route.Namespace, "", "Service", ns, r.Name))
        {
            return ("RefNotPermitted", $"Service {ns}/{r.Name} is in another namespace and no ReferenceGrant in {ns} allows {route.Kind}s from {route.Namespace}: add one", null, null);
        }

        if (index.Service(ns, r.Name) is not { } service)
        {
            return ("BackendNotFound", $"Service {ns}/{r.Name} is not in the input: add the Service, or list it under the team's services", null, null);
        }

        var ports = service.Ports;
        if (r.Port is not null)
        {
            for (var i = 0; i < ports.Count; i++)
            {
                if (ports[i].Port == port)
                {
                    return (null, null, ports[i].AppProtocol, service.Id(i));
                }
            }
        }

        return ("BackendNotFound", $"Service {ns}/{r.Name} has no port {(r.Port is null ? "(none given)" : port)}; it has {string.Join(", ", ports.Select(p => p.Port))}", null, null);
    }
}
