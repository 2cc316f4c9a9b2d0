using GitGateway.Plan.Model;

namespace GitGateway.Plan;

/// <summary>
/// Structural checks a node runs before it accepts a plan: what a correct renderer never produces but a
/// corrupted file or a foreign producer might. Returns problems; an empty list means acceptable.
/// </summary>
public static class PlanValidator
{
    /// <summary>Checks a plan; returns one message per problem.</summary>
    public static IReadOnlyList<string> Validate(RoutingPlan plan)
    {
        var problems = new List<string>();
        if (plan.SchemaVersion != RoutingPlan.CurrentSchemaVersion)
        {
            problems.Add($"schemaVersion '{plan.SchemaVersion}' is not '{RoutingPlan.CurrentSchemaVersion}'");
        }

        CheckUnique(plan.Listeners.Select(l => l.Id), "listener", problems);
        CheckUnique(plan.Vips.Select(v => v.Id), "vip", problems);
        foreach (var listener in plan.Listeners)
        {
            ValidateListener(listener, problems);
        }

        return problems;
    }

    private static void ValidateListener(Listener listener, List<string> problems)
    {
        if (listener.Port is < 1 or > 65535)
        {
            problems.Add($"{listener.Id}: port {listener.Port} is outside 1-65535");
        }

        if (listener.Protocol is ListenerProtocol.HTTPS && (listener.Tls is null || listener.Tls.CertificateRefs.IsEmpty))
        {
            problems.Add($"{listener.Id}: HTTPS listener without certificates");
        }

        CheckUnique(listener.VirtualHosts.Select(v => v.Hostname), $"{listener.Id} hostname", problems);
        foreach (var host in listener.VirtualHosts)
        {
            CheckUnique(host.Routes.Select(r => r.Id), $"{host.Id} route", problems);
            foreach (var route in host.Routes)
            {
                CheckBackends(route.Id, route.Backends, problems);
            }
        }

        PlanWireTextValidator.Check(listener, problems);
        CheckUnique(listener.L4Routes.Select(r => r.Id), $"{listener.Id} l4 route", problems);
        foreach (var route in listener.L4Routes)
        {
            CheckBackends(route.Id, route.Backends, problems);
        }
    }

    private static void CheckBackends(string owner, EquatableArray<Backend> backends, List<string> problems)
    {
        foreach (var backend in backends)
        {
            if (backend.Weight < 0)
            {
                problems.Add($"{owner}: backend {backend.Id} has negative weight {backend.Weight}");
            }

            if (backend.Unresolved is null && backend.Port is < 1 or > 65535)
            {
                problems.Add($"{owner}: backend {backend.Id} port {backend.Port} is outside 1-65535");
            }

            // The SNI is sent on the wire and checked against certificates: a DNS name, as the renderer writes it.
            if (backend.Tls is { } tls && (!MountedFiles.IsName(tls.Sni) || (tls.CaCertificateRefs.IsEmpty && !tls.SystemRoots)))
            {
                problems.Add($"{owner}: backend {backend.Id} upstream TLS needs a DNS hostname and trusted CAs");
            }
        }
    }

    private static void CheckUnique(IEnumerable<string> ids, string what, List<string> problems)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            if (!seen.Add(id))
            {
                problems.Add($"duplicate {what} id '{id}'");
            }
        }
    }
}
