using System.Text.Json;

namespace GitGateway.Proxy.Observability;

/// <summary>The fields of one access log line.</summary>
internal sealed record AccessLogEntry(
    DateTimeOffset Time,
    string Method,
    string Host,
    string Target,
    string Protocol,
    int Status,
    string Route,
    string Backend,
    string? Endpoint,
    string? Error,
    double DurationMs,
    string? Client)
{
    public void WriteTo(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteString("time", Time);
        json.WriteString("method", Method);
        json.WriteString("host", Host);
        json.WriteString("target", Target);
        json.WriteString("protocol", Protocol);
        json.WriteNumber("status", Status);
        json.WriteString("route", Route);
        json.WriteString("backend", Backend);
        json.WriteString("endpoint", Endpoint);
        json.WriteString("error", Error);
        json.WriteNumber("duration_ms", Math.Round(DurationMs, 3));
        json.WriteString("client", Client);
        json.WriteEndObject();
    }
}
