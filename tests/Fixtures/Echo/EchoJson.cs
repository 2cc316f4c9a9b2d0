using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace GitGateway.Fixtures.Echo;

/// <summary>
/// The JSON body the conformance echo answers with (conformance README section 4.1). Field names and value
/// shapes are what the conformance client parses: raw RequestURI, Go-canonical multi-valued headers.
/// </summary>
internal static class EchoJson
{
    public static byte[] Write(HttpContext context, string requestUri, EchoOptions options, EchoTlsInfo? tls)
    {
        var request = context.Request;
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("path", requestUri);
            json.WriteString("host", request.Host.Value ?? "");
            json.WriteString("method", request.Method);
            json.WriteString("proto", ProtoName(request.Protocol));
            WriteHeaders(json, request.Headers);
            json.WriteString("namespace", options.Namespace);
            json.WriteString("ingress", "");
            json.WriteString("service", "");
            json.WriteString("pod", options.Pod);
            json.WriteString("httpPort", context.Connection.LocalPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (tls is not null)
            {
                WriteTls(json, tls);
            }

            json.WriteEndObject();
        }

        return stream.ToArray();
    }

    /// <summary>Go reports <c>HTTP/2.0</c> where ASP.NET Core says <c>HTTP/2</c>.</summary>
    public static string ProtoName(string protocol) => protocol switch
    {
        "HTTP/2" => "HTTP/2.0",
        "HTTP/3" => "HTTP/3.0",
        _ => protocol,
    };

    private static void WriteHeaders(Utf8JsonWriter json, IHeaderDictionary headers)
    {
        json.WriteStartObject("headers");
        var groups = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (name, values) in headers)
        {
            // Go moves Host out of the header map and never shows pseudo-headers.
            if (name.StartsWith(':') || name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var key = GoHeaderName.Canonical(name);
            if (!groups.TryGetValue(key, out var list))
            {
                groups[key] = list = [];
            }

            foreach (var value in values)
            {
                list.Add(value ?? "");
            }
        }

        foreach (var (name, values) in groups)
        {
            json.WriteStartArray(name);
            foreach (var value in values)
            {
                json.WriteStringValue(value);
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static void WriteTls(Utf8JsonWriter json, EchoTlsInfo tls)
    {
        json.WriteStartObject("tls");
        json.WriteString("version", tls.Version);
        json.WriteString("serverName", tls.ServerName);
        json.WriteString("negotiatedProtocol", tls.NegotiatedProtocol);
        json.WriteString("cipherSuite", tls.CipherSuite);
        json.WriteStartArray("peerCertificates");
        foreach (var pem in tls.PeerCertificates)
        {
            json.WriteStringValue(pem);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
