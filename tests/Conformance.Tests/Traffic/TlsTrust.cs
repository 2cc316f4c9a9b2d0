using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using GitGateway.Conformance.Tests.Setup;

namespace GitGateway.Conformance.Tests.Traffic;

/// <summary>
/// Client-side TLS as the conformance client sets it up: trust exactly the named Secret's <c>tls.crt</c> or
/// ConfigMap's <c>ca.crt</c>, check the server name, and present a client certificate when asked.
/// </summary>
internal static class TlsTrust
{
    public static SslClientAuthenticationOptions ClientOptions(JsonElement request, string sni, IReadOnlyDictionary<string, SuiteObject> secrets)
    {
        var options = new SslClientAuthenticationOptions { TargetHost = sni };
        var root = Trusted(request, secrets);
        options.RemoteCertificateValidationCallback = (_, cert, _, _) => Validate(cert, sni, root);
        if (request.TryGetProperty("clientCertificate", out var client) && client.ValueKind == JsonValueKind.Object
            && secrets.TryGetValue(client.GetProperty("secret").GetString()!, out var o) && o.KeyPem is not null)
        {
            options.ClientCertificates = [WithKey(o)];
        }

        return options;
    }

    public static X509Certificate2 WithKey(SuiteObject o)
    {
        using var pem = X509Certificate2.CreateFromPem(o.CertificatePem, o.KeyPem);
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    private static X509Certificate2? Trusted(JsonElement request, IReadOnlyDictionary<string, SuiteObject> secrets)
    {
        if (!request.TryGetProperty("trustedServerCertificate", out var t) || t.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var key = t.TryGetProperty("secret", out var s) ? s.GetString() : t.TryGetProperty("configMap", out var c) ? c.GetString() : null;
        return key is not null && secrets.TryGetValue(key, out var o) ? X509Certificate2.CreateFromPem(o.CertificatePem) : null;
    }

    /// <summary>
    /// Chain to the trusted root, and the name checked as Go's crypto/x509 does (the conformance client is Go):
    /// a wildcard stands for exactly one leftmost label, so <c>*.org</c> covers <c>example.org</c>, which .NET's
    /// own check refuses.
    /// </summary>
    private static bool Validate(X509Certificate? presented, string sni, X509Certificate2? root)
    {
        if (presented is null || root is null)
        {
            return false;
        }

        using var leaf = X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        var names = leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(e => e.EnumerateDnsNames()).ToList();
        if (!names.Any(n => NameMatches(n, sni)))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(leaf) || leaf.RawData.AsSpan().SequenceEqual(root.RawData);
    }

    private static bool NameMatches(string pattern, string host)
    {
        if (!pattern.StartsWith("*.", StringComparison.Ordinal))
        {
            return string.Equals(pattern, host, StringComparison.OrdinalIgnoreCase);
        }

        var dot = host.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && string.Equals(pattern[1..], host[dot..], StringComparison.OrdinalIgnoreCase);
    }
}
