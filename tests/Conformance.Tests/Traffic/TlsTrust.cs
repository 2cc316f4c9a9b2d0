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
        options.RemoteCertificateValidationCallback = (_, cert, _, errors) => Validate(cert, errors, root);
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

    private static bool Validate(X509Certificate? presented, SslPolicyErrors errors, X509Certificate2? root)
    {
        if (presented is null || root is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(presented);
        return chain.Build(leaf);
    }
}
