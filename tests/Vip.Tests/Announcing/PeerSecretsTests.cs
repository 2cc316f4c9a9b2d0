using GitGateway.Vip.Announcing;
using GitGateway.Vip.Bgp;

namespace GitGateway.Vip.Tests.Announcing;

/// <summary>Reading TCP MD5 keys from a node's secret directory: what is a key, and what refuses the plan.</summary>
public sealed class PeerSecretsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gg-secrets-").FullName;

    [Theory]
    [InlineData("key\n", "key")]
    [InlineData("key\r\n", "key")]
    [InlineData("key\n\n", "key\n")]
    [InlineData("  spaced key ", "  spaced key ")]
    public void TryRead_KeyFile_OneTrailingNewlineIsNotPartOfTheKey(string content, string key)
    {
        Write("tor-1", content);

        Assert.True(PeerSecrets.TryRead(_dir, "tor-1", out var password, out var error), error);
        Assert.Equal(new PeerPassword(System.Text.Encoding.UTF8.GetBytes(key)), password);
    }

    [Theory]
    [InlineData("", "1 to 80 bytes")]
    [InlineData("\n", "1 to 80 bytes")]
    public void TryRead_EmptyKey_Refused(string content, string reason)
    {
        Write("tor-1", content);

        Assert.False(PeerSecrets.TryRead(_dir, "tor-1", out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_KeyOver80Bytes_RefusedWithoutShowingIt()
    {
        Write("tor-1", new string('k', 81));

        Assert.False(PeerSecrets.TryRead(_dir, "tor-1", out _, out var error));
        Assert.Contains("it has 81", error, StringComparison.Ordinal);
        Assert.DoesNotContain("kkkk", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../tor-1")]
    [InlineData("/etc")]
    [InlineData("Tor-1")]
    [InlineData("tor_1")]
    [InlineData("")]
    public void TryRead_NameThatIsNoDnsName_Refused(string name)
    {
        Write("tor-1", "key");

        Assert.False(PeerSecrets.TryRead(_dir, name, out _, out var error));
        Assert.Equal("not a DNS-1123 name", error);
    }

    [Fact]
    public void TryRead_NoSecretDirectory_Refused()
    {
        Assert.False(PeerSecrets.TryRead(null, "tor-1", out _, out var error));
        Assert.Contains("--secret-dir", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_MountedSecretLinksInsideTheDirectory_Read()
    {
        // A Kubernetes Secret volume: name/password -> ..data/password -> ..2026_12_05/password, all inside DIR.
        var data = Directory.CreateDirectory(Path.Combine(_dir, "tor-1", "..2026_12_05")).FullName;
        File.WriteAllText(Path.Combine(data, "password"), "mounted");
        Directory.CreateSymbolicLink(Path.Combine(_dir, "tor-1", "..data"), data);
        File.CreateSymbolicLink(Path.Combine(_dir, "tor-1", "password"), Path.Combine("..data", "password"));

        Assert.True(PeerSecrets.TryRead(_dir, "tor-1", out var password, out var error), error);
        Assert.Equal(new PeerPassword("mounted"u8), password);
    }

    [Fact]
    public void PeerPassword_Printed_ShowsNoKey()
    {
        var settings = new BgpSessionSettings(64501, System.Net.IPAddress.Loopback, System.Net.IPAddress.Loopback, 179, 64500, Password: new PeerPassword("s3cret"u8));

        Assert.DoesNotContain("s3cret", settings.ToString(), StringComparison.Ordinal);
        Assert.Contains("(redacted)", settings.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void Write(string name, string content)
    {
        Directory.CreateDirectory(Path.Combine(_dir, name));
        File.WriteAllText(Path.Combine(_dir, name, PeerSecrets.KeyFile), content);
    }
}
