using System.Buffers;
using System.Net;
using Microsoft.Extensions.Primitives;

namespace GitGateway.Proxy.Policies.Waf;

/// <summary>
/// Inspects what arrives before the body: the raw request target, the decoded path, the query arguments, and the
/// headers rules look at (Host, User-Agent, Referer, Cookie, Content-Type, Accept).
/// </summary>
internal static class WafRequestInspector
{
    private const int StackLimit = 256;

    /// <summary>The findings of the request head; <paramref name="arguments"/> is the number of query arguments.</summary>
    public static WafFindings Inspect(HttpRequest request, string rawTarget, int level, out int arguments)
    {
        var findings = default(WafFindings);
        WafValueInspector.Inspect(rawTarget, WafTargets.RawTarget, level, ref findings);
        var query = rawTarget.IndexOf('?', StringComparison.Ordinal);
        InspectPath(query < 0 ? rawTarget : rawTarget.AsSpan(0, query), level, ref findings);
        arguments = query < 0 ? 0 : WafArguments.Inspect(rawTarget.AsSpan(query + 1), level, ref findings);
        InspectHeaders(request.Headers, level, ref findings);
        return findings;
    }

    private static void InspectPath(ReadOnlySpan<char> rawPath, int level, ref WafFindings findings)
    {
        if (!rawPath.Contains('%'))
        {
            WafValueInspector.Inspect(rawPath, WafTargets.Path, level, ref findings);
            return;
        }

        char[]? rented = null;
        var buffer = rawPath.Length <= StackLimit ? stackalloc char[StackLimit] : (rented = ArrayPool<char>.Shared.Rent(rawPath.Length));
        try
        {
            // Fully decoded, %2F included: what a backend that decodes before it resolves a file would see.
            var length = WafTransforms.Decode(rawPath, buffer, plusAsSpace: false);
            WafValueInspector.Inspect(buffer[..length], WafTargets.Path, level, ref findings);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    private static void InspectHeaders(IHeaderDictionary headers, int level, ref WafFindings findings)
    {
        InspectHost(headers.Host, level, ref findings);
        var userAgent = headers.UserAgent;
        if (StringValues.IsNullOrEmpty(userAgent))
        {
            findings.Signal(ProtocolRules.MissingUserAgent, level);
        }

        Each(userAgent, WafTargets.UserAgent, level, ref findings);
        Each(headers.Referer, WafTargets.Referer, level, ref findings);
        Each(headers.ContentType, WafTargets.ContentType, level, ref findings);
        foreach (var cookie in headers.Cookie)
        {
            InspectCookies(cookie, level, ref findings);
        }

        if (headers.Accept.Count == 0)
        {
            findings.Signal(ProtocolRules.MissingAccept, level);
        }
    }

    private static void InspectHost(StringValues host, int level, ref WafFindings findings)
    {
        if (StringValues.IsNullOrEmpty(host))
        {
            findings.Signal(ProtocolRules.MissingHost, level);
        }
        else if (host.Count > 1)
        {
            findings.Signal(ProtocolRules.DuplicateHost, level);
        }
        else if (level >= ProtocolRules.NumericHost.ParanoiaLevel && IsAddress(host.ToString()))
        {
            findings.Signal(ProtocolRules.NumericHost, level);
        }
    }

    private static bool IsAddress(string host)
    {
        if (host.StartsWith('['))
        {
            return true;
        }

        var colon = host.LastIndexOf(':');
        return IPAddress.TryParse(colon < 0 ? host : host.AsSpan(0, colon), out _);
    }

    /// <summary>Cookie values (RFC 6265 §4.2.1: <c>name=value</c> pairs separated by "; "), quotes removed; the
    /// value inspector adds the percent-decoded form.</summary>
    private static void InspectCookies(string? header, int level, ref WafFindings findings)
    {
        var text = header.AsSpan();
        foreach (var range in text.Split(';'))
        {
            var pair = text[range].Trim();
            var equals = pair.IndexOf('=');
            var value = equals < 0 ? pair : pair[(equals + 1)..].Trim();
            if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
            {
                value = value[1..^1];
            }

            WafValueInspector.Inspect(value, WafTargets.Cookie, level, ref findings);
        }
    }

    private static void Each(StringValues values, WafTargets target, int level, ref WafFindings findings)
    {
        foreach (var value in values)
        {
            WafValueInspector.Inspect(value, target, level, ref findings);
        }
    }
}
