using GitGateway.Renderer.Status;

namespace GitGateway.Reconciler.Review;

/// <summary>
/// Status conditions that are not in their good state, one line each: <c>Accepted</c>, <c>ResolvedRefs</c> and
/// <c>Programmed</c> should be True, <c>Conflicted</c> should be False.
/// https://gateway-api.sigs.k8s.io/reference/spec/#routeconditiontype
/// </summary>
internal static class StatusProblems
{
    public static IReadOnlyList<string> Of(RenderStatus status)
    {
        var lines = new List<string>();
        foreach (var gateway in status.GatewayClasses.Concat(status.Gateways))
        {
            AddBad(lines, $"Gateway {gateway.Namespace}/{gateway.Name}", gateway.Conditions);
            foreach (var listener in gateway.Listeners)
            {
                AddBad(lines, $"Gateway {gateway.Namespace}/{gateway.Name} listener {listener.Name}", listener.Conditions);
            }
        }

        foreach (var set in status.ListenerSets)
        {
            AddBad(lines, $"{set.Kind} {set.Namespace}/{set.Name}", set.Conditions);
            foreach (var listener in set.Listeners)
            {
                AddBad(lines, $"{set.Kind} {set.Namespace}/{set.Name} listener {listener.Name}", listener.Conditions);
            }
        }

        foreach (var route in status.Routes)
        {
            foreach (var parent in route.Parents)
            {
                var section = parent.ParentRef.SectionName is { } s ? $" ({s})" : "";
                AddBad(lines, $"{route.Kind} {route.Namespace}/{route.Name} → {parent.ParentRef.Namespace}/{parent.ParentRef.Name}{section}", parent.Conditions);
            }
        }

        return lines;
    }

    private static void AddBad(List<string> lines, string subject, IReadOnlyList<Condition> conditions)
    {
        foreach (var c in conditions)
        {
            var bad = c.Type switch
            {
                "Accepted" or "ResolvedRefs" or "Programmed" => c.Status != "True",
                "Conflicted" => c.Status == "True",
                _ => false,
            };
            if (bad)
            {
                lines.Add($"{subject}: {c.Type}={c.Status} {c.Reason}: {c.Message}");
            }
        }
    }
}
