namespace GitGateway.Reconciler.Tests.Hostile;

/// <summary>
/// The hostile second commits on top of examples/repo-layout, shared by the <c>gitgateway plan</c> tests and the
/// control-plane tests: a team claiming and routing another team's hostname, a team removed, a routing test broken,
/// a team or the repository over a cap of <c>spec.limits</c>.
/// </summary>
internal static class HostileChanges
{
    public const string SearchTeam = "teams/search/team.yaml";

    /// <summary>The search team adds the covering wildcard *.example.com to its claims and routes store.example.com/steal to its own backend.</summary>
    public static IReadOnlyList<(string Path, string? Content)> StealStoreHostname(string exampleRoot)
    {
        var team = File.ReadAllText(Path.Combine(exampleRoot, SearchTeam))
            .Replace("hostnames: [\"search.example.com\", \"*.search.example.com\"]", "hostnames: [\"search.example.com\", \"*.search.example.com\", \"*.example.com\"]", StringComparison.Ordinal);
        return
        [
            (SearchTeam, team),
            ("teams/search/routes/steal.yaml", """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: steal, namespace: search}
                spec:
                  parentRefs: [{name: public, namespace: gateway-system, sectionName: https}]
                  hostnames: [store.example.com]
                  rules:
                  - matches: [{path: {type: PathPrefix, value: /steal}}]
                    backendRefs: [{name: search-api, port: 8080}]
                """),
        ];
    }

    /// <summary>The search team copies store's exact hostname into its claims and routes store.example.com/steal.</summary>
    public static IReadOnlyList<(string Path, string? Content)> CopyStoreHostname(string exampleRoot)
    {
        var steal = StealStoreHostname(exampleRoot);
        var team = File.ReadAllText(Path.Combine(exampleRoot, SearchTeam))
            .Replace("hostnames: [\"search.example.com\", \"*.search.example.com\"]", "hostnames: [\"store.example.com\", \"search.example.com\", \"*.search.example.com\"]", StringComparison.Ordinal);
        return [(SearchTeam, team), steal[1]];
    }

    /// <summary>Every file of the search team deleted: a whole team stops being served.</summary>
    public static IReadOnlyList<(string Path, string? Content)> RemoveSearchTeam(string exampleRoot) =>
        [.. Directory.EnumerateFiles(Path.Combine(exampleRoot, "teams", "search"), "*", SearchOption.AllDirectories)
            .Select(f => (Path.GetRelativePath(exampleRoot, f).Replace('\\', '/'), (string?)null))];

    /// <summary>The store API canary moved to 50/50 while the store's routing test still expects 90/10.</summary>
    public static IReadOnlyList<(string Path, string? Content)> BreakCanaryTest(string exampleRoot)
    {
        const string api = "teams/store/routes/store-api.yaml";
        var text = File.ReadAllText(Path.Combine(exampleRoot, api))
            .Replace("{name: store-api-v1, port: 8080, weight: 90}", "{name: store-api-v1, port: 8080, weight: 50}", StringComparison.Ordinal)
            .Replace("{name: store-api-v2, port: 8080, weight: 10}", "{name: store-api-v2, port: 8080, weight: 50}", StringComparison.Ordinal);
        return [(api, text)];
    }

    /// <summary>The platform sets caps in gitgateway.yaml (a valid first commit: the example fits them).</summary>
    public static IReadOnlyList<(string Path, string? Content)> Limits(string exampleRoot, string limits) =>
        [("gitgateway.yaml", File.ReadAllText(Path.Combine(exampleRoot, "gitgateway.yaml")) + "  limits:\n" + limits)];

    /// <summary>Caps the example fits: 4 routes per team (payments has 4, search 2), 35 manifest files in all (it has 31).</summary>
    public const string TightLimits = "    repository: {files: 35}\n    team: {routes: 4}\n";

    /// <summary>The search team adds <paramref name="count"/> HTTPRoutes of its own hostname, each in its own file.</summary>
    public static IReadOnlyList<(string Path, string? Content)> SearchAddsRoutes(int count) =>
        [.. Enumerable.Range(0, count).Select(i => ($"teams/search/routes/x-more-{i:00}.yaml", (string?)(
            "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\n"
            + $"metadata: {{name: more-{i}, namespace: search}}\n"
            + "spec:\n  parentRefs: [{name: public, namespace: gateway-system, sectionName: https}]\n  hostnames: [search.example.com]\n"
            + $"  rules:\n  - matches: [{{path: {{type: PathPrefix, value: /more-{i}}}}}]\n"
            + "    backendRefs: [{name: search-api, port: 8080}]\n")))];

    /// <summary>One edit of one example file: <paramref name="from"/> (which must be there) becomes <paramref name="to"/>.</summary>
    public static (string Path, string? Content) Edit(string exampleRoot, string file, string from, string to)
    {
        var text = File.ReadAllText(Path.Combine(exampleRoot, file));
        return text.Contains(from, StringComparison.Ordinal) ? (file, text.Replace(from, to, StringComparison.Ordinal)) : throw new ArgumentException($"{file} has no '{from}'");
    }

    /// <summary>Writes (or, for a null content, deletes) each file under <paramref name="root"/>.</summary>
    public static void ApplyTo(string root, IReadOnlyList<(string Path, string? Content)> changes)
    {
        foreach (var (path, content) in changes)
        {
            var full = Path.Combine(root, path);
            if (content is null)
            {
                File.Delete(full);
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
        }
    }
}
