namespace GitGateway.Plan.Tests;

public sealed class MountedFilesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gg-mounted-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData("store-tls", true)]
    [InlineData("a.b-c", true)]
    [InlineData("../../etc", false)]
    [InlineData("/etc", false)]
    [InlineData("Store", false)]
    [InlineData("", false)]
    public void IsName_Dns1123_OnlyNames(string name, bool expected) => Assert.Equal(expected, MountedFiles.IsName(name));

    [Fact]
    public void IsName_LongerThanTheLimit_IsRefused() => Assert.False(MountedFiles.IsName(new string('a', 64), 63));

    [Fact]
    public void Inside_MountedSecretDataLink_ResolvesInside()
    {
        // The layout kubelet writes: DIR/name/password -> ..data/password, ..data -> ..2026_12_05/.
        var secret = Directory.CreateDirectory(Path.Combine(_root, "peer"));
        var stamp = Directory.CreateDirectory(Path.Combine(secret.FullName, "..2026_12_05"));
        File.WriteAllText(Path.Combine(stamp.FullName, "password"), "key");
        Directory.CreateSymbolicLink(Path.Combine(secret.FullName, "..data"), stamp.Name);
        File.CreateSymbolicLink(Path.Combine(secret.FullName, "password"), Path.Combine("..data", "password"));

        var real = MountedFiles.Inside(_root, Path.Combine(secret.FullName, "password"));

        Assert.Equal(Path.Combine(stamp.FullName, "password"), real);
    }

    [Fact]
    public void Inside_LinkLeadingOut_IsNull()
    {
        var outside = Directory.CreateTempSubdirectory("gg-outside-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(outside, "shadow"), "secret");
            var secret = Directory.CreateDirectory(Path.Combine(_root, "peer"));
            File.CreateSymbolicLink(Path.Combine(secret.FullName, "password"), Path.Combine(outside, "shadow"));

            Assert.Null(MountedFiles.Inside(_root, Path.Combine(secret.FullName, "password")));
            Assert.NotNull(MountedFiles.Inside(outside, Path.Combine(outside, "shadow")));
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [Fact]
    public void Inside_MissingFile_IsNull() => Assert.Null(MountedFiles.Inside(_root, Path.Combine(_root, "none", "tls.crt")));
}
