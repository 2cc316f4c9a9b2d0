using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Manifests;
using GitGateway.Renderer.Schemas;

namespace GitGateway.Renderer.Ingress;

/// <summary>
/// Reads Ingress objects, and turns converted documents into objects the renderer reads: each is checked against
/// its kind's schema like a file in the repository would be, so a hostile path or name in the Ingress is reported
/// at the Ingress's own line (InvalidPath, ControlCharacter, …) and the route is not attached.
/// </summary>
internal static class IngressObjects
{
    public static bool IsIngress(ManifestObject obj) => obj.Group == KnownKinds.NetworkingGroup && obj.Kind == "Ingress";

    public static List<IngressSource> Read(IEnumerable<ManifestObject> objects, DiagnosticBag d, IngressNotes notes)
    {
        var f = new FieldReader(d);
        var result = new List<IngressSource>();
        foreach (var obj in objects.Where(IsIngress))
        {
            if (!obj.HasSchemaErrors && IngressReader.Read(obj, f, notes) is { } source)
            {
                result.Add(source);
            }
        }

        return result;
    }

    public static ManifestObject ToObject(IngressDocument doc, DiagnosticBag d)
    {
        var slash = doc.ApiVersion.LastIndexOf('/');
        var (group, version) = (doc.ApiVersion[..slash], doc.ApiVersion[(slash + 1)..]);
        var before = d.ErrorCount;
        if (SchemaCatalog.Find(group, version, doc.Kind) is { } schema)
        {
            SchemaValidator.Validate(doc.Root, schema, doc.Kind, d);
        }

        var empty = new Dictionary<string, string>();
        return new ManifestObject(group, version, doc.Kind, doc.Name, doc.Namespace, empty, empty, doc.Root, doc.From.Mark) { HasSchemaErrors = d.ErrorCount > before };
    }
}
