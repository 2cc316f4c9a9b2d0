using System.Text.Json;
using GitGateway.Plan.Model;
using M = GitGateway.Plan.Serialization.PlanJsonMembers;

namespace GitGateway.Plan.Serialization;

/// <summary>
/// The writers of a route entry and what it holds (<see cref="PlanWriter"/> writes the plan around it): the match,
/// backends with their upstream TLS, the direct response, timeouts, retry and the policies applied.
/// </summary>
internal static class RouteEntryWriter
{
    public static void Entry(Utf8JsonWriter writer, RouteEntry entry)
    {
        M.String(writer, "id"u8, entry.Id);
        M.Object(writer, "route"u8, entry.Route, M.ObjectRef);
        M.String(writer, "ruleName"u8, entry.RuleName);
        M.Object(writer, "match"u8, entry.Match, Match);
        M.Array(writer, "filters"u8, entry.Filters, FilterWriter.Filter);
        M.Array(writer, "backends"u8, entry.Backends, Backend);
        M.Object(writer, "directResponse"u8, entry.DirectResponse, DirectResponse);
        M.Object(writer, "timeouts"u8, entry.Timeouts, Timeouts);
        M.Object(writer, "retry"u8, entry.Retry, Retry);
        M.Array(writer, "policies"u8, entry.Policies, Policy);
        M.Object(writer, "source"u8, entry.Source, M.SourceMark);
    }

    public static void Backend(Utf8JsonWriter writer, Backend backend)
    {
        M.String(writer, "id"u8, backend.Id);
        M.String(writer, "kind"u8, backend.Kind);
        M.String(writer, "namespace"u8, backend.Namespace);
        M.String(writer, "name"u8, backend.Name);
        writer.WriteNumber("port"u8, backend.Port);
        writer.WriteNumber("weight"u8, backend.Weight);
        M.String(writer, "appProtocol"u8, backend.AppProtocol);
        M.Array(writer, "filters"u8, backend.Filters, FilterWriter.Filter);
        M.String(writer, "unresolved"u8, backend.Unresolved);
        M.Object(writer, "tls"u8, backend.Tls, UpstreamTls);
    }

    private static void Match(Utf8JsonWriter writer, RouteMatch match)
    {
        M.Object(writer, "path"u8, match.Path, Path);
        M.String(writer, "method"u8, match.Method);
        M.Array(writer, "headers"u8, match.Headers, StringMatch);
        M.Array(writer, "queryParams"u8, match.QueryParams, StringMatch);
    }

    private static void Path(Utf8JsonWriter writer, PathMatch path)
    {
        M.Enum(writer, "type"u8, path.Type);
        M.String(writer, "value"u8, path.Value);
    }

    private static void StringMatch(Utf8JsonWriter writer, StringMatch match)
    {
        M.Enum(writer, "type"u8, match.Type);
        M.String(writer, "name"u8, match.Name);
        M.String(writer, "value"u8, match.Value);
    }

    private static void UpstreamTls(Utf8JsonWriter writer, UpstreamTls tls)
    {
        M.Object(writer, "policy"u8, tls.Policy, M.ObjectRef);
        M.String(writer, "sni"u8, tls.Sni);
        M.Array(writer, "caCertificateRefs"u8, tls.CaCertificateRefs, PlanWriter.CertificateRef);
        writer.WriteBoolean("systemRoots"u8, tls.SystemRoots);
        M.Array(writer, "subjectAltNames"u8, tls.SubjectAltNames, SubjectAltName);
        M.Object(writer, "clientCertificateRef"u8, tls.ClientCertificateRef, PlanWriter.CertificateRef);
    }

    private static void SubjectAltName(Utf8JsonWriter writer, SubjectAltName name)
    {
        M.String(writer, "type"u8, name.Type);
        M.String(writer, "value"u8, name.Value);
    }

    private static void DirectResponse(Utf8JsonWriter writer, DirectResponse response)
    {
        writer.WriteNumber("statusCode"u8, response.StatusCode);
        M.String(writer, "body"u8, response.Body);
    }

    private static void Timeouts(Utf8JsonWriter writer, RouteTimeouts timeouts)
    {
        M.Number(writer, "requestMs"u8, timeouts.RequestMs);
        M.Number(writer, "backendRequestMs"u8, timeouts.BackendRequestMs);
    }

    private static void Retry(Utf8JsonWriter writer, RetryPolicy retry)
    {
        writer.WriteNumber("attempts"u8, retry.Attempts);
        M.Ints(writer, "codes"u8, retry.Codes);
        writer.WriteBoolean("retryOnConnectFailure"u8, retry.RetryOnConnectFailure);
        writer.WriteNumber("backoffMs"u8, retry.BackoffMs);
        M.Number(writer, "perTryTimeoutMs"u8, retry.PerTryTimeoutMs);
    }

    private static void Policy(Utf8JsonWriter writer, AppliedPolicy policy)
    {
        M.String(writer, "id"u8, policy.Id);
        M.Enum(writer, "type"u8, policy.Type);
        M.Enum(writer, "origin"u8, policy.Origin);
        writer.WriteBoolean("enforced"u8, policy.Enforced);
        M.Object(writer, "source"u8, policy.Source, M.SourceMark);
        M.Object(writer, "rateLimit"u8, policy.RateLimit, PolicySettingsWriter.RateLimit);
        M.Object(writer, "jwt"u8, policy.Jwt, PolicySettingsWriter.Jwt);
        M.Object(writer, "waf"u8, policy.Waf, PolicySettingsWriter.Waf);
        M.Object(writer, "cors"u8, policy.Cors, PolicySettingsWriter.Cors);
        M.Object(writer, "ipFilter"u8, policy.IpFilter, PolicySettingsWriter.IpFilter);
    }
}
