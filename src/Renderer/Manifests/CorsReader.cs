using GitGateway.Plan;
using GitGateway.Plan.Model;

namespace GitGateway.Renderer.Manifests;

/// <summary>Reads CORS settings (HTTPRoute CORS filter and the CORS ProxyPolicy share the shape).</summary>
internal static class CorsReader
{
    /// <summary>Reads a <c>cors</c> mapping.</summary>
    public static CorsFilter Read(YamlMapping? map, FieldReader f)
    {
        ArgumentNullException.ThrowIfNull(f);
        EquatableArray<string> List(string key) => f.StrSeq(map, key).Select(s => s.Value).ToEquatableArray();
        return new CorsFilter(
            List("allowOrigins"),
            List("allowMethods"),
            List("allowHeaders"),
            List("exposeHeaders"),
            f.Bool(map, "allowCredentials") ?? false,
            (int?)f.IntInRange(map, "maxAge", 0, int.MaxValue));
    }
}
