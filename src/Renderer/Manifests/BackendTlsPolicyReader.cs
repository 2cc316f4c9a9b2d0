using GitGateway.Plan.Model;
using GitGateway.Renderer.Diagnostics;

namespace GitGateway.Renderer.Manifests;

/// <summary>
/// Reads BackendTLSPolicies. Field shapes, lengths and patterns are the schema pass's (the vendored CRD); this
/// keeps meaning only: the hostname must be a DNS name (it becomes the SNI), and options GitGateway does not
/// know are reported as ignored rather than silently dropped.
/// </summary>
internal static class BackendTlsPolicyReader
{
    /// <summary>Reads <paramref name="obj"/>.</summary>
    public static BackendTlsPolicyObject Read(ManifestObject obj, FieldReader f)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(f);
        var spec = f.Map(obj.Root, "spec", required: true);
        var validation = f.Map(spec, "validation", required: spec is not null);
        var hostname = f.Str(validation, "hostname", required: validation is not null);
        if (hostname is not null && Hostnames.Validate(hostname, allowWildcard: false) is { } problem)
        {
            f.Diagnostics.Error(DiagnosticCodes.InvalidHostname, validation!.Get("hostname")!.Mark, $"validation.hostname: {problem}");
            hostname = null;
        }

        foreach (var (key, _) in f.StrMap(spec, "options"))
        {
            f.Diagnostics.Warning(DiagnosticCodes.IgnoredField, spec!.Get("options")!.Mark, $"BackendTLSPolicy option '{key}' is not one GitGateway knows: it is ignored");
        }

        var sans = new List<SubjectAltName>();
        foreach (var san in f.MapSeq(validation, "subjectAltNames"))
        {
            var type = f.Str(san, "type", required: true);
            var value = type == "URI" ? f.Str(san, "uri", required: true) : f.Str(san, "hostname", required: true);
            if (type is "Hostname" or "URI" && !string.IsNullOrEmpty(value))
            {
                sans.Add(new SubjectAltName(type, type == "Hostname" ? value.ToLowerInvariant() : value));
            }
        }

        var wellKnown = f.Str(validation, "wellKnownCACertificates");
        return new BackendTlsPolicyObject(
            obj,
            RefReader.ReadList(spec, "targetRefs", f, "", "Service"),
            RefReader.ReadList(validation, "caCertificateRefs", f, "", "ConfigMap"),
            string.IsNullOrEmpty(wellKnown) ? null : wellKnown,
            hostname?.ToLowerInvariant(),
            sans,
            validation?.Mark ?? obj.Mark);
    }
}
