using System.Security.Cryptography;
using System.Text;
using GitGateway.Fixtures;
using GitGateway.Renderer.Manifests;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Renderer.Tests.Rendering;

/// <summary>
/// Renders of one repository after another through one <see cref="ManifestCache"/> and <see cref="RenderReuse"/> (as
/// the control plane renders) give, for every commit, what a cold render of it gives: the plan, the statuses and the
/// diagnostics. The commits change what a kept binding depends on besides its route (a Gateway's listeners, a
/// ReferenceGrant, a policy, a conflicting listener, a hostname another team claims) and the routes themselves (added,
/// moved between files, renamed), and the renders between them reuse the bindings of the routes they did not touch.
/// </summary>
public sealed class RenderReuseTests
{
    private const string Gateway = "platform/gateways/public.yaml";

    // The example repository's files by path (OrderReuseTests starts from it too).
    internal static Dictionary<string, string> Example()
    {
        var root = Path.Combine(RepoPaths.Root, "examples", "repo-layout");
        return Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f).Replace('\\', '/'), File.ReadAllText, StringComparer.Ordinal);
    }

    private static string Route(string name, string path, string hostname = "store.example.com", string ns = "store") => $$$"""
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: {{{name}}}, namespace: {{{ns}}}}
        spec:
          parentRefs: [{name: public, namespace: gateway-system, sectionName: https}]
          hostnames: ["{{{hostname}}}"]
          rules:
          - matches: [{path: {type: PathPrefix, value: {{{path}}}}}]
            backendRefs: [{name: store-web, port: 8080}]

        """;

    private const string Timeout = """
        apiVersion: gitgateway.dev/v1alpha1
        kind: ProxyPolicy
        metadata: {name: extra-timeout, namespace: store}
        spec:
          type: Timeout
          targetRef: {group: gateway.networking.k8s.io, kind: HTTPRoute, name: extra-a}
          timeout: {request: 7s}

        """;

    // Each step changes the files in place and names what it changed.
    private static IEnumerable<(string Step, Action<Dictionary<string, string>> Change)> Steps()
    {
        string? kept = null;
        yield return ("a route added", f => f["teams/store/routes/extra-a.yaml"] = Route("extra-a", "/extra-a"));
        yield return ("another route added", f => f["teams/store/routes/extra-b.yaml"] = Route("extra-b", "/extra-b"));
        yield return ("a listener stops allowing GRPCRoutes", f => f[Gateway] = f[Gateway].Replace("      - kind: HTTPRoute\n      - kind: GRPCRoute\n", "      - kind: HTTPRoute\n", StringComparison.Ordinal));
        yield return ("the listener allows them again", f => f[Gateway] = Example()[Gateway]);
        yield return ("a conflicting listener appears", f => f[Gateway] = f[Gateway].Replace("  listeners:\n", "  listeners:\n  - {name: http-dup, port: 80, protocol: HTTP}\n", StringComparison.Ordinal));
        yield return ("the conflicting listener goes", f => f[Gateway] = Example()[Gateway]);
        yield return ("a ReferenceGrant removed", f => { kept = f["teams/payments/grants/allow-store-checkout.yaml"]; f.Remove("teams/payments/grants/allow-store-checkout.yaml"); });
        yield return ("the ReferenceGrant back", f => f["teams/payments/grants/allow-store-checkout.yaml"] = kept!);
        yield return ("a policy attached", f => f["teams/store/policies/extra-timeout.yaml"] = Timeout);
        yield return ("a route more while it is attached", f => f["teams/store/routes/extra-c.yaml"] = Route("extra-c", "/extra-c"));
        yield return ("the policy detached", f => f.Remove("teams/store/policies/extra-timeout.yaml"));
        yield return ("a route moved between files", f => { f.Remove("teams/store/routes/extra-a.yaml"); f["teams/store/routes/moved/extra-a.yaml"] = Route("extra-a", "/extra-a"); });
        yield return ("another team claims the store's hostname", f => f["teams/search/routes/steal.yaml"] = Route("steal", "/steal", ns: "search"));
        yield return ("the claim goes", f => f.Remove("teams/search/routes/steal.yaml"));
        yield return ("a route renamed", f => f["teams/store/routes/extra-b.yaml"] = Route("extra-renamed", "/extra-b"));
        yield return ("a route edited", f => f["teams/store/routes/extra-c.yaml"] = Route("extra-c", "/extra-c2"));
    }

    [Fact]
    public void Render_SequenceOfChangesWithReuse_EachResultSameAsAColdRender()
    {
        var files = Example();
        var cache = new ManifestCache();
        var reuse = new RenderReuse();
        var reusedAfterFirstRoute = 0L;
        Render(files, cache, reuse);
        foreach (var (step, change) in Steps())
        {
            change(files);

            var warm = Render(files, cache, reuse);
            var cold = Render(files, null, null);

            Assert.True(cold == warm, $"after '{step}' the render with reuse differs from a cold one");
            reusedAfterFirstRoute = step == "a route added" ? reuse.Reused : reusedAfterFirstRoute;
        }

        Assert.True(reusedAfterFirstRoute > 0, "a commit adding one route bound every route again");
        Assert.True(reuse.Reused > reusedAfterFirstRoute && reuse.Bound > 0, $"reused {reuse.Reused}, bound {reuse.Bound}");
    }

    [Fact]
    public void Render_SameFilesWithoutBlobIds_NothingReused()
    {
        var files = Example().Select(kv => new SourceFile(kv.Key, Encoding.UTF8.GetBytes(kv.Value))).ToList();
        var (cache, reuse) = (new ManifestCache(), new RenderReuse());

        PlanRenderer.Render(new RenderInput(files, "main") { Cache = cache, Reuse = reuse });
        PlanRenderer.Render(new RenderInput(files, "main") { Cache = cache, Reuse = reuse });

        Assert.Equal(0, reuse.Reused);
    }

    // The files' render as JSON, each file with its blob id (what reuse keys on); RenderReuseSequenceTests renders so too.
    internal static string Render(Dictionary<string, string> files, ManifestCache? cache, RenderReuse? reuse)
    {
        var sources = files.Select(kv =>
        {
            var bytes = Encoding.UTF8.GetBytes(kv.Value);
            return new SourceFile(kv.Key, bytes) { BlobId = Convert.ToHexStringLower(SHA1.HashData(bytes)) };
        }).ToList();
        return RenderJson.ToJson(PlanRenderer.Render(new RenderInput(sources, "main@sha1:test") { Cache = cache, Reuse = reuse }));
    }
}
