using GitGateway.Reconciler.Serve;
using GitGateway.Reconciler.Tests.Cli;

namespace GitGateway.Reconciler.Tests.Hosting;

public sealed class ServeConfigTests
{
    [Fact]
    public void ToSettings_FirstFormatWithOneRepository_LoadsAsTheDefaultRepositoryWithStateInTheStateDir()
    {
        using var dir = new TempDirectory();
        dir.Write("node-token", "tok\n");
        dir.Write("github-token", "ghp\n");
        var config = dir.Write("config.yaml", $$"""
            repository: {url: https://github.com/acme/routing.git, targetBranch: main, fetchTimeout: 30s}
            github: {repo: acme/routing, tokenFile: {{dir.Path}}/github-token}
            listen: http://0.0.0.0:8080
            stateDir: {{dir.Path}}/state
            nodeTokenFile: {{dir.Path}}/node-token
            nodes: [edge-1, edge-2]
            pollInterval: 2m
            """);

        var settings = ServeConfig.Load(config).ToSettings();

        var repository = Assert.Single(settings.Repositories);
        Assert.Equal("default", repository.Name);
        Assert.Equal(Path.Combine(dir.Path, "state"), repository.StateDirectory);
        Assert.Equal("tok", repository.NodeToken);
        Assert.Equal(TimeSpan.FromMinutes(2), repository.PollInterval);
        Assert.Equal(TimeSpan.FromSeconds(30), repository.FetchTimeout);
        Assert.Equal(["edge-1", "edge-2"], repository.Nodes);
        Assert.Equal("acme/routing", repository.GitHub!.Repo);
        Assert.Equal("ghp", repository.GitHub.Token);
    }

    [Fact]
    public void ToSettings_LeaderElection_ReachesTheSettingsWithItsLease()
    {
        using var dir = new TempDirectory();
        var config = dir.Write("config.yaml", $$"""
            nodeTokenEnv: PATH
            stateDir: {{dir.Path}}/state
            leaderElection: {kubernetes: "http://127.0.0.1:8001", namespace: gg, identity: replica-a}
            repository: {url: https://github.com/acme/routing.git}
            """);

        var settings = ServeConfig.Load(config).ToSettings();

        var (api, lease) = settings.Election!.Value;
        Assert.Equal("http://127.0.0.1:8001", api);
        Assert.Equal(new GitGateway.Reconciler.Cluster.LeaseElectionOptions("gg", "gitgateway-control-plane", "replica-a"), lease);
    }

    [Fact]
    public void ToSettings_NoLeaderElection_NoElection()
    {
        using var dir = new TempDirectory();
        var config = dir.Write("config.yaml", $$"""
            nodeTokenEnv: PATH
            stateDir: {{dir.Path}}/state
            repository: {url: https://github.com/acme/routing.git}
            """);

        Assert.Null(ServeConfig.Load(config).ToSettings().Election);
    }

    [Fact]
    public void ToSettings_RolloutAtTopAndInARepository_RepositoryFieldsOverTheTopOnesOverTheDefaults()
    {
        using var dir = new TempDirectory();
        dir.Write("node-token", "tok");
        var config = dir.Write("config.yaml", $$"""
            stateDir: {{dir.Path}}/state
            nodeTokenFile: {{dir.Path}}/node-token
            publicUrl: https://gitgateway.example.com/
            rollout: {canaryNodes: 2, bake: 30s}
            repositories:
            - name: storefront
              url: https://github.com/acme/storefront-routing.git
              rollout: {bake: 1m, maxErrorRate: 0.01}
            - name: payments
              url: https://github.com/acme/payments-routing.git
            """);

        var settings = ServeConfig.Load(config).ToSettings();

        Assert.Equal(new GitGateway.Reconciler.Apply.RolloutOptions(2, TimeSpan.FromMinutes(1), 0.01, 20), settings.Repositories[0].Rollout);
        Assert.Equal(new GitGateway.Reconciler.Apply.RolloutOptions(2, TimeSpan.FromSeconds(30), 0.05, 20), settings.Repositories[1].Rollout);
        Assert.Equal(new Uri("https://gitgateway.example.com/"), settings.Repositories[1].PublicUrl);
    }

    [Fact]
    public void ToSettings_RolloutReplay_EachNodeAddressAndPortMapReachesTheRollout()
    {
        using var dir = new TempDirectory();
        var config = dir.Write("config.yaml", """
            nodeTokenEnv: PATH
            rollout:
              replay:
                edge-1: {address: 10.0.0.11}
                edge-2: {address: 10.0.0.12, ports: {443: 8443}}
            repositories:
            - {name: a, url: 'https://git.example/a.git'}
            """);

        var replay = Assert.Single(ServeConfig.Load(config).ToSettings().Repositories).Rollout.Replay;

        Assert.Equal("10.0.0.11", replay["edge-1"].Address);
        Assert.Equal(443, replay["edge-1"].PortFor(443));
        Assert.Equal(8443, replay["edge-2"].PortFor(443));
        Assert.Equal(80, replay["edge-2"].PortFor(80));
    }

    [Fact]
    public void ToSettings_RolloutOutOfRange_EachProblemNamedAtItsField()
    {
        using var dir = new TempDirectory();
        dir.Write("node-token", "tok");
        var config = dir.Write("config.yaml", $$"""
            stateDir: {{dir.Path}}/state
            nodeTokenFile: {{dir.Path}}/node-token
            repositories:
            - name: storefront
              url: https://github.com/acme/storefront-routing.git
              rollout: {canaryNodes: -1, maxErrorRate: 2, minRequests: 0}
            """);

        var problems = Assert.Throws<ServeConfigException>(() => ServeConfig.Load(config).ToSettings()).Problems;

        Assert.Contains(problems, p => p.Contains("repositories[0].rollout.canaryNodes", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("repositories[0].rollout.maxErrorRate", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("repositories[0].rollout.minRequests", StringComparison.Ordinal));
    }

    [Fact]
    public void ToSettings_RepositoriesList_EachHasItsOwnStateFolderTokenAndGitHubRepoOverTheDefaults()
    {
        using var dir = new TempDirectory();
        dir.Write("node-token", "shared");
        dir.Write("payments-token", "payments-only");
        dir.Write("app.pem", "-----BEGIN PRIVATE KEY-----\n");
        dir.Write("secret-a", "a");
        var config = dir.Write("config.yaml", $$"""
            github: {appId: "12345", installationId: 678, privateKeyFile: {{dir.Path}}/app.pem}
            stateDir: {{dir.Path}}/state
            nodeTokenFile: {{dir.Path}}/node-token
            pollInterval: 90s
            repositories:
            - name: storefront
              url: https://github.com/acme/storefront-routing.git
              nodes: [edge-1]
              github: {repo: acme/storefront-routing, webhookSecretFile: {{dir.Path}}/secret-a}
            - name: payments
              url: https://github.com/acme/payments-routing.git
              targetBranch: release
              pollInterval: 15s
              nodeTokenFile: {{dir.Path}}/payments-token
            """);

        var settings = ServeConfig.Load(config).ToSettings();

        Assert.Equal(["storefront", "payments"], settings.Repositories.Select(r => r.Name));
        var (storefront, payments) = (settings.Repositories[0], settings.Repositories[1]);
        Assert.Equal(Path.Combine(dir.Path, "state", "storefront"), storefront.StateDirectory);
        Assert.Equal(Path.Combine(dir.Path, "state", "payments"), payments.StateDirectory);
        Assert.Equal(("shared", "payments-only"), (storefront.NodeToken, payments.NodeToken));
        Assert.Equal((TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(15)), (storefront.PollInterval, payments.PollInterval));
        Assert.Equal("release", payments.TargetBranch);
        Assert.Equal(("acme/storefront-routing", "12345", 678L), (storefront.GitHub!.Repo, storefront.GitHub.AppId, storefront.GitHub.InstallationId!.Value));
        Assert.Equal("a", storefront.WebhookSecret);
        Assert.Null(payments.GitHub);
        Assert.Equal(["edge-1"], storefront.Nodes);
    }

    [Theory]
    [InlineData(
        "- name: storefront\n  url: https://github.com/acme/a.git\n- name: payments\n  targetBranch: main\n",
        "{config}:5:3: repositories[1]: url is required")]
    [InlineData(
        "- name: storefront\n  url: https://github.com/acme/a.git\n- url: https://github.com/acme/b.git\n  name: storefront\n",
        "{config}:6:3: repositories[1].name: 'storefront' is already used by repositories[0] (line 3); repository names must be unique")]
    [InlineData(
        "- name: storefront\n  url: https://github.com/acme/a.git\n  tokenFile: {dir}/missing-git-token\n",
        "{config}:5:3: repositories[0].tokenFile: cannot read '{dir}/missing-git-token'")]
    [InlineData(
        "- name: storefront\n  urll: https://github.com/acme/a.git\n",
        "{config}:4:3: unknown field 'urll'")]
    public async Task Serve_ConfigProblem_ExitsTwoNamingFileLineAndRule(string repositories, string expected)
    {
        using var dir = new TempDirectory();
        dir.Write("node-token", "tok");
        var config = dir.Write("config.yaml", $"nodeTokenFile: {dir.Path}/node-token\nrepositories:\n" + repositories.Replace("{dir}", dir.Path, StringComparison.Ordinal));

        var (exit, output, error) = await Cli.Cli.RunAsync("serve", "--config", config);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains(expected.Replace("{config}", config, StringComparison.Ordinal).Replace("{dir}", dir.Path, StringComparison.Ordinal), error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("repositories:\n- name: a\n  url: x\n  nodes: edge-1\n", "config.yaml:4:10: expected a list here")]
    [InlineData("repository: {url: x}\nrepositories: []\n", "config.yaml:2:1: repositories: give either repository (one) or repositories (a list), not both")]
    [InlineData("repositories:\n- name: Storefront\n  url: x\n", "config.yaml:2:3: repositories[0].name: 'Storefront' is not a valid name")]
    [InlineData("repositories:\n- {name: \"storefront\\n\", url: x}\n", "repositories[0].name: 'storefront\n' is not a valid name")]
    [InlineData("nodes: [a]\nrepositories:\n- {name: a, url: x}\n", "config.yaml:1:1: nodes: with a repositories list, nodes belong in each repository")]
    [InlineData("repositories:\n- {name: a, url: x, fetchTimeout: soon}\n", "repositories[0].fetchTimeout: 'soon' is not a duration like 60s or 5m")]
    [InlineData("repositories:\n- {name: a, url: 'file:///srv/routing.git'}\n", "repositories[0].url: 'file:///srv/routing.git' is a file:// URL; set allowFileUrls: true")]
    [InlineData("repositories:\n- {name: a, url: /srv/routing.git}\n", "repositories[0].url: '/srv/routing.git' is a local path; set allowFileUrls: true")]
    [InlineData("repositories:\n- {name: a, url: 'http://git.example/routing.git'}\n", "repositories[0].url: 'http://git.example/routing.git' uses http://; only https://, ssh:// and git://")]
    [InlineData("repositories:\n- {name: a, url: 'ext::sh -c touch% /tmp/pwned'}\n", "repositories[0].url: 'ext::sh -c touch% /tmp/pwned' names a git remote helper")]
    [InlineData("rollout: {replay: {edge-1: {address: 'a b'}}}\nrepositories:\n- {name: a, url: 'https://git.example/r.git'}\n", "rollout.replay.edge-1.address: address is the host name")]
    [InlineData("repositories:\n- {name: a, url: 'https://git.example/r.git', requireReviewedPlans: true}\n", "repositories[0].requireReviewedPlans: needs github")]
    public void ToSettings_Mistake_IsReportedAtItsLineWithTheRule(string yaml, string expected)
    {
        using var dir = new TempDirectory();
        var config = dir.Write("config.yaml", yaml + "nodeTokenEnv: PATH\n");

        var problems = Assert.Throws<ServeConfigException>(() => ServeConfig.Load(config).ToSettings()).Problems;

        Assert.Contains(problems, p => p.Replace(dir.Path + "/", "", StringComparison.Ordinal).Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void ToSettings_LocalPathWithAllowFileUrls_IsAccepted()
    {
        using var dir = new TempDirectory();
        var config = dir.Write("config.yaml", "repositories:\n- {name: a, url: /srv/routing.git, allowFileUrls: true}\nnodeTokenEnv: PATH\n");

        var repository = Assert.Single(ServeConfig.Load(config).ToSettings().Repositories);

        Assert.True(repository.AllowFileUrls);
    }

    [Theory]
    [InlineData("https://github.com/acme/routing.git", false, true)]
    [InlineData("ssh://git@github.com/acme/routing.git", false, true)]
    [InlineData("git@github.com:acme/routing.git", false, true)]
    [InlineData("git://127.0.0.1:9418/routing.git", false, true)]
    [InlineData("http://github.com/acme/routing.git", false, false)]
    [InlineData("file:///srv/routing.git", false, false)]
    [InlineData("file:///srv/routing.git", true, true)]
    [InlineData("/srv/routing.git", false, false)]
    [InlineData("/srv/routing.git", true, true)]
    [InlineData("ext::sh -c id", true, false)]
    [InlineData("--upload-pack=touch /tmp/x", true, false)]
    [InlineData("git@github.com:acme/routing.git\n", false, false)]
    public void GitUrlRefusal_Scheme_OnlyHttpsSshGitAndFileWhenAllowed(string url, bool allowFile, bool followed)
    {
        Assert.Equal(followed, GitGateway.Reconciler.Git.GitUrl.Refusal(url, allowFile) is null);
    }

    [Fact]
    public void ToSettings_DeployConfig_OnlyItsSecretFilesAreMissingHere()
    {
        var config = ServeConfig.Load(Path.Combine(Fixtures.RepoPaths.Root, "deploy", "config.yaml"));

        var problems = Assert.Throws<ServeConfigException>(config.ToSettings).Problems;

        Assert.NotEmpty(problems);
        Assert.All(problems, p => Assert.Contains(": cannot read '/etc/gitgateway/secrets/", p, StringComparison.Ordinal));
    }
}
