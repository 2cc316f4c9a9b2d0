using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using YamlDotNet.RepresentationModel;

namespace GitGateway.Reconciler.Tests.Deploy;

/// <summary>
/// deploy/ as <c>kubectl apply -k</c> would see it: the kustomization's resources in its order, each document
/// parsed by KubernetesClient's models (strict: a misspelled field fails), the kustomization's namespace set on
/// namespaced objects, and the ConfigMap its generator makes. Secrets are created out of band; the ones that
/// exist are those deploy/README.md tells the user to create, with the keys it gives them
/// (continued lines joined).
/// </summary>
internal sealed partial class DeployTree
{
    private DeployTree(string directory, YamlMappingNode kustomization, IReadOnlyList<(string File, IKubernetesObject<V1ObjectMeta> Object)> objects, string readme)
    {
        Directory = directory;
        Kustomization = kustomization;
        Objects = objects;
        Readme = readme;
        Namespace = Scalar(kustomization, "namespace");
    }

    public static DeployTree Instance { get; } = Load(Path.Combine(Fixtures.RepoPaths.Root, "deploy"));

    public string Directory { get; }

    public YamlMappingNode Kustomization { get; }

    public string Namespace { get; }

    /// <summary>Every object of the resources, in the kustomization's order, with the file it came from.</summary>
    public IReadOnlyList<(string File, IKubernetesObject<V1ObjectMeta> Object)> Objects { get; }

    public string Readme { get; }

    public IEnumerable<string> Resources => Sequence(Kustomization, "resources").Select(n => ((YamlScalarNode)n).Value!);

    public IEnumerable<T> Of<T>()
        where T : IKubernetesObject<V1ObjectMeta> => Objects.Select(o => o.Object).OfType<T>();

    /// <summary>The pod templates of the workloads, by workload name.</summary>
    public IEnumerable<(string Workload, V1PodTemplateSpec Template, V1LabelSelector Selector)> Workloads =>
        Of<V1Deployment>().Select(d => (d.Name(), d.Spec.Template, d.Spec.Selector))
            .Concat(Of<V1StatefulSet>().Select(d => (d.Name(), d.Spec.Template, d.Spec.Selector)))
            .Concat(Of<V1DaemonSet>().Select(d => (d.Name(), d.Spec.Template, d.Spec.Selector)));

    /// <summary>The kustomization's generated ConfigMaps: name → keys.</summary>
    public IReadOnlyDictionary<string, string[]> GeneratedConfigMaps =>
        Sequence(Kustomization, "configMapGenerator").Cast<YamlMappingNode>().ToDictionary(
            g => Scalar(g, "name"),
            g => Sequence(g, "files").Select(f => Path.GetFileName(((YamlScalarNode)f).Value!)).ToArray());

    /// <summary>The Secrets deploy/README.md has the user create (<c>kubectl create secret generic NAME --from-file=KEY=…</c>): name → keys.</summary>
    public IReadOnlyDictionary<string, string[]> DocumentedSecrets =>
        CreateSecret().Matches(Readme.Replace("\\\n", " ", StringComparison.Ordinal)).ToDictionary(
            m => m.Groups["name"].Value,
            m => FromFile().Matches(m.Value).Select(k => k.Groups["key"].Value).ToArray());

    /// <summary>The kustomization's <c>images:</c> names.</summary>
    public IEnumerable<string> ImageNames => Sequence(Kustomization, "images").Cast<YamlMappingNode>().Select(i => Scalar(i, "name"));

    private static DeployTree Load(string directory)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(directory, "kustomization.yaml"))));
        var kustomization = (YamlMappingNode)stream.Documents[0].RootNode;
        var ns = Scalar(kustomization, "namespace");
        var objects = new List<(string, IKubernetesObject<V1ObjectMeta>)>();
        foreach (var file in Sequence(kustomization, "resources").Select(n => ((YamlScalarNode)n).Value!))
        {
            foreach (var parsed in KubernetesYaml.LoadAllFromString(File.ReadAllText(Path.Combine(directory, file)), strict: true))
            {
                var item = (IKubernetesObject<V1ObjectMeta>)parsed;
                if (item is not V1Namespace and not V1ClusterRole and not V1ClusterRoleBinding)
                {
                    item.Metadata.NamespaceProperty ??= ns;
                }

                objects.Add((file, item));
            }
        }

        return new DeployTree(directory, kustomization, objects, File.ReadAllText(Path.Combine(directory, "README.md")));
    }

    private static string Scalar(YamlMappingNode map, string key) => ((YamlScalarNode)map.Children[new YamlScalarNode(key)]).Value!;

    private static IEnumerable<YamlNode> Sequence(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? ((YamlSequenceNode)node).Children : [];

    [GeneratedRegex(@"kubectl create secret generic (?<name>[a-z0-9-]+)[^\n]*")]
    private static partial Regex CreateSecret();

    [GeneratedRegex(@"--from-file=(?<key>[A-Za-z0-9._-]+)=")]
    private static partial Regex FromFile();
}
