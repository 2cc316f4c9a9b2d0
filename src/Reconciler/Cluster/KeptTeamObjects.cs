using GitGateway.Reconciler.Git;
using GitGateway.Renderer.Rendering;
using GitGateway.Renderer.Status;

namespace GitGateway.Reconciler.Cluster;

/// <summary>
/// The objects of a commit applied with teams kept from earlier commits (team isolation): the commit's files with
/// each kept team folder replaced by that folder at the commit it was kept from, rendered again, so the cluster holds
/// what the nodes serve (the kept team's last good objects, every other team's new ones). Each object from a kept
/// folder is annotated <c>gitgateway.dev/kept-from: &lt;commit&gt;</c> and its conditions (a Gateway's, or every parent's
/// of a route) get <c>gitgateway.dev/LatestCommitApplied</c> False, reason <c>TeamRefused</c>, naming the first error,
/// as Argo CD shows an app whose latest revision did not sync.
/// </summary>
internal static class KeptTeamObjects
{
    public const string KeptFromAnnotation = "gitgateway.dev/kept-from";
    public const string ConditionType = "gitgateway.dev/LatestCommitApplied";
    public const string Reason = "TeamRefused";

    /// <summary>
    /// The files and render of the applied commit as it was applied; null when it does not render whole that way
    /// either. It renders from <paramref name="head"/>, the input the commit was rendered from, with only its files
    /// swapped, so the objects' ages and anything else set on it still count.
    /// </summary>
    public static async Task<(IReadOnlyList<SourceFile> Files, RenderResult Result)?> RenderAsync(
        ICommitSource source, RenderInput head, IReadOnlyDictionary<string, string> kept, CancellationToken cancellationToken)
    {
        var files = head.Files.Where(f => !kept.Keys.Any(folder => f.Path.StartsWith(folder, StringComparison.Ordinal))).ToList();
        foreach (var (folder, commit) in kept.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            files.AddRange((await source.ReadAsync(commit, cancellationToken)).Files.Where(f => f.Path.StartsWith(folder, StringComparison.Ordinal)));
        }

        var result = PlanRenderer.Render(head with { Files = files });
        return result.HasErrors ? null : (files, result);
    }

    /// <summary>Marks the objects whose source file is in a kept folder.</summary>
    public static DesiredObjects.Result Mark(DesiredObjects.Result objects, string commit, IReadOnlyDictionary<string, string> kept, IReadOnlyDictionary<string, string>? errors)
    {
        return objects with { Objects = [.. objects.Objects.Select(Marked)] };

        DesiredObject Marked(DesiredObject o)
        {
            var path = o.Body["metadata"]?["annotations"]?[ClusterStatusOptions.SourceAnnotation]?.GetValue<string>();
            if (path is null || kept.Keys.FirstOrDefault(f => path.StartsWith(f, StringComparison.Ordinal)) is not { } folder)
            {
                return o;
            }

            var body = o.Body.DeepClone().AsObject();
            body["metadata"]!["annotations"]![KeptFromAnnotation] = kept[folder];
            var why = errors?.GetValueOrDefault(folder) is { } error ? ": " + error : "";
            var condition = new Condition(ConditionType, "False", Reason, $"{folder} did not render at {ShortId.Commit(commit)}{why}; its files of {ShortId.Commit(kept[folder])} are applied");
            return o with { Body = body, Status = With(o.Status, condition) };
        }
    }

    private static object With(object status, Condition condition) => status switch
    {
        GatewayStatus gateway => gateway with { Conditions = [.. gateway.Conditions, condition] },
        RouteStatus route => route with { Parents = [.. route.Parents.Select(p => p with { Conditions = [.. p.Conditions, condition] })] },
        ListenerSetStatus set => set with { Conditions = [.. set.Conditions, condition] },
        _ => status,
    };

}
