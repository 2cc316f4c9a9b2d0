using GitGateway.Renderer.Layout;

namespace GitGateway.Renderer.Rendering;

/// <summary>
/// Everything a route's binding and entries read besides the route itself, as of one render: every typed object that
/// is not a route (by reference: the same instance is the same blob read through the same cache), the ages of the
/// ListenerSets and BackendTLSPolicies (the oldest wins a conflict), the layout's files (by blob id), the controller
/// name and the node addresses. Two renders with equal keys bind an unchanged route alike. A file without a blob id
/// or a render without a cache gives a key equal to no other.
/// </summary>
internal sealed class ReuseKey
{
    private readonly object[] _objects;
    private readonly string[] _values;

    private ReuseKey(object[] objects, string[] values)
    {
        _objects = objects;
        _values = values;
    }

    /// <summary>The key of <paramref name="c"/> after its Gateways and ListenerSets are bound, or null when nothing can be reused.</summary>
    public static ReuseKey? Of(RenderContext c)
    {
        if (c.Input.Reuse is null || c.Input.Cache is null)
        {
            return null;
        }

        var set = c.Set;
        var objects = new List<object>();
        objects.AddRange(set.GatewayClasses);
        objects.AddRange(set.Gateways);
        objects.AddRange(set.ListenerSets);
        objects.AddRange(set.Grants);
        objects.AddRange(set.Services);
        objects.AddRange(set.TlsMaterial);
        objects.AddRange(set.Namespaces);
        objects.AddRange(set.Vips);
        objects.AddRange(set.VipPools);
        objects.AddRange(set.Policies);
        objects.AddRange(set.BackendTlsPolicies);
        if (!c.Layout.IsLayout)
        {
            objects.AddRange(set.Teams);
        }

        var values = new List<string> { c.ControllerName, string.Join(',', c.Input.NodeAddresses ?? []), c.Layout.IsLayout ? "layout" : "", c.Input.Ages is null ? "" : "ages" };
        foreach (var file in c.Input.Files.Where(f => IsLayoutFile(f.Path)))
        {
            if (file.BlobId is null)
            {
                return null;
            }

            values.Add(file.Path + "@" + file.BlobId);
        }

        if (c.Input.Ages is { } ages)
        {
            values.AddRange(set.ListenerSets.Select(s => ages.RankOf(s.Object.Kind, s.Namespace, s.Name).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            values.AddRange(set.BackendTlsPolicies.Select(p => ages.RankOf(p.Object.Kind, p.Namespace, p.Name).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return new ReuseKey([.. objects], [.. values]);
    }

    public override bool Equals(object? obj) => obj is ReuseKey other
        && _objects.Length == other._objects.Length && _values.AsSpan().SequenceEqual(other._values)
        && _objects.Select((o, i) => ReferenceEquals(o, other._objects[i])).All(same => same);

    public override int GetHashCode() => _objects.Length;

    // gitgateway.yaml and every team.yaml: the layout is read from them anew on every render.
    private static bool IsLayoutFile(string path) =>
        path == Manifests.GitGatewayConfig.FileName || path == RepoLayout.TeamFileName || path.EndsWith("/" + RepoLayout.TeamFileName, StringComparison.Ordinal);
}
