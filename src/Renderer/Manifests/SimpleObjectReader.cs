using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using GitGateway.Renderer.Diagnostics;

namespace GitGateway.Renderer.Manifests;

/// <summary>Reads the small kinds: GatewayClass, ReferenceGrant, Service, Secret and ConfigMap.</summary>
internal static class SimpleObjectReader
{
    /// <summary>Reads a GatewayClass.</summary>
    public static GatewayClassObject GatewayClass(ManifestObject obj, FieldReader f)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(f);
        return new GatewayClassObject(obj, f.Str(f.Map(obj.Root, "spec", true), "controllerName", required: true) ?? "");
    }

    /// <summary>Reads a ReferenceGrant.</summary>
    public static ReferenceGrantObject ReferenceGrant(ManifestObject obj, FieldReader f)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(f);
        var spec = f.Map(obj.Root, "spec", true);
        var from = f.MapSeq(spec, "from", required: true)
            .Select(m => (f.Str(m, "group") ?? "", f.Str(m, "kind", true) ?? "", f.Str(m, "namespace", true) ?? ""))
            .ToList();
        var to = f.MapSeq(spec, "to", required: true)
            .Select(m => (f.Str(m, "group") ?? "", f.Str(m, "kind", true) ?? "", f.Str(m, "name")))
            .ToList();
        return new ReferenceGrantObject(obj, from, to);
    }

    /// <summary>Reads a Service's ports.</summary>
    public static ServiceObject Service(ManifestObject obj, FieldReader f)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(f);
        var ports = new List<ServicePort>();
        foreach (var p in f.MapSeq(f.Map(obj.Root, "spec"), "ports"))
        {
            if (f.IntInRange(p, "port", 1, 65535, required: true) is { } port)
            {
                ports.Add(new ServicePort((int)port, f.Str(p, "name"), f.Str(p, "appProtocol"), f.Str(p, "protocol") ?? "TCP"));
            }
        }

        return new ServiceObject(obj, ports);
    }

    /// <summary>
    /// Reads a Secret, checking that it holds a matching certificate and key (a kubernetes.io/tls Secret, for
    /// certificateRefs) and, apart, a CA bundle in <c>ca.crt</c> or else <c>tls.crt</c> (any type, for caCertificateRefs).
    /// </summary>
    public static TlsMaterialObject Secret(ManifestObject obj, FieldReader f)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(f);
        // The node reads a Secret's CA bundle from ca.crt, else tls.crt (Proxy CertificateStore.LoadCa): the same here.
        var bundle = Data(obj, "ca.crt", f) ?? Data(obj, "tls.crt", f);
        return new TlsMaterialObject(obj, CertificateProblem(obj, f), bundle is null ? "the Secret has no ca.crt (nor tls.crt)" : CaBundleProblem(bundle, "Secret"));
    }

    /// <summary>Reads a ConfigMap, checking that ca.crt (when present) parses.</summary>
    public static TlsMaterialObject ConfigMap(ManifestObject obj, FieldReader f)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(f);
        var problem = CaBundleProblem(Data(obj, "ca.crt", f), "ConfigMap");
        return new TlsMaterialObject(obj, problem, problem);
    }

    private static string? CertificateProblem(ManifestObject obj, FieldReader f)
    {
        var type = f.Str(obj.Root, "type") ?? "Opaque";
        if (type != "kubernetes.io/tls")
        {
            return $"Secret type is '{type}', not kubernetes.io/tls";
        }

        var crt = Data(obj, "tls.crt", f);
        var key = Data(obj, "tls.key", f);
        if (crt is null || key is null)
        {
            return "the Secret lacks tls.crt or tls.key";
        }

        try
        {
            using var cert = X509Certificate2.CreateFromPem(crt, key);
            return null;
        }
        catch (CryptographicException ex)
        {
            return "tls.crt and tls.key do not form a valid certificate and matching private key: " + ex.Message;
        }
        catch (ArgumentException ex)
        {
            return "tls.crt or tls.key is not PEM: " + ex.Message;
        }
    }

    private static string? CaBundleProblem(string? ca, string kind)
    {
        if (ca is null)
        {
            return $"the {kind} has no ca.crt";
        }

        try
        {
            var certs = new X509Certificate2Collection();
            certs.ImportFromPem(ca);
            return certs.Count == 0 ? "ca.crt holds no PEM certificate" : null;
        }
        catch (CryptographicException ex)
        {
            return "ca.crt does not parse: " + ex.Message;
        }
    }

    private static string? Data(ManifestObject obj, string key, FieldReader f)
    {
        if (f.Str(f.Map(obj.Root, "stringData"), key) is { } plain)
        {
            return plain;
        }

        var encoded = f.Str(f.Map(obj.Root, "data"), key);
        if (encoded is null)
        {
            return null;
        }

        if (obj.Kind == "ConfigMap")
        {
            return encoded;
        }

        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
        }
        catch (FormatException)
        {
            f.Diagnostics.Error(DiagnosticCodes.InvalidCertificate, obj.Mark, $"{obj.Key}: data.{key} is not base64; encode it, or use stringData");
            return null;
        }
    }
}
