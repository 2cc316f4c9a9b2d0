namespace GitGateway.Reconciler.Tests.Hostile;

/// <summary>
/// The hostile second commits on top of examples/repo-layout, shared by the <c>gitgateway plan</c> tests and the
/// control-plane tests: a team claiming and routing another team's hostname, a team removed, a routing test broken.
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
