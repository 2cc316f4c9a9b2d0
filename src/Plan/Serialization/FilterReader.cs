using System.Text.Json;
using GitGateway.Plan.Model;
using F = GitGateway.Plan.Serialization.PlanJsonFields;

namespace GitGateway.Plan.Serialization;

/// <summary>The readers of a route's or a backend's filters: header modifiers, redirect, rewrite, mirror.</summary>
internal static class FilterReader
{
    public static Filter? Filter(ref Utf8JsonReader reader)
    {
        if (!F.StartObject(ref reader))
        {
            return null;
        }

        var type = default(FilterType);
        var (request, response) = ((HeaderModifier?)null, (HeaderModifier?)null);
        var (redirect, rewrite, mirror, cors) = ((RedirectFilter?)null, (RewriteFilter?)null, (MirrorFilter?)null, (CorsFilter?)null);
        while (F.NextMember(ref reader))
        {
            if (reader.ValueTextEquals("type"u8)) { type = F.Enum<FilterType>(ref reader); }
            else if (reader.ValueTextEquals("requestHeaderModifier"u8)) { request = F.Object(ref reader, ReadHeaderModifier, nullable: true); }
            else if (reader.ValueTextEquals("responseHeaderModifier"u8)) { response = F.Object(ref reader, ReadHeaderModifier, nullable: true); }
            else if (reader.ValueTextEquals("requestRedirect"u8)) { redirect = F.Object(ref reader, ReadRedirect, nullable: true); }
            else if (reader.ValueTextEquals("urlRewrite"u8)) { rewrite = F.Object(ref reader, ReadRewrite, nullable: true); }
            else if (reader.ValueTextEquals("requestMirror"u8)) { mirror = F.Object(ref reader, ReadMirror, nullable: true); }
            else if (reader.ValueTextEquals("cors"u8)) { cors = F.Object(ref reader, PolicySettingsReader.Cors, nullable: true); }
            else { F.Skip(ref reader); }
        }

        return new Filter(type, request, response, redirect, rewrite, mirror, cors);
    }

    /// <summary>A header name and value (header modifiers, a JWT policy's forwarded claims).</summary>
    public static HeaderValue? HeaderValue(ref Utf8JsonReader reader) =>
        F.TwoStrings(ref reader, "name"u8, "value"u8, static (name, value) => new HeaderValue(name, value));

    private static HeaderModifier? ReadHeaderModifier(ref Utf8JsonReader reader)
    {
        if (!F.StartObject(ref reader))
        {
            return null;
        }

        EquatableArray<HeaderValue> set = default, add = default;
        EquatableArray<string> remove = default;
        while (F.NextMember(ref reader))
        {
            if (reader.ValueTextEquals("set"u8)) { set = F.Array(ref reader, HeaderValue); }
            else if (reader.ValueTextEquals("add"u8)) { add = F.Array(ref reader, HeaderValue); }
            else if (reader.ValueTextEquals("remove"u8)) { remove = F.Strings(ref reader); }
            else { F.Skip(ref reader); }
        }

        return new HeaderModifier(set, add, remove);
    }

    private static RedirectFilter? ReadRedirect(ref Utf8JsonReader reader)
    {
        if (!F.StartObject(ref reader))
        {
            return null;
        }

        string? scheme = null, hostname = null;
        var (port, status) = ((int?)null, 0);
        PathModifier? path = null;
        while (F.NextMember(ref reader))
        {
            if (reader.ValueTextEquals("scheme"u8)) { scheme = F.String(ref reader, nullable: true); }
            else if (reader.ValueTextEquals("hostname"u8)) { hostname = F.String(ref reader, nullable: true); }
            else if (reader.ValueTextEquals("port"u8)) { port = F.IntOrNull(ref reader); }
            else if (reader.ValueTextEquals("path"u8)) { path = F.Object(ref reader, ReadPathModifier, nullable: true); }
            else if (reader.ValueTextEquals("statusCode"u8)) { status = F.Int(ref reader); }
            else { F.Skip(ref reader); }
        }

        return new RedirectFilter(scheme, hostname, port, path, status);
    }

    private static RewriteFilter? ReadRewrite(ref Utf8JsonReader reader)
    {
        if (!F.StartObject(ref reader))
        {
            return null;
        }

        string? hostname = null;
        PathModifier? path = null;
        while (F.NextMember(ref reader))
        {
            if (reader.ValueTextEquals("hostname"u8)) { hostname = F.String(ref reader, nullable: true); }
            else if (reader.ValueTextEquals("path"u8)) { path = F.Object(ref reader, ReadPathModifier, nullable: true); }
            else { F.Skip(ref reader); }
        }

        return new RewriteFilter(hostname, path);
    }

    private static PathModifier? ReadPathModifier(ref Utf8JsonReader reader) =>
        F.TwoStrings(ref reader, "type"u8, "value"u8, static (type, value) => new PathModifier(type, value));

    private static MirrorFilter? ReadMirror(ref Utf8JsonReader reader)
    {
        if (!F.StartObject(ref reader))
        {
            return null;
        }

        Backend? backend = null;
        var (numerator, denominator) = (0, 0);
        while (F.NextMember(ref reader))
        {
            if (reader.ValueTextEquals("backend"u8)) { backend = F.Object(ref reader, RouteEntryReader.Backend, nullable: false); }
            else if (reader.ValueTextEquals("numerator"u8)) { numerator = F.Int(ref reader); }
            else if (reader.ValueTextEquals("denominator"u8)) { denominator = F.Int(ref reader); }
            else { F.Skip(ref reader); }
        }

        return new MirrorFilter(backend!, numerator, denominator);
    }
}
