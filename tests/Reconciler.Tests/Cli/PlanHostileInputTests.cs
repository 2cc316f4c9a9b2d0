using GitGateway.Reconciler.Tests.Git;

namespace GitGateway.Reconciler.Tests.Cli;

/// <summary>
/// Hostile pull requests against the example repository, each a two-commit repository run through
/// <c>gitgateway plan</c>: every one must be refused (❌, exit 1) naming the file and line.
/// </summary>
public sealed class PlanHostileInputTests
{
    private const string StoreApi = "teams/store/routes/store-api.yaml";

    [Fact]
    public async Task Plan_MisspeltRouteField_RefusedWithUnknownFieldAtItsLine()
    {
        using var repo = Seeded();
        Edit(repo, StoreApi, "  hostnames: [\"store.example.com\", \"api.store.example.com\"]", "  hostname: [\"store.example.com\", \"api.store.example.com\"]");
        repo.Commit("store: hostnames");

        var (exit, output, _) = await Cli.RunAsync("plan", "--repo", repo.Path, "--base", "main~1", "--head", "main");

        Assert.Equal(1, exit);
        Assert.Contains("❌", output, StringComparison.Ordinal);
        Assert.DoesNotContain("✅ Plan is valid", output, StringComparison.Ordinal);
        Assert.Contains($"{StoreApi}:13", output, StringComparison.Ordinal);
        Assert.Contains("`UnknownField`", output, StringComparison.Ordinal);
        Assert.Contains("spec.hostname is not a field of HTTPRoute.spec (did you mean hostnames?)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_ApiVersionTypoInTeamFolder_RefusedNotDropped()
    {
        using var repo = Seeded();
        Edit(repo, StoreApi, "apiVersion: gateway.networking.k8s.io/v1", "apiVersion: gateway.networking.k8s.oi/v1");
        repo.Commit("store: typo");

        var (exit, output, _) = await Cli.RunAsync("plan", "--repo", repo.Path, "--base", "main~1", "--head", "main");

        Assert.Equal(1, exit);
        Assert.Contains($"{StoreApi}:3", output, StringComparison.Ordinal);
        Assert.Contains("`UnknownKind`", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_CrLfInRewriteTarget_RefusedWithControlCharacter()
    {
        using var repo = Seeded();
        Edit(repo, StoreApi, "replacePrefixMatch: /api/catalog}", "replacePrefixMatch: \"/api/catalog\\r\\nGET /admin HTTP/1.1\"}");
        repo.Commit("store: smuggle");

        var (exit, output, _) = await Cli.RunAsync("plan", "--repo", repo.Path, "--base", "main~1", "--head", "main");

        Assert.Equal(1, exit);
        Assert.Contains($"{StoreApi}:42", output, StringComparison.Ordinal);
        Assert.Contains("`ControlCharacter`", output, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_BidiOverrideInHeaderValue_EscapedInTheComment()
    {
        using var repo = Seeded();
        Edit(repo, StoreApi, "{name: X-Canary, value: always}", "{name: X-Canary, value: \"al\\u202Eways\\u0000\"}");
        repo.Commit("store: bidi");

        var (exit, output, _) = await Cli.RunAsync("plan", "--repo", repo.Path, "--base", "main~1", "--head", "main");

        Assert.Equal(1, exit);
        Assert.Contains($"{StoreApi}:19", output, StringComparison.Ordinal);
        Assert.DoesNotContain('\u202E', output);
        Assert.DoesNotContain('\0', output);
    }

    [Fact]
    public async Task Plan_CertificateNameThatIsAPath_RefusedWithInvalidName()
    {
        using var repo = Seeded();
        Edit(repo, "platform/team.yaml", "name: wildcard-example-com}", "name: \"../../../../etc\"}");
        Edit(repo, "platform/gateways/public.yaml", "name: wildcard-example-com", "name: \"../../../../etc\"");
        repo.Commit("platform: certificate outside the directory");

        var (exit, output, _) = await Cli.RunAsync("plan", "--repo", repo.Path, "--base", "main~1", "--head", "main");

        Assert.Equal(1, exit);
        Assert.Contains("platform/team.yaml:16", output, StringComparison.Ordinal);
        Assert.Contains("platform/gateways/public.yaml:31", output, StringComparison.Ordinal);
        Assert.Contains("`InvalidName`", output, StringComparison.Ordinal);
    }

    internal static TempGitRepository Seeded()
    {
        var repo = TempGitRepository.Create();
        repo.CopyFrom(Cli.Example);
        repo.Commit("seed from examples/repo-layout");
        return repo;
    }

    internal static void Edit(TempGitRepository repo, string file, string from, string to)
    {
        var path = Path.Combine(repo.Path, file);
        var text = File.ReadAllText(path);
        Assert.Contains(from, text, StringComparison.Ordinal);
        File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
    }
}
