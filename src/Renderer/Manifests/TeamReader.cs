using GitGateway.Plan.Model;
using GitGateway.Renderer.Diagnostics;

namespace GitGateway.Renderer.Manifests;

/// <summary>Reads a Team object.</summary>
internal static class TeamReader
{
    /// <summary>Types <paramref name="obj"/> (kind Team).</summary>
    public static Team Read(ManifestObject obj, FieldReader f)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(f);
        var spec = f.Map(obj.Root, "spec", required: true);
        var role = f.Str(spec, "role") ?? "team";
        if (role is not ("team" or "platform"))
        {
            f.Diagnostics.Error(DiagnosticCodes.InvalidTeam, spec!.Get("role")!.Mark, $"role '{role}' is not 'team' or 'platform'");
            role = "team";
        }

        var labels = new OrdinalMap<IReadOnlyDictionary<string, string>>();
        var nsLabels = f.Map(spec, "namespaceLabels");
        foreach (var entry in nsLabels?.Entries ?? [])
        {
            labels.Set(entry.Key.Value, f.StrMap(nsLabels, entry.Key.Value));
        }

        var hostnames = new List<string>();
        var hostnameMarks = new List<SourceMark>();
        foreach (var h in f.StrSeq(spec, "hostnames"))
        {
            if (Hostnames.Validate(h.Value, allowWildcard: true) is { } problem)
            {
                f.Diagnostics.Error(DiagnosticCodes.InvalidHostname, h.Mark, problem);
                continue;
            }

            hostnames.Add(h.Value.ToLowerInvariant());
            hostnameMarks.Add(h.Mark);
        }

        return new Team(
            obj.Name,
            role,
            f.StrSeq(spec, "owners").Select(s => s.Value).ToList(),
            f.StrSeq(spec, "namespaces").Select(s => s.Value).ToList(),
            labels.Complete(),
            hostnames,
            ReadServices(spec, f),
            ReadCertificates(spec, f),
            obj.Mark)
        {
            HostnameMarks = hostnameMarks,
        };
    }

    private static List<TeamService> ReadServices(YamlMapping? spec, FieldReader f)
    {
        var result = new List<TeamService>();
        foreach (var s in f.MapSeq(spec, "services"))
        {
            var name = f.Str(s, "name", required: true);
            if (name is null)
            {
                continue;
            }

            var ports = new List<int>();
            foreach (var p in f.Seq(s, "ports"))
            {
                if (p is YamlScalar ps && int.TryParse(ps.Value, out var port) && port is >= 1 and <= 65535)
                {
                    ports.Add(port);
                }
                else
                {
                    f.Diagnostics.Error(DiagnosticCodes.OutOfRange, p.Mark, "a service port must be an integer between 1 and 65535");
                }
            }

            result.Add(new TeamService(name, f.Str(s, "namespace"), ports, f.Str(s, "appProtocol")));
        }

        return result;
    }

    private static List<CertificateRef> ReadCertificates(YamlMapping? spec, FieldReader f)
    {
        var result = new List<CertificateRef>();
        foreach (var c in f.MapSeq(spec, "certificates"))
        {
            var name = f.Str(c, "name", required: true);
            var ns = f.Str(c, "namespace", required: true);
            if (name is not null && ns is not null)
            {
                result.Add(new CertificateRef(f.Str(c, "kind") ?? "Secret", ns, name));
            }
        }

        return result;
    }
}
