using GitGateway.Renderer.Manifests;

namespace GitGateway.Renderer.Layout;

/// <summary>Reads <c>spec.limits</c> of <c>gitgateway.yaml</c>; a field left out keeps its default.</summary>
internal static class RepoLimitsReader
{
    public static RepoLimits Read(YamlMapping? spec, FieldReader f)
    {
        var limits = f.Map(spec, "limits");
        if (limits is null)
        {
            return RepoLimits.Default;
        }

        return new RepoLimits(
            ReadSet(f.Map(limits, "repository"), RepoLimits.DefaultRepository, f),
            ReadSet(f.Map(limits, "team"), RepoLimits.DefaultTeam, f),
            spec!.KeyMark("limits"));
    }

    private static LimitSet ReadSet(YamlMapping? map, LimitSet defaults, FieldReader f) => new(
        f.IntInRange(map, "files", 1, RepoLimits.MaxCount) ?? defaults.Files,
        f.IntInRange(map, "bytes", 1, RepoLimits.MaxBytes) ?? defaults.Bytes,
        f.IntInRange(map, "routes", 1, RepoLimits.MaxCount) ?? defaults.Routes,
        f.IntInRange(map, "hostnames", 1, RepoLimits.MaxCount) ?? defaults.Hostnames);
}
