namespace GitGateway.Renderer.Manifests;

/// <summary>Reads ListenerSets (https://gateway-api.sigs.k8s.io/reference/spec/#listenerset); their listeners read like a Gateway's.</summary>
internal static class ListenerSetReader
{
    /// <summary>Reads <paramref name="obj"/>.</summary>
    public static ListenerSetObject Read(ManifestObject obj, FieldReader f)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(f);
        var spec = f.Map(obj.Root, "spec", required: true);
        var parent = f.Map(spec, "parentRef", required: true);
        var parentRef = parent is null ? null : RefReader.Read(parent, f, KnownKinds.GatewayGroup, "Gateway");
        return new ListenerSetObject(obj, parentRef, GatewayReader.ReadListeners(spec, f, obj.Kind));
    }
}
