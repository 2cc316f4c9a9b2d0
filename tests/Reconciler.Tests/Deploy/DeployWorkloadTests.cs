using System.CommandLine;
using System.Net;
using System.Text.RegularExpressions;
using GitGateway.Proxy.Hosting;
using GitGateway.Reconciler.Cli;
using GitGateway.Reconciler.Serve;
using k8s.Models;

namespace GitGateway.Reconciler.Tests.Deploy;

/// <summary>
/// What the pods of deploy/ run: the arguments go through the binaries' own parsers, the files the serve config
/// names are mounted, and every container is locked down (non-root unless it needs a capability, read-only root).
/// </summary>
public sealed partial class DeployWorkloadTests
{
    // What the kubelet would put in the Downward API variables on one node.
    private static readonly Dictionary<string, string> Sample = new() { ["NODE_NAME"] = "edge-1" };

    private static DeployTree Tree => DeployTree.Instance;

    private static V1PodTemplateSpec Pod(string image) => Tree.Workloads.Single(w => w.Template.Spec.Containers.Any(c => c.Image == image)).Template;

    [Fact]
    public void ProxyArgs_ParseWithTheProxyCommandLine_NodeFromTheDownwardApi_RouterIdDerivedFromIt()
    {
        var pod = Pod("gitgateway-proxy");
        var container = pod.Spec.Containers.Single();
        var env = container.Env.ToDictionary(e => e.Name, e => e.ValueFrom.FieldRef.FieldPath);
        Assert.Equal("spec.nodeName", env["NODE_NAME"]);
        Assert.Equal(["NODE_NAME"], env.Keys); // no address: an IPv6-only node has no four-byte one to give

        var options = ProxyCommandLine.Parse(Expand(container.Args, Sample), out var error);

        Assert.Null(error);
        Assert.Equal("edge-1", options!.NodeName);
        Assert.NotNull(options.Vip);
        Assert.Equal(GitGateway.Vip.Announcing.RouterIdentifier.FromNodeName("edge-1"), options.Vip.RouterId);
        Assert.Contains("--router-id=auto", container.Args);
        Assert.Equal(new Uri($"http://{Tree.Of<V1Service>().Single().Name()}.{Tree.Namespace}.svc:8080/"), options.ControlPlane);
        Assert.All(new[] { container.LivenessProbe, container.ReadinessProbe }, p => Assert.Equal(options.AdminPort.ToString(), p.HttpGet.Port.Value));
    }

    [Fact]
    public void ProxyArgs_EndpointsFromTheApi_InClusterWithTheTokenMountedAndEndpointSlicesGranted()
    {
        // Without --kubernetes a node resolves a Service to its ClusterIP, and kube-proxy pins each connection to one pod.
        var pod = Pod("gitgateway-proxy");
        var options = ProxyCommandLine.Parse(Expand(pod.Spec.Containers.Single().Args, Sample), out _)!;
        var bound = Tree.Of<V1ClusterRoleBinding>().Where(b => b.Subjects.Any(s => s.Name == pod.Spec.ServiceAccountName)).Select(b => b.RoleRef.Name).ToHashSet();
        var rules = Tree.Of<V1ClusterRole>().Where(r => bound.Contains(r.Name())).SelectMany(r => r.Rules).ToList();

        Assert.Equal(GitGateway.Proxy.Discovery.KubeApiOptions.InCluster, options.Kubernetes?.Source);
        Assert.True(pod.Spec.AutomountServiceAccountToken);
        Assert.Contains(rules, r => r.ApiGroups.Contains("discovery.k8s.io") && r.Resources.Contains("endpointslices") && new[] { "list", "watch" }.All(r.Verbs.Contains));
    }

    [Fact]
    public void ProxyArgs_NodeLabels_AreTheDaemonSetsNodeSelector()
    {
        // A ProxyVIP's nodeSelector is matched against --node-label: the labels this DaemonSet picks its nodes by.
        var pod = Pod("gitgateway-proxy");
        var options = ProxyCommandLine.Parse(Expand(pod.Spec.Containers.Single().Args, Sample), out _)!;

        Assert.NotEmpty(pod.Spec.NodeSelector);
        Assert.Equal(pod.Spec.NodeSelector.OrderBy(p => p.Key, StringComparer.Ordinal), options.Vip!.NodeLabels!.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void ProxyArgs_FilesTheyName_AreMounted()
    {
        var pod = Pod("gitgateway-proxy");
        var container = pod.Spec.Containers.Single();
        var options = ProxyCommandLine.Parse(Expand(container.Args, Sample), out _)!;

        Assert.Equal(Mount(container, "node-token"), Path.GetDirectoryName(options.NodeTokenFile));
        Assert.Equal(Mount(container, "certs"), options.CertDir);
        Assert.Equal(Mount(container, "state"), options.StateDir);
        Assert.Equal("node-token", Path.GetFileName(options.NodeTokenFile));
        var token = pod.Spec.Volumes.Single(v => v.Name == "node-token").Secret;
        Assert.Null(token.Items);
        Assert.Equal(["node-token"], Tree.DocumentedSecrets[token.SecretName]);
    }

    [Fact]
    public void ProxyCertificates_OneDirectoryPerSecret_AsTheProxyReadsThem()
    {
        var certs = Pod("gitgateway-proxy").Spec.Volumes.Single(v => v.Name == "certs").Projected;

        Assert.NotEmpty(certs.Sources);
        foreach (var source in certs.Sources)
        {
            // DIR/<ns>/<name>/tls.crt + tls.key: CertificateStore's layout; both DNS-1123 names.
            var dir = Assert.Single(source.Secret.Items.Select(i => Path.GetDirectoryName(i.Path)).Distinct());
            Assert.Matches(CertificateDirectory(), dir);
            Assert.Equal(["tls.crt", "tls.key"], source.Secret.Items.Select(i => i.Key).Order(StringComparer.Ordinal));
            Assert.All(source.Secret.Items, i => Assert.Equal(i.Key, Path.GetFileName(i.Path)));
        }
    }

    [Fact]
    public void ReconcilerArgs_ParseWithTheGitgatewayCli_AsServe()
    {
        var container = Pod("gitgateway").Spec.Containers.Single();

        var parse = CliApp.Build().Parse([.. container.Args]);

        Assert.Empty(parse.Errors);
        Assert.Equal("serve", parse.CommandResult.Command.Name);
        Assert.Equal("/etc/gitgateway/config.yaml", parse.GetValue<string>("--config"));
    }

    [Fact]
    public void ServeConfig_EveryFileItNames_IsAMountedKeyAndTheStateDirIsTheVolume()
    {
        var pod = Pod("gitgateway");
        var container = pod.Spec.Containers.Single();
        var config = ServeConfig.Load(Path.Combine(Tree.Directory, "config.yaml"));
        var configMount = container.VolumeMounts.Single(m => m.Name == "config");
        Assert.Equal(Path.GetFileName(configMount.MountPath), configMount.SubPath);
        Assert.Contains(configMount.SubPath, Tree.GeneratedConfigMaps["gitgateway-config"]);

        // What the projected secret volume holds: each source's keys, as created in deploy/README.md.
        var secretDir = Mount(container, "secrets");
        var keys = pod.Spec.Volumes.Single(v => v.Name == "secrets").Projected.Sources.SelectMany(s => Tree.DocumentedSecrets[s.Secret.Name]).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
        string?[] files = [config.NodeTokenFile, config.GitHub?.PrivateKeyFile, config.GitHub?.WebhookSecretFile, .. config.Repositories!.Select(r => r.TokenFile)];
        Assert.All(files.OfType<string>(), f => Assert.Contains(Path.GetFileName(f), keys));
        Assert.All(files.OfType<string>(), f => Assert.Equal(secretDir, Path.GetDirectoryName(f)));
        Assert.Equal(Mount(container, "state"), config.StateDir);
        Assert.EndsWith(":" + container.Ports.Single().ContainerPort, config.Listen, StringComparison.Ordinal);
    }

    [Fact]
    public void ControlPlane_TwoReplicas_EachItsOwnStateVolume_LeaderElectionWithThePodsIdentity()
    {
        var set = Tree.Of<V1StatefulSet>().Single(s => s.Spec.Template.Spec.Containers.Any(c => c.Image == "gitgateway"));
        var container = set.Spec.Template.Spec.Containers.Single();
        var env = container.Env.ToDictionary(e => e.Name, e => e.ValueFrom.FieldRef.FieldPath);
        var config = ServeConfig.Load(Path.Combine(Tree.Directory, "config.yaml"));

        Assert.Equal(2, set.Spec.Replicas);
        var claim = Assert.Single(set.Spec.VolumeClaimTemplates);
        Assert.Equal("state", claim.Name());
        Assert.Equal(["ReadWriteOnce"], claim.Spec.AccessModes);
        Assert.DoesNotContain(set.Spec.Template.Spec.Volumes, v => v.Name == "state" || v.PersistentVolumeClaim is not null);
        Assert.Empty(Tree.Of<V1PersistentVolumeClaim>());
        Assert.NotNull(config.LeaderElection);
        Assert.Null(config.LeaderElection.Identity); // each replica its own: POD_NAME
        Assert.Null(config.LeaderElection.Namespace);
        Assert.Equal(("metadata.name", "metadata.namespace"), (env["POD_NAME"], env["POD_NAMESPACE"]));

        // A follower is never Ready (/readyz 503), so neither a RollingUpdate nor a PodDisruptionBudget could ever proceed.
        Assert.Equal("OnDelete", set.Spec.UpdateStrategy.Type);
        Assert.DoesNotContain(Tree.Of<V1PodDisruptionBudget>(), p => p.Spec.Selector.MatchLabels.All(l => set.Spec.Template.Metadata.Labels.Contains(l)));
    }

    [Fact]
    public void Containers_LockedDown_NonRootUnlessACapabilityIsNeeded()
    {
        foreach (var (workload, template, _) in Tree.Workloads)
        {
            foreach (var container in template.Spec.Containers)
            {
                var context = container.SecurityContext;
                Assert.True(context.ReadOnlyRootFilesystem, $"{workload}: root filesystem writable");
                Assert.False(context.AllowPrivilegeEscalation, $"{workload}: privilege escalation allowed");
                Assert.Equal(["ALL"], context.Capabilities.Drop);
                Assert.NotEqual(true, context.Privileged);
                var added = context.Capabilities.Add ?? [];
                Assert.All(added, c => Assert.Contains(c, new[] { "NET_BIND_SERVICE", "NET_ADMIN" }));
                var user = context.RunAsUser ?? template.Spec.SecurityContext?.RunAsUser;
                var nonRoot = context.RunAsNonRoot ?? template.Spec.SecurityContext?.RunAsNonRoot;

                // Capabilities reach root only (no ambient capabilities in the pod API); without any, never root.
                Assert.True(added.Count > 0 || (nonRoot == true && user == 10001), $"{workload}: runs as root without needing a capability");
                Assert.Equal("RuntimeDefault", template.Spec.SecurityContext?.SeccompProfile?.Type);
                Assert.Equal("/readyz", container.ReadinessProbe?.HttpGet.Path);
                Assert.Equal("/healthz", container.LivenessProbe?.HttpGet.Path);
                Assert.NotNull(container.Resources.Limits["memory"]);
                Assert.Contains(container.VolumeMounts, m => m.MountPath == "/tmp");
            }
        }
    }

    private static string Mount(V1Container container, string volume) => container.VolumeMounts.Single(m => m.Name == volume).MountPath;

    // $(VAR) as the kubelet expands it, from the container's env.
    private static string[] Expand(IEnumerable<string> args, IReadOnlyDictionary<string, string> values) =>
        [.. args.Select(a => Variable().Replace(a, m => values[m.Groups[1].Value]))];

    [GeneratedRegex(@"\$\(([A-Z_]+)\)")]
    private static partial Regex Variable();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?/[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")]
    private static partial Regex CertificateDirectory();
}
