using System.Text.Json;
using GitGateway.Plan.Model;
using F = GitGateway.Plan.Serialization.PlanJsonFields;

namespace GitGateway.Plan.Serialization;

/// <summary>
/// The readers of a route entry and what it holds (<see cref="PlanReader"/> reads the plan around it): the match,
/// backends with their upstream TLS, the direct response, timeouts, retry and the policies applied.
/// </summary>
internal static class RouteEntryReader
{
    public static RouteEntry? Entry(ref Utf8JsonReader reader)
    {
        if (!F.StartObject(ref reader))
        {
            return null;
        }

        string? id = null, ruleName = null;
        ObjectRef? route = null;
        RouteMatch? match = null;
        SourceMark? source = null;
        EquatableArray<Filter> filters = default;
        EquatableArray<Backend> backends = default;
        EquatableArray<AppliedPolicy> policies = default;
        var (direct, timeouts, retry) = ((DirectResponse?)null, (RouteTimeouts?)null, (RetryPolicy?)null);
        while (F.NextMember(ref reader))
        {
            if (reader.ValueTextEquals("id"u8)) { id = F.String(ref reader, nullable: false); }
            else if (reader.ValueTextEquals("route"u8)) { route = F.Object(ref reader, F.ObjectRef, nullable: false); }
            else if (reader.ValueTextEquals("ruleName"u8)) { ruleName = F.String(ref reader, nullable: true); }
            else if (reader.ValueTextEquals("match"u8)) { match = F.Object(ref reader, ReadRouteMatch, nullable: false); }
            else if (reader.ValueTextEquals("filters"u8)) { filters = F.Array(ref reader, FilterReader.Filter); }
            else if (reader.ValueTextEquals("backends"u8)) { backends = F.Array(ref reader, Backend); }
            else if (reader.ValueTextEquals("directResponse"u8)) { direct = F.Object(ref reader, ReadDirectResponse, nullable: true); }
            else if (reader.ValueTextEquals("timeouts"u8)) { timeouts = F.Object(ref reader, ReadTimeouts, nullable: true); }
            else if (reader.ValueTextEquals("retry"u8)) { retry = F.Object(ref reader, ReadRetry, nullable: true); }
            else if (reader.ValueTextEquals("policies"u8)) { policies = F.Array(ref reader, ReadPolicy); }
            else if (reader.ValueTextEquals("source"u8)) { source = F.Object(ref reader, F.SourceMark, nullable: false); }
            else { F.Skip(ref reader); }
        }

        return new RouteEntry(id!, route!, ruleName, match!, filters, backends, direct, timeouts, retry, policies, source!);
    }

    private static RouteMatch? ReadRouteMatch(ref Utf8JsonReader reader)
    {
        if (!F.StartObject(ref reader))
        {
            return null;
        }

        PathMatch? path = null;
        string? method = null;
        EquatableArray<StringMatch> headers = default, queryParams = default;
        while (F.NextMember(ref reader))
        {
            if (reader.ValueTextEquals("path"u8)) { path = F.Object(ref reader, ReadPathMatch, nullable: false); }
            else if (reader.ValueTextEquals("method"u8)) { method = F.String(ref reader, nullable: true); }
            else if (reader.ValueTextEquals("headers"u8)) { headers = F.Array(ref reader, ReadStringMatch); }
            else if (reader.ValueTextEquals("queryParams"u8)) { queryParams = F.Array(ref reader, ReadStringMatch); }
            else { F.Skip(ref reader); }
        }

        return new RouteMatch(path!, method, headers, queryParams);
    }

    private static PathMatch? ReadPathMatch(ref Utf8JsonReader reader)
    {
        if (!F.StartObject(ref reader))
        {
            return null;
        }

        var type = default(MatchKind);
        string? value = null;
        while (F.NextMember(ref reader))
        {
            if (reader.ValueTextEquals("type"u8)) { type = F.Enum<MatchKind>(ref reader); }
            else if (reader.ValueTextEquals("value"u8)) { value = F.String(ref reader, nullable: false); }
            else { F.Skip(ref reader); }
        }

        return new PathMatch(type, value!);
    }

    private static StringMatch? ReadStringMatch(ref Utf8JsonReader reader)
    {
        if (!F.StartObject(ref reader))
        {
            return null;
        }

        var type = default(MatchKind);
        string? name = null, value = null;
        while (F.NextMember(ref reader))
        {
            if (reader.ValueTextEquals("type"u8)) { type = F.Enum<MatchKind>(ref reader); }
            else if (reader.ValueTextEquals("name"u8)) { name = F.String(ref reader, nullable: false); }
            else if (reader.ValueTextEquals("value"u8)) { value = F.String(ref reader, nullable: false); }
            else { F.Skip(ref reader); }
        }

        return new StringMatch(type, name!, value!);
    }

    public static Backend? Backend(ref Utf8JsonReader reader)
    {
        if (!F.StartObject(ref reader))
        {
            return null;
        }

        string? id = null, kind = null, ns = null, name = null, appProtocol = null, unresolved = null;
        var (port, weight) = (0, 0);
        EquatableArray<Filter> filters = default;
        UpstreamTls? tls = null;
        while (F.NextMember(ref reader))
        {
            if (reader.ValueTextEquals("id"u8)) { id = F.String(ref reader, nullable: false); }
            else if (reader.ValueTextEquals("kind"u8)) { kind = F.String(ref reader, nullable: false); }
            else if (reader.ValueTextEquals("namespace"u8)) { ns = F.String(ref reader, nullable: false); }
            else if (reader.ValueTextEquals("name"u8)) { name = F.String(ref reader, nullable: false); }
            else if (reader.ValueTextEquals("port"u8)) { port = F.Int(ref reader); }
            else if (reader.ValueTextEquals("weight"u8)) { weight = F.Int(ref reader); }
            else if (reader.ValueTextEquals("appProtocol"u8)) { appProtocol = F.String(ref reader, nullable: true); }
            else if (reader.ValueTextEquals("filters"u8)) { filters = F.Array(ref reader, FilterReader.Filter); }
            else if (reader.ValueTextEquals("unresolved"u8)) { unresolved = F.String(ref reader, nullable: true); }
            else if (reader.ValueTextEquals("tls"u8)) { tls = F.Object(ref reader, ReadUpstreamTls, nullable: true); }
            else { F.Skip(ref reader); }
        }

        return new Backend(id!, kind!, ns!, name!, port, weight, appProtocol, filters, unresolved, tls);
    }

    private static AppliedPolicy? ReadPolicy(ref Utf8JsonReader reader)
    {
        if (!F.StartObject(ref reader))
        {
            return null;
        }

        string? id = null;
        var (type, origin, enforced) = (default(PolicyType), default(PolicyOrigin), false);
        SourceMark? source = null;
        var (rateLimit, jwt, waf) = ((RateLimitSettings?)null, (JwtSettings?)null, (WafSettings?)null);
        var (cors, ipFilter) = ((CorsFilter?)null, (IpFilterSettings?)null);
        while (F.NextMember(ref reader))
        {
            if (reader.ValueTextEquals("id"u8)) { id = F.String(ref reader, nullable: false); }
            else if (reader.ValueTextEquals("type"u8)) { type = F.Enum<PolicyType>(ref reader); }
            else if (reader.ValueTextEquals("origin"u8)) { origin = F.Enum<PolicyOrigin>(ref reader); }
            else if (reader.ValueTextEquals("enforced"u8)) { enforced = F.Bool(ref reader); }
            else if (reader.ValueTextEquals("source"u8)) { source = F.Object(ref reader, F.SourceMark, nullable: false); }
            else if (reader.ValueTextEquals("rateLimit"u8)) { rateLimit = F.Object(ref reader, PolicySettingsReader.RateLimit, nullable: true); }
            else if (reader.ValueTextEquals("jwt"u8)) { jwt = F.Object(ref reader, PolicySettingsReader.Jwt, nullable: true); }
            else if (reader.ValueTextEquals("waf"u8)) { waf = F.Object(ref reader, PolicySettingsReader.Waf, nullable: true); }
            else if (reader.ValueTextEquals("cors"u8)) { cors = F.Object(ref reader, PolicySettingsReader.Cors, nullable: true); }
            else if (reader.ValueTextEquals("ipFilter"u8)) { ipFilter = F.Object(ref reader, PolicySettingsReader.IpFilter, nullable: true); }
            else { F.Skip(ref reader); }
        }

        return new AppliedPolicy(id!, type, origin, enforced, source!, rateLimit, jwt, waf, cors, ipFilter);
    }

    private static UpstreamTls? ReadUpstreamTls(ref Utf8JsonReader reader)
    {
        if (!F.StartObject(ref reader))
        {
            return null;
        }

        ObjectRef? policy = null;
        string? sni = null;
        var systemRoots = false;
        EquatableArray<CertificateRef> cas = default;
        EquatableArray<SubjectAltName> names = default;
        CertificateRef? client = null;
        while (F.NextMember(ref reader))
        {
            if (reader.ValueTextEquals("policy"u8)) { policy = F.Object(ref reader, F.ObjectRef, nullable: false); }
            else if (reader.ValueTextEquals("sni"u8)) { sni = F.String(ref reader, nullable: false); }
            else if (reader.ValueTextEquals("caCertificateRefs"u8)) { cas = F.Array(ref reader, PlanReader.CertificateRef); }
            else if (reader.ValueTextEquals("systemRoots"u8)) { systemRoots = F.Bool(ref reader); }
            else if (reader.ValueTextEquals("subjectAltNames"u8)) { names = F.Array(ref reader, ReadSubjectAltName); }
            else if (reader.ValueTextEquals("clientCertificateRef"u8)) { client = F.Object(ref reader, PlanReader.CertificateRef, nullable: true); }
            else { F.Skip(ref reader); }
        }

        return new UpstreamTls(policy!, sni!, cas, systemRoots, names, client);
    }

    private static SubjectAltName? ReadSubjectAltName(ref Utf8JsonReader reader) =>
        F.TwoStrings(ref reader, "type"u8, "value"u8, static (type, value) => new SubjectAltName(type, value));

    private static DirectResponse? ReadDirectResponse(ref Utf8JsonReader reader)
    {
        if (!F.StartObject(ref reader))
        {
            return null;
        }

        var status = 0;
        string? body = null;
        while (F.NextMember(ref reader))
        {
            if (reader.ValueTextEquals("statusCode"u8)) { status = F.Int(ref reader); }
            else if (reader.ValueTextEquals("body"u8)) { body = F.String(ref reader, nullable: true); }
            else { F.Skip(ref reader); }
        }

        return new DirectResponse(status, body);
    }

    private static RouteTimeouts? ReadTimeouts(ref Utf8JsonReader reader)
    {
        if (!F.StartObject(ref reader))
        {
            return null;
        }

        var (request, backendRequest) = ((long?)null, (long?)null);
        while (F.NextMember(ref reader))
        {
            if (reader.ValueTextEquals("requestMs"u8)) { request = F.LongOrNull(ref reader); }
            else if (reader.ValueTextEquals("backendRequestMs"u8)) { backendRequest = F.LongOrNull(ref reader); }
            else { F.Skip(ref reader); }
        }

        return new RouteTimeouts(request, backendRequest);
    }

    private static RetryPolicy? ReadRetry(ref Utf8JsonReader reader)
    {
        if (!F.StartObject(ref reader))
        {
            return null;
        }

        var (attempts, onConnectFailure, backoff, perTry) = (0, false, 0L, (long?)null);
        EquatableArray<int> codes = default;
        while (F.NextMember(ref reader))
        {
            if (reader.ValueTextEquals("attempts"u8)) { attempts = F.Int(ref reader); }
            else if (reader.ValueTextEquals("codes"u8)) { codes = F.Ints(ref reader); }
            else if (reader.ValueTextEquals("retryOnConnectFailure"u8)) { onConnectFailure = F.Bool(ref reader); }
            else if (reader.ValueTextEquals("backoffMs"u8)) { backoff = F.Long(ref reader); }
            else if (reader.ValueTextEquals("perTryTimeoutMs"u8)) { perTry = F.LongOrNull(ref reader); }
            else { F.Skip(ref reader); }
        }

        return new RetryPolicy(attempts, codes, onConnectFailure, backoff, perTry);
    }
}
