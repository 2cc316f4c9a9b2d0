using GitGateway.Renderer.Rendering;

namespace GitGateway.Conformance.Tests.Setup;

/// <summary>
/// The objects' ages as the control plane would derive them from Git if the case were a repository: the base and
/// test manifests are the first commit, and each phase's applied objects (<c>manifests/mutations/phase-N.yaml</c>,
/// what the suite applies mid-test) a later commit, so an object first applied in phase N has rank N. An object
/// applied again keeps its first rank, as an update keeps an object's creationTimestamp.
/// </summary>
internal static class CaseHistory
{
    private const string PhasePrefix = "manifests/mutations/phase-";

    public static ObjectAges Ages(IReadOnlyList<(string Path, string Yaml)> files)
    {
        var ranks = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (path, yaml) in files)
        {
            var rank = path.StartsWith(PhasePrefix, StringComparison.Ordinal) ? long.Parse(path[PhasePrefix.Length..^".yaml".Length], System.Globalization.CultureInfo.InvariantCulture) : 0;
            foreach (var m in Manifest.ParseAll(yaml))
            {
                var key = ObjectAges.KeyOf(m.Kind, m.Namespace, m.Name);
                ranks[key] = ranks.TryGetValue(key, out var known) ? Math.Min(known, rank) : rank;
            }
        }

        return new ObjectAges(ranks, "conformance phases");
    }
}
