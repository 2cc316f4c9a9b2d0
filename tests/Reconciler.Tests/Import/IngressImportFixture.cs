using System.Text.Json.Nodes;
using GitGateway.Reconciler.Tests.Cli;
using GitGateway.Reconciler.Tests.Git;

namespace GitGateway.Reconciler.Tests.Import;

/// <summary>
/// The example repository with a team "legacy" moving off Ingress: imports Ingress YAML into its folder, then runs
/// validate and plan (which renders the head and runs every routing test) as a pull request would.
/// </summary>
internal sealed class IngressImportFixture : IDisposable
{
    private const string Team = """
        apiVersion: gitgateway.dev/v1alpha1
        kind: Team
        metadata: {name: legacy}
        spec:
          role: team
          owners: ["@acme/legacy"]
          namespaces: [legacy]
          namespaceLabels: {legacy: {gateway-access: "true"}}
          hostnames: ["legacy.example.com", "*.legacy.example.com"]
          services:
          - {name: web, ports: [8080]}
          - {name: api, ports: [8080]}
          - {name: api-v2, ports: [8080]}
          - {name: grpc, ports: [9090]}
        """;

    private readonly TempDirectory _inputs = new();

    public IngressImportFixture()
    {
        Repo = TempGitRepository.Create();
        Repo.CopyFrom(Cli.Cli.Example);
        Repo.Write("teams/legacy/team.yaml", Team + "\n");
        Repo.Commit("seed, and the legacy team");
    }

    public TempGitRepository Repo { get; }

    public string TeamDir => Path.Combine(Repo.Path, "teams", "legacy");

    public string Input(string yaml, string name = "ingress.yaml") => _inputs.Write(name, yaml);

    public Task<(int ExitCode, string Output, string Error)> ImportAsync(string yaml, params string[] extra) =>
        Cli.Cli.RunAsync(["import", "ingress", Input(yaml), "--team", "legacy", "--out", Repo.Path, .. extra]);

    /// <summary>Commits what the import wrote on a branch and plans it against main: exit code and the legacy team's tests.</summary>
    public async Task<(int ExitCode, List<JsonNode> Tests, string Output)> PlanAsync()
    {
        Repo.Git("checkout", "-q", "-B", "ingress");
        Repo.Commit("legacy: import the Ingresses");
        var (exit, output, error) = await Cli.Cli.RunAsync("plan", "--repo", Repo.Path, "--base", "main", "--head", "ingress", "--output", "json");
        Assert.True(output.Length > 0, error);
        var json = JsonNode.Parse(output)!;
        return (exit, [.. json["tests"]!.AsArray().Where(t => ((string)t!["file"]!).StartsWith("teams/legacy/", StringComparison.Ordinal)).Select(t => t!)], output);
    }

    public string Written() =>
        string.Concat(Directory.EnumerateFiles(TeamDir, "*.yaml", SearchOption.AllDirectories).Where(f => !f.EndsWith("team.yaml", StringComparison.Ordinal)).Order(StringComparer.Ordinal).Select(File.ReadAllText));

    public void Dispose()
    {
        Repo.Dispose();
        _inputs.Dispose();
    }

    public static string Ingress(string annotations, string spec, string name = "shop", string ns = "legacy") =>
        $"apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: {name}\n  namespace: {ns}\n"
        + (annotations.Length == 0 ? "" : "  annotations:\n" + string.Concat(annotations.Split('\n').Select(a => $"    {a}\n")))
        + "spec:\n" + spec;

    public static string Rule(string host, params (string Path, string Type, string Service, int Port)[] paths) =>
        $"  - host: {host}\n    http:\n      paths:\n"
        + string.Concat(paths.Select(p => $"      - path: \"{p.Path}\"\n        pathType: {p.Type}\n        backend: {{service: {{name: {p.Service}, port: {{number: {p.Port}}}}}}}\n"));
}
