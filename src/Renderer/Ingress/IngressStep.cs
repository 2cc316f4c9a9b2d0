using GitGateway.Plan.Model;
using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Manifests;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Renderer.Ingress;

/// <summary>
/// Ingresses served during a move: an Ingress of class <c>gitgateway</c> (or <c>novaedge</c>) renders as the routes
/// and policies <c>gitgateway import ingress</c> would write for it, converted per team folder, so the ownership
/// checks that follow treat them as the team's own routes. Each is a warning that points at the import; an Ingress
/// of another class is left alone with a warning naming its class; an annotation not converted is a warning too.
/// </summary>
internal static class IngressStep
{
    public static void Run(RenderContext c)
    {
        var ingresses = c.Set.All.Where(IngressObjects.IsIngress).ToList();
        foreach (var group in ingresses.GroupBy(o => c.Layout.OwnerOf(o.File)?.Name ?? ""))
        {
            var conversion = new IngressConversion();
            var served = IngressObjects.Read(group, c.Diagnostics, conversion.Notes).Where(i => Served(c, i)).ToList();
            var owner = c.Layout.OwnerOf(group.First().File);
            var context = new IngressContext(IngressParent.From(c.Set.Gateways), owner?.Team.Hostnames ?? []);
            IngressConverter.Convert(served, context, conversion);
            foreach (var note in conversion.Notes.Items.Where(n => n.Kind != IngressNoteKind.Explained && served.Any(s => $"{s.Namespace}/{s.Name}" == n.Ingress)))
            {
                var code = note.Kind == IngressNoteKind.NotConverted ? DiagnosticCodes.IngressNotConverted : DiagnosticCodes.IngressApproximated;
                c.Diagnostics.Warning(code, new SourceMark(note.File, note.Line, note.Column), $"{note.Subject}: {note.Message}");
            }

            Add(c, conversion);
        }
    }

    private static bool Served(RenderContext c, IngressSource ingress)
    {
        if (!IngressClasses.IsServed(ingress.ClassName))
        {
            c.Diagnostics.Warning(DiagnosticCodes.IngressNotServed, ingress.Mark, ingress.ClassName is null
                ? $"Ingress {ingress.Namespace}/{ingress.Name} has no ingressClassName and is not served: set ingressClassName: {IngressClasses.Own} to serve it while it moves"
                : $"Ingress {ingress.Namespace}/{ingress.Name} has ingressClassName '{ingress.ClassName}', not {IngressClasses.Own} (or {IngressClasses.NovaEdge}): it is not served");
            return false;
        }

        var folder = c.Layout.OwnerOf(ingress.Object.File) is { } owner ? $"--team {owner.Name}" : "--team <team>";
        c.Diagnostics.Warning(DiagnosticCodes.IngressServed, ingress.Mark,
            $"Ingress {ingress.Namespace}/{ingress.Name} is served through the routes it converts to; move it to Gateway API: "
            + $"gitgateway import ingress {ingress.Object.File} {folder}, then delete the Ingress");
        return true;
    }

    private static void Add(RenderContext c, IngressConversion conversion)
    {
        var keys = c.Set.All.ToDictionary(o => o.Key, o => o, StringComparer.Ordinal);
        var f = new FieldReader(c.Diagnostics);
        foreach (var doc in conversion.Documents)
        {
            var obj = IngressObjects.ToObject(doc, c.Diagnostics);
            if (keys.TryGetValue(obj.Key, out var first))
            {
                c.Diagnostics.Error(DiagnosticCodes.DuplicateObject, obj.Mark, $"{obj.Key}, converted from Ingress {doc.From.Namespace}/{doc.From.Name}, is also defined at {first.Mark}: rename one of them");
                continue;
            }

            keys.Add(obj.Key, obj);
            c.Set.All.Add(obj);
            if (KnownKinds.IsRoute(obj.Kind))
            {
                c.Set.Routes.Add(RouteReader.Read(obj, f));
            }
            else if (PolicyReader.Read(obj, f) is { } policy)
            {
                c.Set.Policies.Add(policy);
            }
        }
    }
}
