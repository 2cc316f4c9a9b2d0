using System.Text;
using GitGateway.Reconciler.Demo;

namespace GitGateway.Soak;

/// <summary>
/// The soak's repository: the example's platform and store team with 20 routes (<c>/r0</c> to store-web,
/// <c>/r1</c> to store-api-v1, …), and the change committed every few seconds: one route, <c>soak</c>, whose path
/// and backend change with each commit (never a destructive change).
/// </summary>
internal static class SoakRepository
{
    public static void Seed(string work)
    {
        var examples = Path.Combine(FindRoot(), "examples", "repo-layout");
        foreach (var f in new[] { "gitgateway.yaml", "platform/team.yaml", "platform/gatewayclass.yaml", "platform/gateways/public.yaml", "platform/vips/pool.yaml", "platform/vips/public-vip.yaml", "teams/store/team.yaml" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(work, f))!);
            File.Copy(Path.Combine(examples, f), Path.Combine(work, f));
        }

        // No freeze window: the soak changes the plan around the clock.
        var config = File.ReadAllText(Path.Combine(work, "gitgateway.yaml"));
        var cut = config.IndexOf("  freezeWindows:", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(work, "gitgateway.yaml"), cut < 0 ? config : config[..cut]);
        var routes = new StringBuilder();
        for (var i = 0; i < 20; i++)
        {
            routes.Append(Route($"r{i}", $"/r{i}", i % 2 == 0 ? "store-web" : "store-api-v1")).Append("---\n");
        }

        Directory.CreateDirectory(Path.Combine(work, "teams/store/routes"));
        File.WriteAllText(Path.Combine(work, "teams/store/routes/routes.yaml"), routes.ToString());
        File.WriteAllText(Path.Combine(work, "teams/store/routes/soak.yaml"), Route("soak", "/soak-0", "store-web"));
        DemoRunner.Git(work, "init", "-q", "--initial-branch=main");
        Commit(work, "seed");
    }

    public static void Change(string work, int n)
    {
        File.WriteAllText(Path.Combine(work, "teams/store/routes/soak.yaml"), Route("soak", $"/soak-{n}", n % 2 == 0 ? "store-web" : "store-api-v1"));
        Commit(work, $"soak change {n}");
    }

    public static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "GitGateway.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("GitGateway.sln not found above " + AppContext.BaseDirectory);
    }

    private static void Commit(string work, string message)
    {
        DemoRunner.Git(work, "add", "-A");
        DemoRunner.Git(work, "-c", "user.name=soak", "-c", "user.email=soak@gitgateway.invalid", "commit", "-q", "-m", message);
    }

    private static string Route(string name, string path, string backend) => $"""
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {"{"}name: {name}, namespace: store{"}"}
        spec:
          parentRefs: [{"{"}name: public, namespace: gateway-system, sectionName: https{"}"}]
          hostnames: ["store.example.com"]
          rules:
          - matches: [{"{"}path: {"{"}type: PathPrefix, value: {path}{"}"}{"}"}]
            backendRefs: [{"{"}name: {backend}, port: 8080{"}"}]

        """;
}
