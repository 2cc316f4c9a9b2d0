namespace GitGateway.Fixtures;

/// <summary>Locations in the source tree, found from the test's directory.</summary>
public static class RepoPaths
{
    /// <summary>The repository root (the folder with GitGateway.sln).</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The vendored upstream Gateway API material (<c>third_party/gateway-api</c>): conformance data and CRDs.</summary>
    public static string GatewayApi => Path.Combine(Root, "third_party", "gateway-api");

    /// <summary>The vendored conformance data folder.</summary>
    public static string Conformance => Path.Combine(GatewayApi, "conformance");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "GitGateway.sln")))
        {
            dir = dir.Parent;
        }

        // Built with --artifacts-path outside the tree: the test project records its source root at build time.
        if (dir is null && AppContext.GetData("GitGateway.RepoRoot") is string recorded && File.Exists(Path.Combine(recorded, "GitGateway.sln")))
        {
            return Path.GetFullPath(recorded);
        }

        return dir?.FullName ?? throw new InvalidOperationException("GitGateway.sln not found above " + AppContext.BaseDirectory);
    }
}
