using System.Security.Cryptography;
using System.Text;

namespace GitGateway.Renderer.Ingress;

/// <summary>Names of converted objects and files: readable, DNS-1123, bounded, and the same for the same Ingress.</summary>
internal static class IngressNames
{
    private const int MaxName = 253;

    /// <summary><c>&lt;ingress&gt;-&lt;host&gt;</c> (a wildcard's <c>*</c> written <c>wildcard</c>), or the Ingress's name for a rule without host.</summary>
    public static string Route(string ingress, string? host) =>
        Bounded(host is null ? ingress : $"{ingress}-{host.Replace("*", "wildcard", StringComparison.Ordinal)}", MaxName - 12);

    /// <summary><paramref name="name"/> with <paramref name="suffix"/>, cut and hashed when longer than Kubernetes allows.</summary>
    public static string With(string name, string suffix) => Bounded(name + suffix, MaxName);

    /// <summary>The file of an Ingress's converted objects: <c>ingress-&lt;namespace&gt;.&lt;name&gt;.yaml</c>, at most 120 characters.</summary>
    public static string File(string ns, string name) => Bounded($"ingress-{ns}.{name}", 115) + ".yaml";

    private static string Bounded(string name, int max)
    {
        if (name.Length <= max)
        {
            return name;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..8];
        return name[..(max - 9)].TrimEnd('-', '.') + "-" + hash;
    }
}
