using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using GitGateway.Conformance.Tests.Cases;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Conformance.Tests.Setup;

/// <summary>
/// The YAML a case applies at a given phase: base + test manifests with the suite's substitutions, a GatewayClass
/// for our controller, the suite-generated Secrets/ConfigMaps, and the mutations up to that phase (README 3.4, 5).
/// </summary>
internal static partial class CaseManifests
{
    public const string GatewayClassName = "gitgateway-conformance";

    public static IReadOnlyList<(string Path, string Yaml)> For(ConformanceCase c, int phase)
    {
        var files = new List<(string, string)>();
        foreach (var path in c.Manifests)
        {
            // The suite overwrites every Gateway's class and every GatewayClass's controller (README section 5).
            var text = File.ReadAllText(Path.Combine(HarnessPaths.Conformance, "manifests", path));
            text = GatewayClassField().Replace(text, "${1}" + GatewayClassName);
            text = ControllerNameField().Replace(text, "${1}" + RenderInput.DefaultControllerName);
            files.Add(($"manifests/{path}", text));
        }

        files.Add(("manifests/suite/gatewayclass.yaml", $"""
            apiVersion: gateway.networking.k8s.io/v1
            kind: GatewayClass
            metadata:
              name: {GatewayClassName}
            spec:
              controllerName: {RenderInput.DefaultControllerName}

            """));
        files.Add(("manifests/suite/setup.yaml", SuiteCertificates.ToYaml(SuiteCertificates.All.Values)));

        foreach (var mutation in c.Mutations.Where(m => Phase(m) <= phase))
        {
            Apply(files, mutation, Phase(mutation));
        }

        return files;
    }

    /// <summary>
    /// The Services the routes applied in <paramref name="phase"/> send to: the newer routes' backends, which an
    /// <c>expectBackendSamples</c> check without a <c>backendPrefix</c> (UDP) must never see answering.
    /// </summary>
    public static IReadOnlySet<(string Ns, string Name)> BackendsAppliedIn(ConformanceCase c, int phase)
    {
        var result = new HashSet<(string, string)>();
        foreach (var m in c.Mutations.Where(m => Phase(m) == phase && m.GetProperty("op").GetString() == "Apply"))
        {
            foreach (var obj in m.GetProperty("objects").EnumerateArray().Where(o => o.TryGetProperty("spec", out var spec) && spec.TryGetProperty("rules", out _)))
            {
                var ns = obj.GetProperty("metadata").TryGetProperty("namespace", out var n) ? n.GetString()! : "default";
                foreach (var rule in obj.GetProperty("spec").GetProperty("rules").EnumerateArray())
                {
                    foreach (var b in rule.TryGetProperty("backendRefs", out var refs) ? refs.EnumerateArray() : default)
                    {
                        result.Add((b.TryGetProperty("namespace", out var bn) ? bn.GetString()! : ns, b.GetProperty("name").GetString()!));
                    }
                }
            }
        }

        return result;
    }

    public static int MaxPhase(ConformanceCase c) => c.Mutations.Select(Phase).DefaultIfEmpty(0).Max();

    private static int Phase(JsonElement mutation) =>
        mutation.TryGetProperty("resultingPhase", out var p) && p.ValueKind == JsonValueKind.Number ? p.GetInt32() : 1;

    private static void Apply(List<(string Path, string Yaml)> files, JsonElement mutation, int phase)
    {
        switch (mutation.GetProperty("op").GetString())
        {
            case "Delete":
                var o = mutation.GetProperty("object");
                var (kind, name, ns) = (o.GetProperty("kind").GetString()!, o.GetProperty("name").GetString()!, o.GetProperty("namespace").GetString()!);
                for (var i = 0; i < files.Count; i++)
                {
                    files[i] = (files[i].Path, RemoveDocument(files[i].Yaml, kind, name, ns));
                }

                break;
            case "Apply":
                // JSON is YAML: the objects the Go code builds are applied as they are.
                var yaml = new StringBuilder();
                foreach (var obj in mutation.GetProperty("objects").EnumerateArray())
                {
                    yaml.Append("---\n").Append(obj.GetRawText()).Append('\n');
                }

                files.Add(($"manifests/mutations/phase-{phase}.yaml", yaml.ToString()));
                break;
            default:
                // Patches touch EndpointSlices only; Topology resolves selector-less Services instead.
                break;
        }
    }

    private static string RemoveDocument(string yaml, string kind, string name, string ns)
    {
        var docs = yaml.Split("\n---", StringSplitOptions.None);
        var kept = docs.Where(d =>
        {
            var m = Manifest.ParseAll(d).FirstOrDefault();
            return m is null || m.Kind != kind || m.Name != name || m.Namespace != ns;
        });
        return string.Join("\n---", kept);
    }

    [GeneratedRegex(@"(?m)^(\s*gatewayClassName:\s*).*$")]
    private static partial Regex GatewayClassField();

    [GeneratedRegex(@"(?m)^(\s*controllerName:\s*).*$")]
    private static partial Regex ControllerNameField();
}
