namespace GitGateway.Proxy.Observability;

/// <summary>
/// Label values in the Prometheus text format: backslash, double quote and line feed must be written <c>\\</c>,
/// <c>\"</c> and <c>\n</c> (https://prometheus.io/docs/instrumenting/exposition_formats/#text-format-details).
/// Route ids and backend names come from Git: an unescaped line feed would end the sample mid-label and make the
/// whole scrape unreadable.
/// </summary>
internal static class PrometheusLabel
{
    public static string Escape(string value)
    {
        if (value.AsSpan().IndexOfAny('\\', '"', '\n') < 0)
        {
            return value;
        }

        return value.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal);
    }
}
