using System.Reflection;

namespace GitGateway.Architecture.Tests;

/// <summary>
/// The data plane (Plan, Proxy, Vip) must never depend on the control plane (Renderer, Reconciler):
/// nodes run without YAML or Git, and a plan is the only thing they share.
/// </summary>
public sealed class DependencyDirectionTests
{
    private static readonly string[] ControlPlane = ["GitGateway.Renderer", "gitgateway"];

    public static TheoryData<string> DataPlaneAssemblies => new() { "GitGateway.Plan", "gitgateway-proxy", "GitGateway.Vip", "gitgateway-vip" };

    [Theory]
    [MemberData(nameof(DataPlaneAssemblies))]
    public void DataPlaneAssembly_References_NoControlPlaneAssembly(string assemblyName)
    {
        var assembly = Assembly.Load(assemblyName);

        var references = assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();

        Assert.DoesNotContain(references, r => ControlPlane.Contains(r));
    }

    [Fact]
    public void Plan_References_OnlyTheBaseClassLibrary()
    {
        var references = Assembly.Load("GitGateway.Plan").GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.All(references, r => Assert.True(r.StartsWith("System", StringComparison.Ordinal) || r == "netstandard", r));
    }

    [Fact]
    public void Renderer_References_NoSocketsOrReconciler()
    {
        var references = Assembly.Load("GitGateway.Renderer").GetReferencedAssemblies().Select(a => a.Name).ToList();

        Assert.DoesNotContain("gitgateway", references);
        Assert.DoesNotContain("System.Net.Sockets", references);
    }
}
