using GitGateway.Reconciler.Serve;
using GitGateway.Reconciler.Tests.Cli;

namespace GitGateway.Reconciler.Tests.Hosting;

/// <summary><c>kubernetes.status</c> in the serve config: off unless enabled, its API, namespace mapping and resync, and its mistakes at file:line.</summary>
public sealed class ServeKubernetesConfigTests
{
    [Fact]
    public void ToSettings_StatusEnabled_ReachesTheSettingsWithTheElectionsApiAndItsMapping()
    {
        using var dir = new TempDirectory();
        var config = dir.Write("config.yaml", $$"""
            nodeTokenEnv: PATH
            stateDir: {{dir.Path}}/state
            leaderElection: {kubernetes: "http://127.0.0.1:8001"}
            kubernetes:
              status: {enabled: true, namespaces: {gateway-system: edge}, resync: 30s}
            repository: {url: https://github.com/acme/routing.git}
            """);

        var status = ServeConfig.Load(config).ToSettings().ClusterStatus!;

        Assert.Equal("http://127.0.0.1:8001", status.Kubernetes);
        Assert.Equal("edge", status.MapNamespace("gateway-system"));
        Assert.Equal("payments", status.MapNamespace("payments"));
        Assert.Equal(TimeSpan.FromSeconds(30), status.Resync);
    }

    [Theory]
    [InlineData("kubernetes: {status: {enabled: false}}")]
    [InlineData("kubernetes: {api: in-cluster}")]
    [InlineData("")]
    public void ToSettings_StatusNotEnabled_WritesNothing(string section)
    {
        using var dir = new TempDirectory();
        var config = dir.Write("config.yaml", $$"""
            nodeTokenEnv: PATH
            stateDir: {{dir.Path}}/state
            {{section}}
            repository: {url: https://github.com/acme/routing.git}
            """);

        Assert.Null(ServeConfig.Load(config).ToSettings().ClusterStatus);
    }

    [Fact]
    public void ToSettings_BadNamespaceMappingsAndResync_AreProblemsAtTheirLines()
    {
        using var dir = new TempDirectory();
        var config = dir.Write("config.yaml", $$"""
            nodeTokenEnv: PATH
            stateDir: {{dir.Path}}/state
            kubernetes:
              status:
                enabled: true
                namespaces: {"gateway-system": "../kube-system", "store": "edge\n"}
                resync: 1s
            repository: {url: https://github.com/acme/routing.git}
            """);

        var problems = Assert.Throws<ServeConfigException>(() => ServeConfig.Load(config).ToSettings()).Problems;

        Assert.Contains(problems, p => p.Contains("kubernetes.status.namespaces", StringComparison.Ordinal) && p.Contains("../kube-system", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("kubernetes.status.namespaces", StringComparison.Ordinal) && p.Contains("'store: edge\n' maps", StringComparison.Ordinal)); // $ would match before the line break
        Assert.Contains(problems, p => p.Contains(":7:", StringComparison.Ordinal) && p.Contains("kubernetes.status.resync: resync must be at least 5s", StringComparison.Ordinal));
    }
}
