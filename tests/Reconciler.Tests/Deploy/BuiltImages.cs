using GitGateway.Fixtures;
using GitGateway.Vip.Tests.Peers;

namespace GitGateway.Reconciler.Tests.Deploy;

/// <summary>
/// The images of scripts/build-images.sh, built once per test run into artifacts/images-test (its Debian
/// package cache survives between runs). Needs root and umoci: off CI a missing one skips naming the package.
/// GITGATEWAY_BUILT_IMAGES=DIR reads the images the script wrote to DIR instead of building them (to check a
/// build made by hand, or to re-run these tests without a second build); CI leaves it unset.
/// </summary>
internal static class BuiltImages
{
    private const string Version = "test";
    private static readonly SemaphoreSlim Once = new(1, 1);
    private static string? _built;

    public static async Task<string> GetAsync(CancellationToken cancellationToken)
    {
        Peer.Require("umoci", "umoci");
        Peer.Require("dpkg-deb", "dpkg");
        Peer.RequireRoot("build images whose files belong to root and to the app user");
        if (Environment.GetEnvironmentVariable("GITGATEWAY_BUILT_IMAGES") is { Length: > 0 } built)
        {
            return Path.GetFullPath(built);
        }

        await Once.WaitAsync(cancellationToken);
        try
        {
            if (_built is null)
            {
                var output = Path.Combine(RepoPaths.Root, "artifacts", "images-test");
                var script = Path.Combine(RepoPaths.Root, "scripts", "build-images.sh");

                // Two self-contained publishes and gzip of ~300 MB: minutes on a quiet machine (deploy/README.md).
                var (code, log) = await Command.RunAsync(script, ["--out", output, "--version", Version], cancellationToken, TimeSpan.FromMinutes(30));
                Assert.True(code == 0, $"scripts/build-images.sh exited {code}:\n{log}");
                _built = output;
            }

            return _built;
        }
        finally
        {
            Once.Release();
        }
    }
}
