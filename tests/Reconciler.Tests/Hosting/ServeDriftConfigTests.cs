using GitGateway.Reconciler.Drift;
using GitGateway.Reconciler.Serve;
using GitGateway.Reconciler.Tests.Cli;

namespace GitGateway.Reconciler.Tests.Hosting;

/// <summary><c>drift:</c> in the serve config: how drift is watched and repaired, and when a silent node is let go.</summary>
public sealed class ServeDriftConfigTests
{
    [Fact]
    public void ToSettings_DriftAtTopAndInARepository_RepositoryFieldsOverTheTopOnesOverTheDefaults()
    {
        using var dir = new TempDirectory();
        var config = dir.Write("config.yaml", $$"""
            stateDir: {{dir.Path}}/state
            nodeTokenEnv: PATH
            drift: {grace: 30s, forgetAfter: 2h}
            repositories:
            - name: storefront
              url: https://github.com/acme/storefront-routing.git
              drift: {interval: 5s, maxRepairs: 0, repairBackoff: 10s, maxRepairBackoff: 1m, forgetAfter: 7d}
            - name: payments
              url: https://github.com/acme/payments-routing.git
            """);

        var settings = ServeConfig.Load(config).ToSettings();

        Assert.Equal(
            new DriftOptions(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), 0, TimeSpan.FromSeconds(10)) { MaxRepairBackoff = TimeSpan.FromMinutes(1), ForgetAfter = TimeSpan.FromDays(7) },
            settings.Repositories[0].Drift);
        Assert.Equal(DriftOptions.Default with { Grace = TimeSpan.FromSeconds(30), ForgetAfter = TimeSpan.FromHours(2) }, settings.Repositories[1].Drift);
    }

    [Fact]
    public void ToSettings_NoDrift_TheDefaults()
    {
        using var dir = new TempDirectory();
        var config = dir.Write("config.yaml", $$"""
            stateDir: {{dir.Path}}/state
            nodeTokenEnv: PATH
            repository: {url: https://github.com/acme/routing.git}
            """);

        Assert.Equal(DriftOptions.Default, Assert.Single(ServeConfig.Load(config).ToSettings().Repositories).Drift);
    }

    [Fact]
    public void ToSettings_DriftOutOfRange_OneProblemEachAtItsFileLineWithTheRule()
    {
        using var dir = new TempDirectory();
        var config = dir.Write("config.yaml", $$"""
            nodeTokenEnv: PATH
            drift:
              grace: soon
            repositories:
            - name: storefront
              url: https://github.com/acme/storefront-routing.git
              drift:
                interval: 2h
                maxRepairs: -1
                repairBackoff: 10m
                maxRepairBackoff: 1m
                forgetAfter: 5s
            """);

        var problems = Assert.Throws<ServeConfigException>(() => ServeConfig.Load(config).ToSettings()).Problems;

        Assert.Equal(
            [
                $"{config}:3:3: drift.grace: 'soon' is not a duration like 60s or 5m",
                $"{config}:8:5: repositories[0].drift.interval: interval must be from 1s to 1h",
                $"{config}:9:5: repositories[0].drift.maxRepairs: maxRepairs must be from 0 (never re-send) to 100",
                $"{config}:11:5: repositories[0].drift.maxRepairBackoff: maxRepairBackoff must be from repairBackoff (10m) to 1d",
                $"{config}:12:5: repositories[0].drift.forgetAfter: forgetAfter must be longer than the 10s after which a node counts as silent, and at most 365d",
            ],
            problems);
    }
}
