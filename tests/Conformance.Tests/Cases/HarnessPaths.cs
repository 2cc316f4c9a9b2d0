using System.Reflection;

namespace GitGateway.Conformance.Tests.Cases;

/// <summary>
/// The repository root and the vendored conformance data (<c>third_party/gateway-api/conformance</c>), found from the source
/// path recorded at build time, so that builds with their output outside the tree find them too.
/// </summary>
internal static class HarnessPaths
{
    public static string Root { get; } = typeof(HarnessPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .First(a => a.Key == "GitGateway.RepoRoot").Value!.TrimEnd('/');

    public static string Conformance => Path.Combine(Root, "third_party", "gateway-api", "conformance");
}
