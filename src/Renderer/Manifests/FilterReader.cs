using GitGateway.Plan;
using GitGateway.Plan.Model;
using GitGateway.Renderer.Diagnostics;

namespace GitGateway.Renderer.Manifests;

/// <summary>Reads HTTPRoute/GRPCRoute filters (https://gateway-api.sigs.k8s.io/reference/spec/#httproutefilter).</summary>
internal static class FilterReader
{
    private static readonly int[] RedirectCodes = [301, 302, 303, 307, 308];

    /// <summary>Reads the <c>filters</c> list of a rule or backendRef, as the read keeps it (<see cref="ReadLists.Kept"/>).</summary>
    public static IReadOnlyList<FilterSpec> ReadList(YamlMapping? owner, FieldReader f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var items = f.Mappings(owner, "filters");
        if (items.Count == 0)
        {
            return []; // most backendRefs and many rules have none: no list is made for them
        }

        var result = new List<FilterSpec>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            if (Read(items[i], f) is not { } spec)
            {
                continue;
            }

            // Gateway API: each filter type at most once per rule (mirrors excepted), and a redirect
            // cannot be combined with a rewrite (https://gateway-api.sigs.k8s.io/reference/spec/#httproutefilter).
            if (spec.Type is not FilterType.RequestMirror && Has(result, spec.Type))
            {
                f.Diagnostics.Error(DiagnosticCodes.InvalidFilter, spec.Mark, $"filter {spec.Type} appears twice; each filter type may be used once per rule: merge them");
            }

            if (spec.Type is FilterType.RequestRedirect or FilterType.URLRewrite
                && Has(result, spec.Type is FilterType.RequestRedirect ? FilterType.URLRewrite : FilterType.RequestRedirect))
            {
                f.Diagnostics.Error(DiagnosticCodes.InvalidFilter, spec.Mark, "RequestRedirect and URLRewrite cannot be combined in one rule: a redirect answers the client, a rewrite forwards");
            }

            result.Add(spec);
        }

        return ReadLists.Kept(result);
    }

    private static bool Has(List<FilterSpec> filters, FilterType type)
    {
        foreach (var filter in filters)
        {
            if (filter.Type == type)
            {
                return true;
            }
        }

        return false;
    }

    private static FilterSpec? Read(YamlMapping item, FieldReader f)
    {
        var type = f.Str(item, "type", required: true);
        switch (type)
        {
            case null:
                return null;
            case "RequestHeaderModifier":
                return Plain(FilterType.RequestHeaderModifier, new Filter(FilterType.RequestHeaderModifier, RequestHeaderModifier: Headers(f.Map(item, "requestHeaderModifier", true), f)), item);
            case "ResponseHeaderModifier":
                return Plain(FilterType.ResponseHeaderModifier, new Filter(FilterType.ResponseHeaderModifier, ResponseHeaderModifier: Headers(f.Map(item, "responseHeaderModifier", true), f)), item);
            case "RequestRedirect":
                return Plain(FilterType.RequestRedirect, new Filter(FilterType.RequestRedirect, RequestRedirect: Redirect(f.Map(item, "requestRedirect", true), f)), item);
            case "URLRewrite":
                var rw = f.Map(item, "urlRewrite", true);
                return Plain(FilterType.URLRewrite, new Filter(FilterType.URLRewrite, UrlRewrite: new RewriteFilter(Hostname(rw, f), Path(rw, f))), item);
            case "CORS":
                return Plain(FilterType.CORS, new Filter(FilterType.CORS, Cors: CorsReader.Read(f.Map(item, "cors", true), f)), item);
            case "RequestMirror":
                return Mirror(item, f);
            default:
                f.Diagnostics.Error(DiagnosticCodes.InvalidFilter, item.Mark,
                    $"filter type '{type}' is not supported; use RequestHeaderModifier, ResponseHeaderModifier, RequestRedirect, URLRewrite, RequestMirror or CORS");
                return null;
        }
    }

    private static FilterSpec Plain(FilterType type, Filter filter, YamlMapping item) => new(type, filter, null, 0, 0, item.Mark);

    private static FilterSpec? Mirror(YamlMapping item, FieldReader f)
    {
        var m = f.Map(item, "requestMirror", true);
        var backend = f.Map(m, "backendRef", true);
        var r = backend is null ? null : RefReader.Read(backend, f, "", "Service");
        if (r is null)
        {
            return null;
        }

        int num = 100, den = 100;
        if (f.IntInRange(m, "percent", 0, 100) is { } percent)
        {
            num = (int)percent;
        }
        else if (f.Map(m, "fraction") is { } fraction)
        {
            den = (int)(f.IntInRange(fraction, "denominator", 1, int.MaxValue) ?? 100);
            num = (int)(f.IntInRange(fraction, "numerator", 0, int.MaxValue, required: true) ?? 0);
            if (num > den)
            {
                f.Diagnostics.Error(DiagnosticCodes.OutOfRange, fraction.Mark, $"mirror fraction {num}/{den} is above 1: the numerator must not exceed the denominator");
                num = den;
            }
        }

        return new FilterSpec(FilterType.RequestMirror, null, r, num, den, item.Mark);
    }

    private static HeaderModifier Headers(YamlMapping? map, FieldReader f)
    {
        List<HeaderValue> Values(string key)
        {
            var items = f.Mappings(map, key);
            var list = new List<HeaderValue>(items.Count);
            for (var i = 0; i < items.Count; i++)
            {
                var h = items[i];
                var name = f.Str(h, "name", required: true);
                if (name is not null && !HeaderNames.IsValid(name))
                {
                    f.Diagnostics.Error(DiagnosticCodes.InvalidField, h.Mark, $"'{name}' is not a valid HTTP header name (RFC 9110 token: letters, digits and !#$%&'*+-.^_`|~)");
                }
                else if (name is not null && HasHeader(list, name))
                {
                    DuplicateHeader(f, h.Mark, key, name);
                }
                else if (name is not null)
                {
                    list.Add(new HeaderValue(name, f.Str(h, "value") ?? ""));
                }
            }

            return list;
        }

        var remove = new List<string>();
        foreach (var r in f.StrSeq(map, "remove"))
        {
            // "The value of Remove is a list of HTTP header names": a name that is no RFC 9110 token removes nothing.
            if (!HeaderNames.IsValid(r.Value))
            {
                f.Diagnostics.Error(DiagnosticCodes.InvalidField, r.Mark, $"'{r.Value}' in 'remove' is not a valid HTTP header name (RFC 9110 token: letters, digits and !#$%&'*+-.^_`|~)");
                continue;
            }

            if (remove.Contains(r.Value, StringComparer.OrdinalIgnoreCase))
            {
                DuplicateHeader(f, r.Mark, "remove", r.Value);
                continue;
            }

            remove.Add(r.Value);
        }

        return new HeaderModifier(Values("set").ToEquatableArray(), Values("add").ToEquatableArray(), remove.ToEquatableArray());
    }

    // Whether the name is in the list already (header names are case-insensitive); a loop, not a closure per header.
    private static bool HasHeader(List<HeaderValue> list, string name)
    {
        foreach (var value in list)
        {
            if (string.Equals(value.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    // Gateway API HTTPHeaderFilter: set/add/remove are keyed by header name and "Name matching MUST be
    // case-insensitive", so X-A and x-a are the same entry twice, which the API server rejects
    // (https://gateway-api.sigs.k8s.io/reference/spec/#httpheaderfilter).
    private static void DuplicateHeader(FieldReader f, SourceMark mark, string list, string name) =>
        f.Diagnostics.Error(DiagnosticCodes.InvalidFilter, mark,
            $"header '{name}' appears twice in '{list}' (header names are case-insensitive): keep one entry");

    private static RedirectFilter Redirect(YamlMapping? map, FieldReader f)
    {
        var scheme = f.Str(map, "scheme");
        if (scheme is not null and not ("http" or "https"))
        {
            f.Diagnostics.Error(DiagnosticCodes.InvalidField, map!.Get("scheme")!.Mark, $"redirect scheme '{scheme}' must be http or https");
            scheme = null;
        }

        var code = (int)(f.Int(map, "statusCode") ?? 302);
        if (!RedirectCodes.Contains(code))
        {
            f.Diagnostics.Error(DiagnosticCodes.OutOfRange, map!.Get("statusCode")!.Mark, $"redirect statusCode {code} is not one of 301, 302, 303, 307, 308");
            code = 302;
        }

        return new RedirectFilter(scheme, Hostname(map, f), (int?)f.IntInRange(map, "port", 1, 65535), Path(map, f), code);
    }

    private static string? Hostname(YamlMapping? map, FieldReader f)
    {
        var host = f.Str(map, "hostname");
        if (host is not null && Hostnames.Validate(host, allowWildcard: false) is { } problem)
        {
            f.Diagnostics.Error(DiagnosticCodes.InvalidHostname, map!.Get("hostname")!.Mark, problem);
            return null;
        }

        return host?.ToLowerInvariant();
    }

    private static PathModifier? Path(YamlMapping? map, FieldReader f)
    {
        var path = f.Map(map, "path");
        if (path is null)
        {
            return null;
        }

        var type = f.Str(path, "type", required: true);
        var key = type switch
        {
            "ReplaceFullPath" => "replaceFullPath",
            "ReplacePrefixMatch" => "replacePrefixMatch",
            _ => null,
        };
        if (key is null)
        {
            f.Diagnostics.Error(DiagnosticCodes.InvalidField, path.Mark, $"path modifier type '{type}' must be ReplaceFullPath or ReplacePrefixMatch");
            return null;
        }

        var value = f.Str(path, key, required: true) ?? "/";
        if (!value.StartsWith('/'))
        {
            f.Diagnostics.Error(DiagnosticCodes.InvalidField, path.Get(key)?.Mark ?? path.Mark, $"'{key}' must start with '/'");
        }

        return new PathModifier(type!, value);
    }
}
