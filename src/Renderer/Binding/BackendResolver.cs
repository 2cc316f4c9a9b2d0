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
            var backends = new List<Backend>();
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (var b in rule.Backends)
            {
                var (backend, problem) = One(route, b.Ref, b.Weight, Filters(route, b.Filters, ref first).ToEquatableArray());
                first ??= problem;
                backends.Add(ids.Add(backend.Id) ? backend : backend with { Id = $"{backend.Id}#{backends.Count}" });
                ids.Add(backends[^1].Id);
            }

            var answers = filters.Any(f => f.Type is FilterType.RequestRedirect);
            var serving = backends.Any(b => b.Unresolved is null && b.Weight > 0);
            var direct = !answers && !serving ? new DirectResponse(500, null) : null;
            rules.Add(new ResolvedRule(i, rule, filters, answers ? [] : backends, direct));
        }

        return (rules, first);
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
        var backend = new Backend($"{r.Kind}/{ns}/{r.Name}:{port}", r.Kind, ns, r.Name, port, weight, null, filters, null);
        string? reason = null;
        string? message = null;
        if (r.Group.Length != 0 || r.Kind != "Service")
        {
            (reason, message) = ("InvalidKind", $"backendRef {(r.Group.Length == 0 ? "" : r.Group + "/")}{r.Kind} {r.Name} is not supported: only core Services are backends");
        }
        else if (!index.Permits(KnownKinds.GatewayGroup, route.Kind, route.Namespace, "", "Service", ns, r.Name))
        {
            (reason, message) = ("RefNotPermitted", $"Service {ns}/{r.Name} is in another namespace and no ReferenceGrant in {ns} allows {route.Kind}s from {route.Namespace}: add one");
        }
        else if (index.ServicePorts(ns, r.Name) is not { } ports)
        {
            (reason, message) = ("BackendNotFound", $"Service {ns}/{r.Name} is not in the input: add the Service, or list it under the team's services");
        }
        else if (r.Port is null || ports.All(p => p.Port != port))
        {
            (reason, message) = ("BackendNotFound", $"Service {ns}/{r.Name} has no port {(r.Port is null ? "(none given)" : port)}; it has {string.Join(", ", ports.Select(p => p.Port))}");
        }
        else
        {
            return (backend with { AppProtocol = ports.First(p => p.Port == port).AppProtocol }, null);
        }

        // A missing port was already reported where the backendRef was read (MissingField); one diagnostic is enough.
        if (r.Port is not null)
        {
            diagnostics.Error(reason, r.Mark, message);
        }

        return (backend with { Unresolved = reason }, Conditions.False("ResolvedRefs", reason, message));
    }
}
