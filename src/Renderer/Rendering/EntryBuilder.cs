using GitGateway.Plan;
using GitGateway.Plan.Model;
using GitGateway.Renderer.Binding;
using GitGateway.Renderer.Manifests;

namespace GitGateway.Renderer.Rendering;

/// <summary>Turns an attached HTTPRoute/GRPCRoute into route entries (one per rule match) for one listener.</summary>
internal static class EntryBuilder
{
    public static List<BuiltEntry> Build(RenderContext c, BoundRoute route, BoundListener listener)
    {
        var r = route.Route;
        var routeRef = new ObjectRef(r.Kind, r.Namespace, r.Name);
        var prefix = $"{r.Kind.ToLowerInvariant()}/{r.Namespace}/{r.Name}";
        var result = new List<BuiltEntry>();
        var gateway = c.Gateways.GetValueOrDefault((listener.Gateway.Namespace, listener.Gateway.Name));
        foreach (var rule in route.Rules)
        {
            var (policies, timeouts, retry) = c.Policies.Effective(r, rule.Spec.Name, listener.Gateway.Namespace, listener.Gateway.Name, listener.Spec.Name, rule.Spec.Timeouts, rule.Spec.Retry);
            var matches = rule.Spec.Matches.Count == 0 ? [new MatchSpec(MatchReader.MatchAll, rule.Spec.Mark)] : rule.Spec.Matches;
            for (var j = 0; j < matches.Count; j++)
            {
                var m = matches[j];
                var entry = new RouteEntry(
                    $"{prefix}/rule/{rule.Index}/match/{j}",
                    routeRef,
                    rule.Spec.Name,
                    m.Match,
                    c.BackendTls.ApplyToMirrors(rule.Filters, gateway?.BackendClientCertificate, c.Index).ToEquatableArray(),
                    rule.Backends.Select(b => c.BackendTls.Apply(b, gateway?.BackendClientCertificate, c.Index)).ToEquatableArray(),
                    rule.DirectResponse,
                    timeouts,
                    retry,
                    policies,
                    m.Mark);
                result.Add(new BuiltEntry(entry, rule.Index, j));
            }
        }

        return result;
    }
}
