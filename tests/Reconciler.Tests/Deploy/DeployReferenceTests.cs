using k8s;
using k8s.Models;

namespace GitGateway.Reconciler.Tests.Deploy;

/// <summary>
/// deploy/ parsed with KubernetesClient's models, and the references between its objects: what a workload names
/// exists, RBAC binds the accounts the pods run as, selectors select pods, named ports are declared.
/// </summary>
public sealed class DeployReferenceTests
{
    private static DeployTree Tree => DeployTree.Instance;

    [Fact]
    public void Kustomization_EveryManifestFile_IsAResourceAndParses()
    {
        var manifests = System.IO.Directory.GetFiles(Tree.Directory, "*.yaml").Select(Path.GetFileName)
            .Where(f => f is not "kustomization.yaml" and not "config.yaml").Order(StringComparer.Ordinal);

        Assert.Equal(manifests, Tree.Resources.Order(StringComparer.Ordinal));
        Assert.All(Tree.Objects, o => Assert.False(string.IsNullOrEmpty(o.Object.Name()), $"{o.File}: an object without a name"));
        Assert.Contains(Tree.Objects, o => o.Object is V1DaemonSet);
        Assert.Contains(Tree.Objects, o => o.Object is V1StatefulSet);
    }

    [Fact]
    public void Resources_InApplyOrder_NamespaceFirstWorkloadsAfterWhatTheyUse()
    {
        // A workload comes after the accounts, permissions and claims it uses; bindings after their roles.
        string[] order = ["Namespace", "ServiceAccount", "ClusterRole", "Role", "ClusterRoleBinding", "RoleBinding", "PersistentVolumeClaim", "Service", "Deployment", "StatefulSet", "NetworkPolicy", "DaemonSet", "PodDisruptionBudget"];
        var kinds = Tree.Objects.Select(o => o.Object.Kind).ToList();
        Assert.All(kinds, k => Assert.Contains(k, order));

        var ranks = Tree.Objects.Select(o => (o.File, Rank: Array.IndexOf(order, o.Object.Kind))).ToList();
        var files = ranks.GroupBy(r => r.File).Select(g => (File: g.Key, Min: g.Min(r => r.Rank), Max: g.Max(r => r.Rank))).ToList();
        for (var i = 1; i < files.Count; i++)
        {
            Assert.True(files[i].Min >= files[i - 1].Min, $"{files[i].File} applies before what {files[i - 1].File} declares");
        }

        Assert.Equal("Namespace", kinds[0]);
        Assert.Equal(Tree.Namespace, Tree.Of<V1Namespace>().Single().Name());
    }

    [Fact]
    public void Workloads_ServiceAccountsConfigMapsSecretsClaims_Exist()
    {
        var accounts = Tree.Of<V1ServiceAccount>().Select(a => a.Name()).ToHashSet();
        var claims = Tree.Of<V1PersistentVolumeClaim>().Select(c => c.Name()).ToHashSet();
        var claimTemplates = Tree.Of<V1StatefulSet>().ToDictionary(s => s.Name(), s => (s.Spec.VolumeClaimTemplates ?? []).Select(c => c.Name()).ToHashSet());
        var configMaps = Tree.GeneratedConfigMaps;
        var secrets = Tree.DocumentedSecrets;
        Assert.NotEmpty(secrets);

        foreach (var (workload, template, _) in Tree.Workloads)
        {
            Assert.Contains(template.Spec.ServiceAccountName, accounts);
            foreach (var volume in template.Spec.Volumes)
            {
                var sources = (volume.Projected?.Sources ?? []).Select(s => (Secret: s.Secret?.Name, s.Secret?.Items, s.Secret?.Optional, ConfigMap: s.ConfigMap?.Name))
                    .Append((volume.Secret?.SecretName, volume.Secret?.Items, volume.Secret?.Optional, volume.ConfigMap?.Name));
                foreach (var (secret, items, optional, configMap) in sources)
                {
                    if (secret is not null && optional != true)
                    {
                        Assert.True(secrets.ContainsKey(secret), $"{workload}: Secret {secret} is neither optional nor created in deploy/README.md");
                        Assert.All(items ?? [], i => Assert.Contains(i.Key, secrets[secret]));
                    }

                    Assert.True(configMap is null || configMaps.ContainsKey(configMap), $"{workload}: ConfigMap {configMap} is not generated");
                }

                Assert.True(volume.PersistentVolumeClaim is null || claims.Contains(volume.PersistentVolumeClaim.ClaimName), $"{workload}: claim {volume.PersistentVolumeClaim?.ClaimName}");
            }

            // A StatefulSet's claim templates are volumes of its pods (one claim per replica).
            var volumes = template.Spec.Volumes.Select(v => v.Name).Concat(claimTemplates.GetValueOrDefault(workload) ?? []).ToHashSet();
            Assert.All(template.Spec.Containers.SelectMany(c => c.VolumeMounts), m => Assert.Contains(m.Name, volumes));
        }
    }

    [Fact]
    public void Rbac_SubjectsAndRoleRefs_NameObjectsThatExist_AndEveryAccountIsBound()
    {
        var accounts = Tree.Of<V1ServiceAccount>().Select(a => $"{a.Namespace()}/{a.Name()}").ToHashSet();
        var roles = Tree.Of<V1Role>().Select(r => "Role/" + r.Name()).Concat(Tree.Of<V1ClusterRole>().Select(r => "ClusterRole/" + r.Name())).ToHashSet();
        var bindings = Tree.Of<V1RoleBinding>().Select(b => (b.RoleRef, b.Subjects, Namespace: (string?)b.Namespace()))
            .Concat(Tree.Of<V1ClusterRoleBinding>().Select(b => (b.RoleRef, b.Subjects, Namespace: (string?)null))).ToList();

        foreach (var (roleRef, subjects, ns) in bindings)
        {
            Assert.Contains($"{roleRef.Kind}/{roleRef.Name}", roles);
            Assert.All(subjects, s => Assert.Contains($"{s.NamespaceProperty}/{s.Name}", accounts));
            if (roleRef.Kind == "Role")
            {
                Assert.All(subjects, s => Assert.Equal(ns, s.NamespaceProperty));
            }
        }

        Assert.All(accounts, a => Assert.Contains(bindings, b => b.Subjects.Any(s => $"{s.NamespaceProperty}/{s.Name}" == a)));
    }

    [Fact]
    public void Rbac_NoWildcards_SecretsNeverGrantedClusterWideNorInOurNamespace()
    {
        var rules = Tree.Of<V1Role>().SelectMany(r => r.Rules).Concat(Tree.Of<V1ClusterRole>().SelectMany(r => r.Rules)).ToList();
        Assert.All(rules, r => Assert.DoesNotContain("*", r.Verbs.Concat(r.Resources).Concat(r.ApiGroups)));

        var secretRoles = Tree.Of<V1ClusterRole>().Where(r => r.Rules.Any(x => x.Resources.Contains("secrets"))).Select(r => r.Name()).ToHashSet();
        Assert.NotEmpty(secretRoles);
        Assert.DoesNotContain(Tree.Of<V1ClusterRoleBinding>(), b => secretRoles.Contains(b.RoleRef.Name));
        Assert.DoesNotContain(Tree.Of<V1RoleBinding>(), b => secretRoles.Contains(b.RoleRef.Name));
        Assert.DoesNotContain(Tree.Of<V1Role>(), r => r.Rules.Any(x => x.Resources.Contains("secrets")));
    }

    [Fact]
    public void Selectors_SelectTheirPods()
    {
        foreach (var (workload, template, selector) in Tree.Workloads)
        {
            Assert.True(Selects(selector.MatchLabels, template.Metadata.Labels), $"{workload}: its selector does not select its pods");
        }

        Assert.All(Tree.Of<V1Service>(), s => Assert.Single(Tree.Workloads, w => Selects(s.Spec.Selector, w.Template.Metadata.Labels)));
        Assert.All(Tree.Of<V1PodDisruptionBudget>(), p => Assert.Single(Tree.Workloads, w => Selects(p.Spec.Selector.MatchLabels, w.Template.Metadata.Labels)));
        Assert.All(Tree.Of<V1NetworkPolicy>(), p => Assert.Single(Tree.Workloads, w => Selects(p.Spec.PodSelector.MatchLabels, w.Template.Metadata.Labels)));
    }

    [Fact]
    public void NamedPorts_ServicesPoliciesAndProbes_NameDeclaredContainerPorts()
    {
        foreach (var service in Tree.Of<V1Service>())
        {
            var pod = Tree.Workloads.Single(w => Selects(service.Spec.Selector, w.Template.Metadata.Labels)).Template;
            Assert.All(service.Spec.Ports, p => Assert.Equal(p.Port, ContainerPort(pod, p.TargetPort)));
        }

        foreach (var policy in Tree.Of<V1NetworkPolicy>())
        {
            var pod = Tree.Workloads.Single(w => Selects(policy.Spec.PodSelector.MatchLabels, w.Template.Metadata.Labels)).Template;
            Assert.All(policy.Spec.Ingress.SelectMany(i => i.Ports), p => Assert.NotNull(ContainerPort(pod, p.Port)));
        }

        foreach (var (_, template, _) in Tree.Workloads)
        {
            var probes = template.Spec.Containers.SelectMany(c => new[] { c.LivenessProbe, c.ReadinessProbe, c.StartupProbe }).OfType<V1Probe>();
            Assert.All(probes, p => Assert.NotNull(template.Spec.HostNetwork == true ? int.Parse(p.HttpGet.Port.Value, System.Globalization.CultureInfo.InvariantCulture) : ContainerPort(template, p.HttpGet.Port)));
        }
    }

    [Fact]
    public void Images_EveryContainerImage_IsAKustomizeImageTheScriptBuilds()
    {
        var script = File.ReadAllText(Path.Combine(Fixtures.RepoPaths.Root, "scripts", "build-images.sh"));
        var images = Tree.Workloads.SelectMany(w => w.Template.Spec.Containers.Concat(w.Template.Spec.InitContainers ?? [])).Select(c => c.Image).ToHashSet();

        Assert.Equal(images.Order(StringComparer.Ordinal), Tree.ImageNames.Order(StringComparer.Ordinal));
        Assert.All(images, i => Assert.Contains($"\nimage {i} ", script, StringComparison.Ordinal));
    }

    private static bool Selects(IDictionary<string, string>? selector, IDictionary<string, string> labels) =>
        selector is { Count: > 0 } && selector.All(s => labels.TryGetValue(s.Key, out var v) && v == s.Value);

    private static int? ContainerPort(V1PodTemplateSpec pod, IntOrString port)
    {
        var ports = pod.Spec.Containers.SelectMany(c => c.Ports ?? []).ToList();
        return int.TryParse(port.Value, out var number) ? ports.SingleOrDefault(p => p.ContainerPort == number)?.ContainerPort : ports.SingleOrDefault(p => p.Name == port.Value)?.ContainerPort;
    }
}
