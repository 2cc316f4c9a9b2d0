using System.Text;
using System.Text.RegularExpressions;
using GitGateway.Fixtures;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Renderer.Tests.Conformance;

/// <summary>
/// Builds the render input of one conformance case the way the suite applies it: base + test manifests with
/// every Gateway's class set to the suite's class and every GatewayClass's controllerName to ours, plus the
/// suite's generated Secrets and ConfigMaps and the suite GatewayClass.
/// </summary>
internal static partial class ConformanceInput
{
    public const string ClassName = "gitgateway-conformance";

    /// <summary>The proxy node address the suite would reach the Gateways at (the proxy runs on loopback there).</summary>
    public const string NodeAddress = "127.0.0.1";

    public static RenderInput For(ConformanceCase c)
    {
        var files = new List<SourceFile>();
        foreach (var m in c.Manifests)
        {
            var text = File.ReadAllText(Path.Combine(RepoPaths.Conformance, "manifests", m));
            text = text.Replace("{GATEWAY_CLASS_NAME}", ClassName, StringComparison.Ordinal);
            text = GatewayClassName().Replace(text, "${1}" + ClassName);
            text = ControllerName().Replace(text, "${1}" + RenderInput.DefaultControllerName);
            files.Add(new SourceFile(m, Encoding.UTF8.GetBytes(text)));
        }

        var gc = $"apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: {{name: {ClassName}}}\nspec: {{controllerName: {RenderInput.DefaultControllerName}}}\n";
        files.Add(new SourceFile("suite/gatewayclass.yaml", Encoding.UTF8.GetBytes(gc)));
        files.Add(new SourceFile("suite/setup.yaml", Encoding.UTF8.GetBytes(SuiteObjects.AsYaml)));
        return new RenderInput(files, "conformance/" + c.Test, null, [NodeAddress]);
    }

    [GeneratedRegex(@"(?m)^(\s*gatewayClassName:\s*).*$")]
    private static partial Regex GatewayClassName();

    [GeneratedRegex(@"(?m)^(\s*controllerName:\s*).*$")]
    private static partial Regex ControllerName();
}
