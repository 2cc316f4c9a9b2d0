using System.Formats.Tar;
using System.Text;
using System.Text.RegularExpressions;
using GitGateway.Vip.Tests.Peers;

namespace GitGateway.Reconciler.Tests.Deploy;

/// <summary>
/// The images scripts/build-images.sh builds, read back from the OCI layout: who they run as, what they start,
/// what they expose, that no key material or credential went into a layer, and that they start for real.
/// </summary>
public sealed partial class ImageConfigTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("gitgateway", "/app/gitgateway", "8080/tcp")]
    [InlineData("gitgateway-proxy", "/app/gitgateway-proxy", "443/tcp 80/tcp")]
    public async Task Config_NonRootNumericUserEntrypointPortsAndLabels(string name, string entrypoint, string ports)
    {
        var image = await ReadAsync(name);
        var config = image.Config;

        Assert.Equal("10001:10001", config.GetProperty("User").GetString());
        Assert.Equal([entrypoint], config.GetProperty("Entrypoint").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(ports.Split(' '), config.GetProperty("ExposedPorts").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Contains("/tmp", config.GetProperty("Volumes").EnumerateObject().Select(v => v.Name));
        var labels = config.GetProperty("Labels");
        Assert.Equal(name, labels.GetProperty("org.opencontainers.image.title").GetString());
        Assert.Equal(image.Tag, labels.GetProperty("org.opencontainers.image.version").GetString());
        Assert.Matches("^[0-9a-f]{40}$", labels.GetProperty("org.opencontainers.image.revision").GetString());
        Assert.DoesNotContain(config.GetProperty("Env").EnumerateArray().Select(e => e.GetString()!),
            e => e.Contains("TOKEN", StringComparison.OrdinalIgnoreCase) || e.Contains("SECRET", StringComparison.OrdinalIgnoreCase) || e.Contains("PASSWORD", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("gitgateway", "/app/gitgateway")]
    [InlineData("gitgateway-proxy", "/app/gitgateway-proxy")]
    public async Task Layers_EntrypointOwnedByRootNotWritableByTheUser_StateDirOwnedByTheUser(string name, string entrypoint)
    {
        // A path in an upper layer replaces the one below.
        var entries = (await ReadAsync(name)).Entries(maxContent: 0).GroupBy(e => e.Path.TrimEnd('/')).ToDictionary(g => g.Key, g => g.Last().Entry);

        var program = entries[entrypoint];
        Assert.Equal(0, program.Uid);
        Assert.True(program.Mode.HasFlag(UnixFileMode.UserExecute) && program.Mode.HasFlag(UnixFileMode.OtherExecute));
        Assert.False(program.Mode.HasFlag(UnixFileMode.OtherWrite) || program.Mode.HasFlag(UnixFileMode.GroupWrite));
        Assert.All(entries.Where(e => e.Key.StartsWith("/app/", StringComparison.Ordinal)), e => Assert.Equal(0, e.Value.Uid));
        Assert.Equal(10001, entries["/var/lib/" + name].Uid);
        Assert.True(entries["/tmp"].Mode.HasFlag(UnixFileMode.StickyBit));
    }

    [Theory]
    [InlineData("gitgateway")]
    [InlineData("gitgateway-proxy")]
    public async Task Layers_HoldNoKeysCredentialsOrRepositories(string name)
    {
        var found = new List<string>();
        foreach (var (path, entry, content) in (await ReadAsync(name)).Entries(maxContent: 64 << 20))
        {
            var file = Path.GetFileName(path.TrimEnd('/'));
            var regular = entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile;
            if (file is ".git" or ".git-credentials" or ".netrc" or ".npmrc" or "node-token" or "webhook-secret" or "id_rsa" or "id_ed25519"
                || (path.StartsWith("/etc/gitgateway/", StringComparison.Ordinal) && path.TrimEnd('/') != "/etc/gitgateway")
                || (regular && (file.EndsWith(".key", StringComparison.Ordinal) || file.EndsWith(".pem", StringComparison.Ordinal))))
            {
                found.Add(path);
            }

            // GnuTLS carries the published keys of its FIPS self-tests; no other file may hold a key or a token.
            if (content is not null && !path.StartsWith("/usr/lib/x86_64-linux-gnu/libgnutls.so.", StringComparison.Ordinal) && Secret().IsMatch(Encoding.Latin1.GetString(content)))
            {
                found.Add($"{path} ({entry.Length} bytes) holds key material or a token");
            }
        }

        Assert.Empty(found);
    }

    [Fact]
    public async Task ControlPlaneImage_HasGitWithItsHttpsHelper_AndNoPerl()
    {
        var paths = (await ReadAsync("gitgateway")).Entries(maxContent: 0).Select(e => e.Path).ToHashSet();

        Assert.Contains("/usr/bin/git", paths);
        Assert.Contains("/usr/lib/git-core/git-remote-https", paths);
        Assert.Contains("/etc/ssl/certs/ca-certificates.crt", paths);
        Assert.DoesNotContain("/usr/bin/perl", paths);
    }

    [Theory]
    [InlineData("gitgateway", "/app/gitgateway --version", "0.")]
    [InlineData("gitgateway", "/usr/bin/git --version", "git version")]
    [InlineData("gitgateway-proxy", "/app/gitgateway-proxy --version", "")]
    [InlineData("gitgateway-proxy", "/bin/ip -V", "iproute2")]
    public async Task Unpacked_RunsAsTheImageUser_WithOnlyItsOwnFiles(string name, string command, string expected)
    {
        // umoci unpacks the rootfs as a runtime would; chroot runs the command as the image's user with the
        // /proc and /dev a runtime mounts, in a mount namespace of its own.
        var layout = await BuiltImages.GetAsync(Cancel);
        var bundle = Path.Combine(Path.GetTempPath(), $"gitgateway-image-{Guid.NewGuid():N}");
        try
        {
            var (unpacked, log) = await Command.RunAsync("umoci", ["unpack", "--image", $"{Path.Combine(layout, name)}:{OciImage.Read(Path.Combine(layout, name)).Tag}", bundle], Cancel, TimeSpan.FromMinutes(5));
            Assert.True(unpacked == 0, log);
            var rootfs = Path.Combine(bundle, "rootfs");
            var script = $"mount --rbind /dev {rootfs}/dev && mount -t proc proc {rootfs}/proc && exec chroot --userspec=10001:10001 {rootfs} {command}";
            var (code, output) = await Command.RunAsync("unshare", ["--mount", "--fork", "sh", "-c", script], Cancel, TimeSpan.FromMinutes(2));

            Assert.True(code == 0, output);
            Assert.Contains(expected, output, StringComparison.Ordinal);
        }
        finally
        {
            DeleteUnmounted(bundle);
        }
    }

    private static async Task<OciImage> ReadAsync(string name) =>
        OciImage.Read(Path.Combine(await BuiltImages.GetAsync(Cancel), name));

    // A PEM private key with its body (libssh2 and GnuTLS hold the bare header as a string), or a GitHub token
    // (classic or fine-grained, the shapes GitRedactor knows).
    [GeneratedRegex(@"-----BEGIN [A-Z ]*PRIVATE KEY-----\r?\n[A-Za-z0-9+/=]{40,}|\bgh[pousr]_[A-Za-z0-9]{36}\b|\bgithub_pat_[A-Za-z0-9_]{40,}")]
    private static partial Regex Secret();

    // A mount left in the bundle (it should die with its namespace) must never be deleted through.
    private static void DeleteUnmounted(string bundle)
    {
        if (Directory.Exists(bundle) && !File.ReadAllText("/proc/self/mountinfo").Contains(bundle, StringComparison.Ordinal))
        {
            Directory.Delete(bundle, recursive: true);
        }
    }
}
