using GitGateway.Plan;
using GitGateway.Plan.Model;
using GitGateway.Renderer.Diagnostics;

namespace GitGateway.Renderer.Manifests;

/// <summary>
/// Reads HTTPRoute and GRPCRoute matches into plan matches. gRPC method matches become path matches on
/// <c>/service/method</c> (https://gateway-api.sigs.k8s.io/reference/spec/#grpcmethodmatch).
/// </summary>
internal static class MatchReader
{
    private static readonly HashSet<string> Methods = new(StringComparer.Ordinal) { "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH" };

    /// <summary>The match used when a rule has none.</summary>
    public static RouteMatch MatchAll { get; } = new(new PathMatch(MatchKind.PathPrefix, "/"), null, default, default);

    /// <summary>Reads one HTTPRoute match.</summary>
    public static MatchSpec ReadHttp(YamlMapping m, FieldReader f)
    {
        ArgumentNullException.ThrowIfNull(m);
        ArgumentNullException.ThrowIfNull(f);
        PathMatch? path = null; // the default is made only for a match without a path
        if (f.Map(m, "path") is { } p)
        {
            var kind = Kind(f.Str(p, "type") ?? "PathPrefix", p, f, allowPrefix: true);
            var value = f.Str(p, "value") ?? "/";
            if (kind is MatchKind.RegularExpression)
            {
                CheckRegex(value, p.Get("value")?.Mark ?? p.Mark, f);
            }
            else if (Schemas.WireGrammar.FirstControl(value, allowLineBreaks: false) < 0 && Schemas.WireGrammar.PathProblem(value) is { } bad)
            {
                // An Exact or PathPrefix value is a request path: RFC 3986 section 3.3 characters only, no query or
                // fragment. Control characters are reported by the schema pass (ControlCharacter).
                f.Diagnostics.Error(DiagnosticCodes.InvalidPath, p.Get("value")?.Mark ?? p.Mark, $"path '{value}' {bad}");
            }

            path = new PathMatch(kind, value);
        }

        var method = f.Str(m, "method");
        if (method is not null && !Methods.Contains(method))
        {
            f.Diagnostics.Error(DiagnosticCodes.InvalidField, m.Get("method")!.Mark, $"method '{method}' is not an HTTP method Gateway API allows (GET, HEAD, POST, PUT, DELETE, CONNECT, OPTIONS, TRACE, PATCH)");
        }

        return new MatchSpec(new RouteMatch(path ?? new PathMatch(MatchKind.PathPrefix, "/"), method, Strings(m, "headers", f), Strings(m, "queryParams", f)), m.Mark);
    }

    /// <summary>Reads one GRPCRoute match.</summary>
    public static MatchSpec ReadGrpc(YamlMapping m, FieldReader f)
    {
        ArgumentNullException.ThrowIfNull(m);
        ArgumentNullException.ThrowIfNull(f);
        var path = new PathMatch(MatchKind.PathPrefix, "/");
        if (f.Map(m, "method") is { } gm)
        {
            var kind = Kind(f.Str(gm, "type") ?? "Exact", gm, f, allowPrefix: false);
            var service = f.Str(gm, "service");
            var name = f.Str(gm, "method");
            path = GrpcPath(kind, service, name, gm, f);
        }

        return new MatchSpec(new RouteMatch(path, null, Strings(m, "headers", f), default), m.Mark);
    }

    private static PathMatch GrpcPath(MatchKind kind, string? service, string? method, YamlMapping at, FieldReader f)
    {
        if (service is null && method is null)
        {
            f.Diagnostics.Error(DiagnosticCodes.MissingField, at.Mark, "a gRPC method match needs 'service', 'method' or both");
            return new PathMatch(MatchKind.PathPrefix, "/");
        }

        if (kind is MatchKind.Exact)
        {
            var badService = service is null ? null : GrpcNames.CheckService(service);
            var badMethod = method is null ? null : GrpcNames.CheckMethod(method);
            if (badService is not null)
            {
                f.Diagnostics.Error(DiagnosticCodes.InvalidField, at.Get("service")?.Mark ?? at.Mark, badService);
            }

            if (badMethod is not null)
            {
                f.Diagnostics.Error(DiagnosticCodes.InvalidField, at.Get("method")?.Mark ?? at.Mark, badMethod);
            }

            if (badService is not null || badMethod is not null)
            {
                return new PathMatch(MatchKind.PathPrefix, "/");
            }

            if (service is not null && method is not null)
            {
                return new PathMatch(MatchKind.Exact, $"/{service}/{method}");
            }

            return service is not null
                ? new PathMatch(MatchKind.PathPrefix, "/" + service)
                : new PathMatch(MatchKind.RegularExpression, "/[^/]+/" + System.Text.RegularExpressions.Regex.Escape(method!));
        }

        var s = service ?? "[^/]+";
        var mm = method ?? "[^/]+";
        CheckRegex(s, at.Mark, f);
        CheckRegex(mm, at.Mark, f);
        return new PathMatch(MatchKind.RegularExpression, $"/{s}/{mm}");
    }

    private static MatchKind Kind(string type, YamlMapping at, FieldReader f, bool allowPrefix)
    {
        switch (type)
        {
            case "Exact":
                return MatchKind.Exact;
            case "PathPrefix" when allowPrefix:
                return MatchKind.PathPrefix;
            case "RegularExpression":
                return MatchKind.RegularExpression;
            default:
                f.Diagnostics.Error(DiagnosticCodes.InvalidField, at.Get("type")?.Mark ?? at.Mark,
                    $"match type '{type}' must be Exact{(allowPrefix ? ", PathPrefix" : "")} or RegularExpression");
                return MatchKind.Exact;
        }
    }

    private static EquatableArray<StringMatch> Strings(YamlMapping m, string key, FieldReader f)
    {
        var items = f.Mappings(m, key);
        if (items.Count == 0)
        {
            return default; // most matches name no header or parameter: nothing to collect or sort
        }

        var list = new List<StringMatch>(items.Count);
        var names = new HashSet<string>(key == "headers" ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var h = items[i];
            var name = f.Str(h, "name", required: true);
            var value = f.Str(h, "value", required: true);
            if (name is null || value is null)
            {
                continue;
            }

            if (key == "headers" && !HeaderNames.IsValid(name))
            {
                f.Diagnostics.Error(DiagnosticCodes.InvalidField, h.Mark, $"'{name}' is not a valid HTTP header name (RFC 9110 token)");
            }

            var kind = Kind(f.Str(h, "type") ?? "Exact", h, f, allowPrefix: false);
            if (kind is MatchKind.RegularExpression)
            {
                CheckRegex(value, h.Get("value")!.Mark, f);
            }

            // Gateway API: when several matches name the same header or parameter, only the first is used.
            if (names.Add(name))
            {
                list.Add(new StringMatch(kind, name, value));
            }
        }

        return list.OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase).ThenBy(s => s.Value, StringComparer.Ordinal).ToEquatableArray();
    }

    private static void CheckRegex(string pattern, SourceMark at, FieldReader f)
    {
        if (RegexValidator.Check(pattern) is { } problem)
        {
            f.Diagnostics.Error(problem.Code, at, problem.Message);
        }
    }
}
