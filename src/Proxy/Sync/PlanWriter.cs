using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using GitGateway.Plan;
using GitGateway.Plan.Model;
using GitGateway.Plan.Serialization;

namespace GitGateway.Proxy.Sync;

/// <summary>
/// The canonical bytes of a plan and its hash, the bytes <see cref="PlanJson.ToCanonicalBytesWithHash"/> gives, written
/// by hand for the records <see cref="PlanReader"/> reads by hand and by System.Text.Json for the rest: after the reader,
/// serialising the plan once to name it was the next largest step before a node is ready (bench/node/README.md). Members
/// in declaration order, nulls left out, arrays always written, enums by the converter <see cref="PlanJson.Canonical"/>
/// has. A plan with a null where its record does not allow one (a plan the validator will refuse) is handed to
/// <see cref="PlanJson"/> whole, so such a plan is named exactly as before. PlanWriterTests compares the bytes.
/// </summary>
internal sealed class PlanWriter
{
    private readonly Utf8JsonWriter _json;

    private bool _unexpectedNull;

    private PlanWriter(IBufferWriter<byte> output) =>
        _json = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = PlanJson.Canonical.Encoder, Indented = false, SkipValidation = true });

    public static (byte[] Bytes, string Hash) CanonicalBytesWithHash(RoutingPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var output = new ArrayBufferWriter<byte>(64 * 1024);
        var writer = new PlanWriter(output);
        writer.Plan(plan);
        writer._json.Flush();
        if (writer._unexpectedNull)
        {
            return PlanJson.ToCanonicalBytesWithHash(plan);
        }

        var bytes = output.WrittenSpan.ToArray();
        return (bytes, PlanJson.HashOf(bytes) ?? PlanJson.Hash(plan));
    }

    private void Plan(RoutingPlan plan)
    {
        _json.WriteStartObject();
        String("schemaVersion"u8, plan.SchemaVersion, nullable: false);
        String("source"u8, plan.Source, nullable: false);
        Array("listeners"u8, plan.Listeners, Listener);
        ArrayBySerializer("vips"u8, plan.Vips);
        if (plan.VipPools is { } pools)
        {
            ArrayBySerializer("vipPools"u8, pools);
        }

        _json.WriteEndObject();
    }

    private void Listener(Listener listener)
    {
        String("id"u8, listener.Id, nullable: false);
        Object("gateway"u8, listener.Gateway, ObjectRef);
        String("name"u8, listener.Name, nullable: false);
        _json.WriteNumber("port"u8, listener.Port);
        Enum("protocol"u8, listener.Protocol);
        String("hostname"u8, listener.Hostname, nullable: true);
        BySerializer("tls"u8, listener.Tls);
        Array("virtualHosts"u8, listener.VirtualHosts, VirtualHost);
        ArrayBySerializer("l4Routes"u8, listener.L4Routes);
        Object("source"u8, listener.Source, SourceMark);
    }

    private void VirtualHost(VirtualHost host)
    {
        String("id"u8, host.Id, nullable: false);
        String("hostname"u8, host.Hostname, nullable: false);
        Array("routes"u8, host.Routes, RouteEntry);
    }

    private void RouteEntry(RouteEntry entry)
    {
        String("id"u8, entry.Id, nullable: false);
        Object("route"u8, entry.Route, ObjectRef);
        String("ruleName"u8, entry.RuleName, nullable: true);
        Object("match"u8, entry.Match, RouteMatch);
        ArrayBySerializer("filters"u8, entry.Filters);
        Array("backends"u8, entry.Backends, Backend);
        BySerializer("directResponse"u8, entry.DirectResponse);
        BySerializer("timeouts"u8, entry.Timeouts);
        BySerializer("retry"u8, entry.Retry);
        Array("policies"u8, entry.Policies, Policy);
        Object("source"u8, entry.Source, SourceMark);
    }

    private void RouteMatch(RouteMatch match)
    {
        Object("path"u8, match.Path, PathMatch);
        String("method"u8, match.Method, nullable: true);
        Array("headers"u8, match.Headers, StringMatch);
        Array("queryParams"u8, match.QueryParams, StringMatch);
    }

    private void PathMatch(PathMatch path)
    {
        Enum("type"u8, path.Type);
        String("value"u8, path.Value, nullable: false);
    }

    private void StringMatch(StringMatch match)
    {
        Enum("type"u8, match.Type);
        String("name"u8, match.Name, nullable: false);
        String("value"u8, match.Value, nullable: false);
    }

    private void Backend(Backend backend)
    {
        String("id"u8, backend.Id, nullable: false);
        String("kind"u8, backend.Kind, nullable: false);
        String("namespace"u8, backend.Namespace, nullable: false);
        String("name"u8, backend.Name, nullable: false);
        _json.WriteNumber("port"u8, backend.Port);
        _json.WriteNumber("weight"u8, backend.Weight);
        String("appProtocol"u8, backend.AppProtocol, nullable: true);
        ArrayBySerializer("filters"u8, backend.Filters);
        String("unresolved"u8, backend.Unresolved, nullable: true);
        BySerializer("tls"u8, backend.Tls);
    }

    private void Policy(AppliedPolicy policy)
    {
        String("id"u8, policy.Id, nullable: false);
        Enum("type"u8, policy.Type);
        Enum("origin"u8, policy.Origin);
        _json.WriteBoolean("enforced"u8, policy.Enforced);
        Object("source"u8, policy.Source, SourceMark);
        BySerializer("rateLimit"u8, policy.RateLimit);
        BySerializer("jwt"u8, policy.Jwt);
        BySerializer("waf"u8, policy.Waf);
        BySerializer("cors"u8, policy.Cors);
        BySerializer("ipFilter"u8, policy.IpFilter);
    }

    private void ObjectRef(ObjectRef reference)
    {
        String("kind"u8, reference.Kind, nullable: false);
        String("namespace"u8, reference.Namespace, nullable: false);
        String("name"u8, reference.Name, nullable: false);
    }

    private void SourceMark(SourceMark mark)
    {
        String("file"u8, mark.File, nullable: false);
        _json.WriteNumber("line"u8, mark.Line);
        _json.WriteNumber("column"u8, mark.Column);
    }

    private void String(ReadOnlySpan<byte> name, string? value, bool nullable)
    {
        if (value is not null)
        {
            _json.WriteString(name, value);
        }
        else
        {
            _unexpectedNull |= !nullable;
        }
    }

    private void Enum<T>(ReadOnlySpan<byte> name, T value)
        where T : struct, Enum
    {
        _json.WritePropertyName(name);
        PlanJsonFields.EnumConverter<T>.Instance.Write(_json, value, PlanJson.Canonical);
    }

    private void Object<T>(ReadOnlySpan<byte> name, T? value, Action<T> members)
        where T : class
    {
        if (value is null)
        {
            _unexpectedNull = true;
            return;
        }

        _json.WritePropertyName(name);
        _json.WriteStartObject();
        members(value);
        _json.WriteEndObject();
    }

    private void Array<T>(ReadOnlySpan<byte> name, EquatableArray<T> items, Action<T> members)
        where T : class
    {
        _json.WriteStartArray(name);
        foreach (var item in items)
        {
            if (item is null)
            {
                _unexpectedNull = true;
                continue;
            }

            _json.WriteStartObject();
            members(item);
            _json.WriteEndObject();
        }

        _json.WriteEndArray();
    }

    /// <summary>A member System.Text.Json writes, left out when null.</summary>
    private void BySerializer<T>(ReadOnlySpan<byte> name, T? value)
        where T : class
    {
        if (value is not null)
        {
            _json.WritePropertyName(name);
            JsonSerializer.Serialize(_json, value, PlanJson.Canonical);
        }
    }

    /// <summary>An array System.Text.Json writes, except an empty one (the most common), which is written here.</summary>
    private void ArrayBySerializer<T>(ReadOnlySpan<byte> name, EquatableArray<T> items)
    {
        _json.WritePropertyName(name);
        if (items.IsEmpty)
        {
            _json.WriteStartArray();
            _json.WriteEndArray();
            return;
        }

        JsonSerializer.Serialize(_json, items, PlanJson.Canonical);
    }
}
