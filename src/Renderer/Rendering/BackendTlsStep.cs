using GitGateway.Plan.Model;
using GitGateway.Renderer.Binding;
using GitGateway.Renderer.Policies;

namespace GitGateway.Renderer.Rendering;

/// <summary>
/// Step 6b: validate the BackendTLSPolicies and find their ancestors, the Gateways whose attached routes send
/// traffic to a targeted Service: HTTPRoutes, GRPCRoutes, and TLSRoutes on terminating listeners (the Extended
/// support of BackendTLSPolicy.spec.targetRefs). The listeners step then applies them per backend.
/// </summary>
internal static class BackendTlsStep
{
    public static void Run(RenderContext c)
    {
        if (c.Set.BackendTlsPolicies.Count == 0)
        {
            return;
        }

        c.BackendTls = BackendTlsIndex.Build(c.Set.BackendTlsPolicies, c.Index, c.Diagnostics, c.Input.Ages);
        foreach (var a in c.Routes.SelectMany(r => r.Attachments).Where(Carries))
        {
            // A mirror sends the route's traffic to its Service too, so the Gateway is an ancestor of its policy.
            foreach (var backend in a.Route.Rules.SelectMany(rule => rule.Backends.Concat(BackendTlsIndex.MirrorBackends(rule.Filters, rule.Backends))))
            {
                c.BackendTls.NoteAncestor(backend, a.Listener.Gateway, c.Index);
            }
        }
    }

    /// <summary>Whether a route attached this way reaches its backends over HTTP or terminated TLS, where the policy applies.</summary>
    public static bool Carries(Attachment a) =>
        a.Route.Route.IsHttp || (a.Route.Route.Kind == "TLSRoute" && a.Listener.Tls?.Mode == TlsMode.Terminate);
}
