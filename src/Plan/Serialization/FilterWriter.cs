using System.Text.Json;
using GitGateway.Plan.Model;
using M = GitGateway.Plan.Serialization.PlanJsonMembers;

namespace GitGateway.Plan.Serialization;

/// <summary>The writers of a route's or a backend's filters: header modifiers, redirect, rewrite, mirror.</summary>
internal static class FilterWriter
{
    public static void Filter(Utf8JsonWriter writer, Filter filter)
    {
        M.Enum(writer, "type"u8, filter.Type);
        M.Object(writer, "requestHeaderModifier"u8, filter.RequestHeaderModifier, HeaderModifier);
        M.Object(writer, "responseHeaderModifier"u8, filter.ResponseHeaderModifier, HeaderModifier);
        M.Object(writer, "requestRedirect"u8, filter.RequestRedirect, Redirect);
        M.Object(writer, "urlRewrite"u8, filter.UrlRewrite, Rewrite);
        M.Object(writer, "requestMirror"u8, filter.RequestMirror, Mirror);
        M.Object(writer, "cors"u8, filter.Cors, PolicySettingsWriter.Cors);
    }

    /// <summary>A header name and value (header modifiers, a JWT policy's forwarded claims).</summary>
    public static void HeaderValue(Utf8JsonWriter writer, HeaderValue header)
    {
        M.String(writer, "name"u8, header.Name);
        M.String(writer, "value"u8, header.Value);
    }

    private static void HeaderModifier(Utf8JsonWriter writer, HeaderModifier modifier)
    {
        M.Array(writer, "set"u8, modifier.Set, HeaderValue);
        M.Array(writer, "add"u8, modifier.Add, HeaderValue);
        M.Strings(writer, "remove"u8, modifier.Remove);
    }

    private static void Redirect(Utf8JsonWriter writer, RedirectFilter redirect)
    {
        M.String(writer, "scheme"u8, redirect.Scheme);
        M.String(writer, "hostname"u8, redirect.Hostname);
        M.Number(writer, "port"u8, redirect.Port);
        M.Object(writer, "path"u8, redirect.Path, PathModifier);
        writer.WriteNumber("statusCode"u8, redirect.StatusCode);
    }

    private static void Rewrite(Utf8JsonWriter writer, RewriteFilter rewrite)
    {
        M.String(writer, "hostname"u8, rewrite.Hostname);
        M.Object(writer, "path"u8, rewrite.Path, PathModifier);
    }

    private static void PathModifier(Utf8JsonWriter writer, PathModifier path)
    {
        M.String(writer, "type"u8, path.Type);
        M.String(writer, "value"u8, path.Value);
    }

    private static void Mirror(Utf8JsonWriter writer, MirrorFilter mirror)
    {
        M.Object(writer, "backend"u8, mirror.Backend, RouteEntryWriter.Backend);
        writer.WriteNumber("numerator"u8, mirror.Numerator);
        writer.WriteNumber("denominator"u8, mirror.Denominator);
    }
}
