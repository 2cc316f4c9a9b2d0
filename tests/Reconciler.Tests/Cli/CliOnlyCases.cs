using System.Globalization;
using GitGateway.Fixtures;
using GitGateway.Reconciler.Tests.Git;

namespace GitGateway.Reconciler.Tests.Cli;

/// <summary>
/// Command lines that reach every command <c>gitgateway-cli</c> keeps, on fixture repositories: the example
/// repository, a Git repository with a base and a head for <c>plan</c>, a broken manifest (exit 1), usage errors
/// (exit 2) and a control plane that does not answer. Deleted on dispose.
/// </summary>
internal sealed class CliOnlyCases : IDisposable
{
    private readonly TempGitRepository _repo;
    private readonly TempDirectory _broken = new();

    public CliOnlyCases()
    {
        _repo = TempGitRepository.Create();
        _repo.CopyFrom(Cli.Example);
        Base = _repo.Commit("seed");
        _repo.Git("rm", "-q", "teams/search/policies/search-rate-limit.yaml");
        Head = _repo.Commit("search: no rate limit");
        _broken.Write("route.yaml", "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r, namespace: app}\nspec: {rules: [\n");
    }

    public string Base { get; }

    public string Head { get; }

    /// <summary>The command lines; a closed loopback port stands for a control plane that does not answer.</summary>
    public IEnumerable<string[]> All()
    {
        var example = Cli.Example;
        var plan = new[] { "plan", "--repo", _repo.Path, "--base", Base, "--head", Head };
        var closed = "http://127.0.0.1:" + Ports.FreeTcp().ToString(CultureInfo.InvariantCulture);
        return
        [
            ["validate", example],
            ["validate", example, "--output", "json"],
            ["validate", _broken.Path],
            ["render", example],
            ["render", example, "--output", "json"],
            ["codeowners", example, "--output", "json"],
            plan,
            [.. plan, "--output", "json"],
            ["import", "ingress", Path.Combine(RepoPaths.Root, "examples", "ingress", "legacy-store.yaml"), "--team", "store", "--out", _repo.Path, "--dry-run"],
            ["status", "--control-plane", closed],
            ["pause", "--control-plane", "not-a-url"],
            ["node", "forget", "edge-1", "--control-plane", closed, "--output", "json"],
            ["completion", "bash"],
            ["[suggest:23]", "gitgateway render --out"],
            ["render", "--no-such-option"],
        ];
    }

    public void Dispose()
    {
        _repo.Dispose();
        _broken.Dispose();
    }
}
