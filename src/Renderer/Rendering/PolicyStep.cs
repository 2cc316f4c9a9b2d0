using GitGateway.Renderer.Binding;
using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Policies;

namespace GitGateway.Renderer.Rendering;

/// <summary>Step 6: resolve each ProxyPolicy's target (in the policy's own namespace) and index the policies.</summary>
internal static class PolicyStep
{
    public static void Run(RenderContext c)
    {
        var routes = KindsByName(c.Routes);
        var valid = new List<Manifests.PolicyObject>();
        foreach (var p in c.Set.Policies.OrderBy(p => p.Object.Namespace, StringComparer.Ordinal).ThenBy(p => p.Object.Name, StringComparer.Ordinal))
        {
            var ns = p.Object.Namespace!;
            if (p.Target.Namespace is { } targetNs && targetNs != ns)
            {
                c.Diagnostics.Error(DiagnosticCodes.NotOwner, p.Target.Mark, $"a policy may only target objects in its own namespace ({ns}), not {targetNs}: move the policy next to its target");
                continue;
            }

            var found = p.TargetsGateway
                ? c.Gateways.ContainsKey((ns, p.Target.Name))
                : p.Target.Kind == "ProxyRoute"
                    ? routes.ContainsKey((ns, p.Target.Name))
                    : routes.TryGetValue((ns, p.Target.Name), out var kinds) && kinds.Contains(p.Target.Kind);
            if (!found)
            {
                c.Diagnostics.Error(DiagnosticCodes.PolicyTargetNotFound, p.Target.Mark,
                    $"ProxyPolicy {ns}/{p.Object.Name} targets {p.Target.Kind} {ns}/{p.Target.Name}, which is not an attached object of this controller: check kind and name");
                continue;
            }

            valid.Add(p);
        }

        c.Policies = new PolicyIndex(valid, c.Diagnostics);
    }

    // The kinds of the attached routes by namespace and name: a hash table over a pair of strings is in the framework's
    // precompiled code, where a set of (kind, namespace, name) triples was about 17 methods JIT-compiled at start.
    private static Dictionary<(string Ns, string Name), List<string>> KindsByName(List<BoundRoute> routes)
    {
        var kinds = new Dictionary<(string Ns, string Name), List<string>>();
        foreach (var r in routes)
        {
            if (kinds.TryGetValue((r.Route.Namespace, r.Route.Name), out var list))
            {
                list.Add(r.Route.Kind);
            }
            else
            {
                kinds.Add((r.Route.Namespace, r.Route.Name), [r.Route.Kind]);
            }
        }

        return kinds;
    }
}
