using System.Globalization;
using System.Text.Json;
using GitGateway.Conformance.Tests.Setup;

namespace GitGateway.Conformance.Tests.Traffic;

/// <summary>
/// Compares one HTTP response with a case's <c>expect</c> in the order of upstream <c>CompareRoundTrip</c>
/// (conformance README section 3.2). Returns null when it matches, else the first difference.
/// </summary>
internal static class HttpExpectation
{
    public static string? Check(JsonElement expect, JsonElement request, HttpProbeResult r, Func<string, string> substitute)
    {
        if (r.Error is not null)
        {
            return "no response: " + r.Error;
        }

        var codes = expect.TryGetProperty("statusCodes", out var sc) ? sc.EnumerateArray().Select(c => c.GetInt32()).ToList() : [200];
        if ((r.Status is 408 or 504) && (codes.Contains(408) || codes.Contains(504)))
        {
            return null;
        }

        if (!codes.Contains(r.Status))
        {
            return $"status {r.Status}, want {string.Join("|", codes)}";
        }

        if (Str(expect, "responseProtocol") is { } proto && proto != r.Protocol)
        {
            return $"protocol {r.Protocol}, want {proto}";
        }

        if (r.Status is 200 or 204)
        {
            return CheckBackend(expect, r, substitute) ?? CheckResponseHeaders(expect, r);
        }

        return r.Status is >= 300 and < 400 && expect.TryGetProperty("redirect", out var redirect) && redirect.ValueKind == JsonValueKind.Object
            ? CheckRedirect(redirect, request, r)
            : null;
    }

    private static string? CheckBackend(JsonElement expect, HttpProbeResult r, Func<string, string> substitute)
    {
        var echo = r.Echo;
        if (expect.TryGetProperty("backendSees", out var sees) && sees.ValueKind == JsonValueKind.Object)
        {
            if (Str(sees, "path") is { } path && substitute(path) != echo.Path)
            {
                return $"backend saw path '{echo.Path}', want '{substitute(path)}'";
            }

            if (Str(sees, "host") is { } host && host != echo.Host)
            {
                return $"backend saw host '{echo.Host}', want '{host}'";
            }

            if (Str(sees, "method") is { } method && echo.Path.Length > 0 && method != echo.Method)
            {
                return $"backend saw method '{echo.Method}', want '{method}'";
            }

            if (CheckHeaders(sees, echo) is { } headerProblem)
            {
                return headerProblem;
            }

            if (Str(sees, "sni") is { } sni && sni != echo.ServerName)
            {
                return $"backend saw SNI '{echo.ServerName}', want '{sni}'";
            }

            if (CheckClientCertificate(sees, echo) is { } certificateProblem)
            {
                return certificateProblem;
            }
        }

        if (expect.TryGetProperty("namespace", out var ns) && ns.ValueKind == JsonValueKind.String && ns.GetString() != echo.Namespace)
        {
            return $"namespace '{echo.Namespace}', want '{ns.GetString()}' (pod '{echo.Pod}')";
        }

        return Str(expect, "backend") is { } backend && !echo.Pod.StartsWith(backend, StringComparison.Ordinal)
            ? $"served by pod '{echo.Pod}', want {backend}"
            : null;
    }

    // backendSees.clientCert: the certificate the gateway presented to the backend is the Secret's tls.crt.
    private static string? CheckClientCertificate(JsonElement sees, EchoCapture echo)
    {
        if (!sees.TryGetProperty("clientCert", out var cert) || Str(cert, "secret") is not { } secret)
        {
            return null;
        }

        if (!CaseEnvironment.Secrets.TryGetValue(secret, out var wanted))
        {
            return $"the suite has no Secret {secret}";
        }

        var thumbprint = Thumbprint(wanted.CertificatePem);
        return echo.PeerCertificates.Any(p => Thumbprint(p) == thumbprint)
            ? null
            : $"backend saw {(echo.PeerCertificates.Count == 0 ? "no client certificate" : "another client certificate")}, want {secret}";
    }

    private static string Thumbprint(string pem)
    {
        using var certificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(pem);
        return certificate.Thumbprint;
    }

    private static string? CheckHeaders(JsonElement sees, EchoCapture echo)
    {
        if (sees.TryGetProperty("headers", out var headers) && headers.ValueKind == JsonValueKind.Object)
        {
            foreach (var h in headers.EnumerateObject())
            {
                var want = h.Value.ValueKind == JsonValueKind.Array ? string.Join(",", h.Value.EnumerateArray().Select(v => v.GetString())) : h.Value.GetString();
                if (!echo.Headers.TryGetValue(h.Name, out var got))
                {
                    return $"backend did not see header {h.Name}";
                }

                if (string.Join(",", got) != want)
                {
                    return $"backend saw {h.Name}: '{string.Join(",", got)}', want '{want}'";
                }
            }
        }

        if (sees.TryGetProperty("absentHeaders", out var absent) && absent.ValueKind == JsonValueKind.Array)
        {
            foreach (var name in absent.EnumerateArray().Select(a => a.GetString()!))
            {
                if (echo.Headers.ContainsKey(name))
                {
                    return $"backend saw header {name}, which must be absent";
                }
            }
        }

        return null;
    }

    private static string? CheckResponseHeaders(JsonElement expect, HttpProbeResult r)
    {
        var ignoreSpace = expect.TryGetProperty("ignoreWhitespaceInResponseHeaders", out var iw) && iw.ValueKind == JsonValueKind.True;
        string Norm(string s) => ignoreSpace ? s.Replace(" ", "", StringComparison.Ordinal) : s;
        string? Got(string name) => r.Headers.TryGetValue(name, out var v) ? string.Join(",", v) : null;

        if (expect.TryGetProperty("responseHeaders", out var exact) && exact.ValueKind == JsonValueKind.Object)
        {
            foreach (var h in exact.EnumerateObject())
            {
                var got = Got(h.Name);
                if (got is null || Norm(got) != Norm(h.Value.GetString() ?? ""))
                {
                    return $"response header {h.Name}: '{got}', want '{h.Value.GetString()}'";
                }
            }
        }

        if (expect.TryGetProperty("responseHeadersOneOf", out var oneOf) && oneOf.ValueKind == JsonValueKind.Object)
        {
            foreach (var h in oneOf.EnumerateObject())
            {
                var got = Got(h.Name);
                var options = h.Value.EnumerateArray().Select(v => Norm(v.GetString() ?? "")).ToList();
                if (got is null || !options.Contains(Norm(got)))
                {
                    return $"response header {h.Name}: '{got}', want one of {string.Join(" | ", options)}";
                }
            }
        }

        if (expect.TryGetProperty("absentResponseHeaders", out var absent) && absent.ValueKind == JsonValueKind.Array)
        {
            foreach (var name in absent.EnumerateArray().Select(a => a.GetString()!))
            {
                if (r.Headers.ContainsKey(name))
                {
                    return $"response header {name} must be absent";
                }
            }
        }

        return null;
    }

    private static string? CheckRedirect(JsonElement redirect, JsonElement request, HttpProbeResult r)
    {
        if (!r.Headers.TryGetValue("Location", out var location) || location.Count == 0
            || !Uri.TryCreate(location[0], UriKind.Absolute, out var uri))
        {
            return "redirect without an absolute Location";
        }

        var scheme = Str(redirect, "scheme") ?? Str(request, "scheme") ?? "http";
        if (uri.Scheme != scheme)
        {
            return $"redirect scheme '{uri.Scheme}', want '{scheme}'";
        }

        if (Str(redirect, "host") is { } host && host != uri.Host)
        {
            return $"redirect host '{uri.Host}', want '{host}'";
        }

        var requestPath = (Str(request, "path") ?? "/").Split('?')[0];
        var path = Str(redirect, "path") ?? requestPath;
        if (uri.AbsolutePath != path)
        {
            return $"redirect path '{uri.AbsolutePath}', want '{path}'";
        }

        var port = redirect.TryGetProperty("port", out var p) && p.ValueKind is JsonValueKind.Number or JsonValueKind.String ? p.ToString() : null;
        var defaultPort = scheme == "https" ? 443 : 80;
        var explicitPort = uri.IsDefaultPort ? null : uri.Port.ToString(CultureInfo.InvariantCulture);
        return port switch
        {
            null when explicitPort is not null && uri.Port != defaultPort => $"redirect port {explicitPort}, want none",
            not null when (explicitPort ?? defaultPort.ToString(CultureInfo.InvariantCulture)) != port => $"redirect port {explicitPort ?? "(default)"}, want {port}",
            _ => null,
        };
    }

    private static string? Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
