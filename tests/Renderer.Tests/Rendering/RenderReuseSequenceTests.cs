using CsCheck;
using GitGateway.Renderer.Manifests;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Renderer.Tests.Rendering;

/// <summary>
/// Random sequences of commits through one <see cref="ManifestCache"/> and <see cref="RenderReuse"/>: routes added,
/// edited, moved to another hostname and removed, the Gateway's listeners changed (one more, one fewer, a conflict),
/// a ReferenceGrant and a policy coming and going, in any order. After each commit the render with reuse gives what a
/// cold render of the same files gives (plan, statuses, diagnostics), and across a sequence some routes are replayed.
/// </summary>
public sealed class RenderReuseSequenceTests
{
    private const string Gateway = "platform/gateways/public.yaml";
    private const string Grant = "teams/payments/grants/allow-store-checkout.yaml";
    private const string Policy = "teams/store/policies/seq-timeout.yaml";

    private static readonly string[] Hostnames = ["store.example.com", "shop.store.example.com"];

    // (what, which, how): what changes, which route or variant, how it looks after.
    private static readonly Gen<(int What, int Which, int How)> Change = Gen.Select(Gen.Int[0, 5], Gen.Int[0, 5], Gen.Int[0, 3]);

    [Fact]
    public void Render_RandomChangeSequencesWithReuse_EachResultSameAsAColdRender()
    {
        var example = RenderReuseTests.Example();
        long reused = 0;
        Change.Array[1, 10].Sample(changes =>
        {
            var files = new Dictionary<string, string>(example, StringComparer.Ordinal);
            var (cache, reuse) = (new ManifestCache(), new RenderReuse());
            RenderReuseTests.Render(files, cache, reuse);
            foreach (var change in changes)
            {
                Apply(files, example, change);
                if (RenderReuseTests.Render(files, cache, reuse) != RenderReuseTests.Render(files, null, null))
                {
                    return false;
                }
            }

            Interlocked.Add(ref reused, reuse.Reused);
            return true;
        }, iter: 60, threads: 1);

        Assert.True(reused > 0, "no sequence replayed a route's binding");
    }

    private static void Apply(Dictionary<string, string> files, Dictionary<string, string> example, (int What, int Which, int How) change)
    {
        var route = $"teams/store/routes/seq-{change.Which}.yaml";
        switch (change.What)
        {
            case 0 or 1:
                files[route] = Route($"seq-{change.Which}", $"/seq/{change.How}", Hostnames[change.How % Hostnames.Length]);
                break;
            case 2:
                files.Remove(route);
                break;
            case 3:
                files[Gateway] = GatewayVariant(example[Gateway], change.How);
                break;
            case 4:
                Toggle(files, Grant, example[Grant]);
                break;
            default:
                Toggle(files, Policy, TimeoutFor($"seq-{change.Which}"));
                break;
        }
    }

    private static void Toggle(Dictionary<string, string> files, string path, string text)
    {
        if (!files.Remove(path))
        {
            files[path] = text;
        }
    }

    // As in the example; without GRPCRoutes allowed; with one listener more; with a listener conflicting with one.
    private static string GatewayVariant(string gateway, int how) => how switch
    {
        0 => gateway,
        1 => gateway.Replace("      - kind: HTTPRoute\n      - kind: GRPCRoute\n", "      - kind: HTTPRoute\n", StringComparison.Ordinal),
        2 => gateway.Replace("  listeners:\n", "  listeners:\n  - {name: extra, port: 8081, protocol: HTTP}\n", StringComparison.Ordinal),
        _ => gateway.Replace("  listeners:\n", "  listeners:\n  - {name: http-dup, port: 80, protocol: HTTP}\n", StringComparison.Ordinal),
    };

    private static string Route(string name, string path, string hostname) => $$$"""
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: {{{name}}}, namespace: store}
        spec:
          parentRefs: [{name: public, namespace: gateway-system}]
          hostnames: ["{{{hostname}}}"]
          rules:
          - matches: [{path: {type: PathPrefix, value: {{{path}}}}}]
            backendRefs: [{name: store-web, port: 8080}]

        """;

    private static string TimeoutFor(string route) => $$$"""
        apiVersion: gitgateway.dev/v1alpha1
        kind: ProxyPolicy
        metadata: {name: seq-timeout, namespace: store}
        spec:
          type: Timeout
          targetRef: {group: gateway.networking.k8s.io, kind: HTTPRoute, name: {{{route}}}}
          timeout: {request: 7s}

        """;
}
