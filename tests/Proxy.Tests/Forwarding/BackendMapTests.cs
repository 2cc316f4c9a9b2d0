using System.Text.Json;
using GitGateway.Proxy.Forwarding;

namespace GitGateway.Proxy.Tests.Forwarding;

/// <summary><c>backends.json</c> read by a source-generated context: listed Services resolve to their endpoints, others to DNS, and a file that is not the map is refused.</summary>
public sealed class BackendMapTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "gg-backends-" + Guid.NewGuid().ToString("N") + ".json");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void Load_ListedAndUnlistedServices_ListedEndpointsElseClusterDns()
    {
        File.WriteAllText(_path, """{"shop/web:80": ["10.0.0.1:8080", "10.0.0.2:8080"], "shop/empty:80": []}""");

        var map = BackendMap.Load(_path);

        Assert.Equal(["10.0.0.1:8080", "10.0.0.2:8080"], map.Resolve("shop", "web", 80).Authorities);
        Assert.Equal(["empty.shop.svc.cluster.local:80"], map.Resolve("shop", "empty", 80).Authorities);
        Assert.Equal(["api.shop.svc.cluster.local:81"], map.Resolve("shop", "api", 81).Authorities);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("""{"shop/web:80": "10.0.0.1:8080"}""")]
    [InlineData("""{"shop/web:80": [1]}""")]
    [InlineData("{")]
    public void Load_NotTheMap_ThrowsJsonException(string json)
    {
        File.WriteAllText(_path, json);

        Assert.ThrowsAny<JsonException>(() => BackendMap.Load(_path));
    }
}
