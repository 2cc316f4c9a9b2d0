using GitGateway.Conformance.Tests.Cases;

namespace GitGateway.Conformance.Tests.Setup;

/// <summary>
/// Finds the built <c>gitgateway-proxy.dll</c>: the project reference builds it beside this assembly, in the
/// artifacts layout (<c>bin/Proxy/&lt;config&gt;</c>) or the classic one (<c>src/Proxy/bin/&lt;Config&gt;/net10.0</c>).
/// <c>GITGATEWAY_PROXY_DLL</c> overrides.
/// </summary>
internal static class ProxyBinary
{
    public static string? Find()
    {
        if (Environment.GetEnvironmentVariable("GITGATEWAY_PROXY_DLL") is { Length: > 0 } explicitPath)
        {
            return File.Exists(explicitPath) ? explicitPath : null;
        }

        var baseDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
        var config = baseDir.Name.Equals("net10.0", StringComparison.Ordinal) ? baseDir.Parent?.Name ?? "Debug" : baseDir.Name;
        string[] candidates =
        [
            Path.Combine(baseDir.Parent?.Parent?.FullName ?? "", "Proxy", config, "gitgateway-proxy.dll"),
            Path.Combine(HarnessPaths.Root, "src", "Proxy", "bin", config, "net10.0", "gitgateway-proxy.dll"),
        ];
        return candidates.Where(File.Exists).OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault();
    }
}
