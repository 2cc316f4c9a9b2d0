using GitGateway.Plan;
using GitGateway.Plan.Model;
using GitGateway.Renderer.Diagnostics;

namespace GitGateway.Renderer.Manifests;

/// <summary>Reads the spec of a route of any kind; any error in it makes the route unusable (UnsupportedValue).</summary>
internal static class RouteReader
{
    /// <summary>The most rules a route may have (the Gateway API CRD limit, reported by the schema pass).</summary>
    public const int MaxRules = 16;

    /// <summary>Reads <paramref name="obj"/>.</summary>
    public static RouteObject Read(ManifestObject obj, FieldReader f)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(f);
        var errorsBefore = CountErrors(f);
        var spec = f.Map(obj.Root, "spec", required: true);
        var parents = DistinctParents(obj, RefReader.ReadList(spec, "parentRefs", f, KnownKinds.GatewayGroup, "Gateway"), f);
        var written = f.StrSeq(spec, "hostnames");
        var hostnames = new List<string>(written.Count);
        for (var i = 0; i < written.Count; i++)
        {
            var h = written[i];
            if (Hostnames.Validate(h.Value, allowWildcard: true) is { } problem)
            {
                f.Diagnostics.Error(DiagnosticCodes.InvalidHostname, h.Mark, problem);
                continue;
            }

            hostnames.Add(h.Value.ToLowerInvariant());
        }

        var ruleMaps = f.Mappings(spec, "rules");
        var ruleCount = Math.Min(ruleMaps.Count, MaxRules);
        var rules = new List<RuleSpec>(ruleCount);
        for (var i = 0; i < ruleCount; i++)
        {
            rules.Add(ReadRule(obj.Kind, ruleMaps[i], f));
        }

        var problem2 = CountErrors(f) > errorsBefore || obj.HasSchemaErrors ? "the route has invalid fields (see the diagnostics at its file)" : null;
        return new RouteObject(obj, ReadLists.Kept(parents), (hostnames.Count < 2 ? hostnames.ToArray() : hostnames.Distinct(StringComparer.Ordinal).ToArray()), ReadLists.Kept(rules), problem2);
    }

    // A route has one status entry per distinct parentRef (https://gateway-api.sigs.k8s.io/reference/spec/#routestatus);
    // the same parentRef twice is a copy-paste slip, so it is kept once with a warning.
    private static List<RefSpec> DistinctParents(ManifestObject obj, List<RefSpec> parents, FieldReader f)
    {
        if (parents.Count < 2)
        {
            return parents; // nothing to repeat: most routes name one parent
        }

        var seen = new HashSet<(string, string, string, string, string?, int?)>();
        var result = new List<RefSpec>();
        foreach (var p in parents)
        {
            if (seen.Add((p.Group, p.Kind, p.NamespaceOr(obj.Namespace ?? ""), p.Name, p.SectionName, p.Port)))
            {
                result.Add(p);
                continue;
            }

            f.Diagnostics.Warning(DiagnosticCodes.DuplicateParentRef, p.Mark, $"parentRef {p.Kind} {p.NamespaceOr(obj.Namespace ?? "")}/{p.Name} is listed twice; it is used once: remove the copy");
        }

        return result;
    }

    private static RuleSpec ReadRule(string kind, YamlMapping rule, FieldReader f)
    {
        var http = kind is "HTTPRoute" or "GRPCRoute";
        var written = http ? f.Mappings(rule, "matches") : default;
        var matches = new List<MatchSpec>(written.Count);
        IReadOnlyList<FilterSpec> filters = [];
        RouteTimeouts? timeouts = null;
        RetryPolicy? retry = null;
        if (http)
        {
            for (var i = 0; i < written.Count; i++)
            {
                matches.Add(kind == "HTTPRoute" ? MatchReader.ReadHttp(written[i], f) : MatchReader.ReadGrpc(written[i], f));
            }

            filters = FilterReader.ReadList(rule, f);
            CheckPrefixRewrite(matches, filters, f);
            timeouts = Timeouts(f.Map(rule, "timeouts"), f);
            retry = Retry(f.Map(rule, "retry"), f);
        }

        return new RuleSpec(f.Str(rule, "name"), ReadLists.Kept(matches), filters, ReadLists.Kept(RefReader.ReadBackends(rule, f, http)), timeouts, retry, rule.Mark);
    }

    // ReplacePrefixMatch rewrites the part of the path a PathPrefix match matched, so every match of the rule
    // must be a PathPrefix one (https://gateway-api.sigs.k8s.io/reference/spec/#httppathmodifier); a rule
    // without matches matches PathPrefix "/".
    private static void CheckPrefixRewrite(List<MatchSpec> matches, IReadOnlyList<FilterSpec> filters, FieldReader f)
    {
        if (!filters.Any(s => s.Value?.UrlRewrite?.Path?.Type == "ReplacePrefixMatch" || s.Value?.RequestRedirect?.Path?.Type == "ReplacePrefixMatch"))
        {
            return;
        }

        foreach (var m in matches)
        {
            if (m.Match.Path.Type != MatchKind.PathPrefix)
            {
                f.Diagnostics.Error(DiagnosticCodes.InvalidFilter, m.Mark, "ReplacePrefixMatch needs a PathPrefix path match in every match of the rule: use ReplaceFullPath or a PathPrefix match");
            }
        }
    }

    private static RouteTimeouts? Timeouts(YamlMapping? map, FieldReader f)
    {
        if (map is null)
        {
            return null;
        }

        var request = Duration(map, "request", f);
        var backend = Duration(map, "backendRequest", f);
        if (request is > 0 && backend is { } b && b > request)
        {
            f.Diagnostics.Error(DiagnosticCodes.InvalidDuration, map.KeyMark("backendRequest"), "timeouts.backendRequest must not be longer than timeouts.request");
        }

        // Gateway API: a zero duration disables the timeout.
        return new RouteTimeouts(request is 0 ? null : request, backend is 0 ? null : backend);
    }

    private static RetryPolicy? Retry(YamlMapping? map, FieldReader f)
    {
        if (map is null)
        {
            return null;
        }

        var codes = new List<int>();
        foreach (var c in f.Seq(map, "codes"))
        {
            if (c is YamlScalar s && int.TryParse(s.Value, out var code) && code is >= 400 and <= 599)
            {
                codes.Add(code);
            }
            else
            {
                f.Diagnostics.Error(DiagnosticCodes.OutOfRange, c.Mark, "a retry code must be an HTTP status code between 400 and 599");
            }
        }

        var attempts = (int)(f.IntInRange(map, "attempts", 0, 100) ?? 1);
        var backoff = Duration(map, "backoff", f) ?? 0;
        return new RetryPolicy(attempts, codes.Distinct().Order().ToEquatableArray(), true, backoff, null);
    }

    internal static long? Duration(YamlMapping map, string key, FieldReader f)
    {
        var text = f.Str(map, key);
        if (text is null)
        {
            return null;
        }

        var ms = Durations.ParseMs(text);
        if (ms is null)
        {
            f.Diagnostics.Error(DiagnosticCodes.InvalidDuration, map.Get(key)!.Mark, $"'{key}: {text}' is not a Gateway API duration: write e.g. 10s, 500ms or 1m30s (units h, m, s, ms)");
        }

        return ms;
    }

    private static int CountErrors(FieldReader f) => f.Diagnostics.ErrorCount;
}
