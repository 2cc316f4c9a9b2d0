namespace GitGateway.Proxy.Tests.Support;

/// <summary>The access log a <see cref="ProxyHost"/> writes to its output (a synchronized writer over a <see cref="StringWriter"/>).</summary>
internal static class AccessLogLines
{
    /// <summary>The access log is written off the request path: wait (bounded) for the line that holds <paramref name="marker"/>; empty if none came.</summary>
    public static async Task<string> FindAsync(StringWriter output, TextWriter log, string marker)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            string text;
            lock (log)
            {
                text = output.ToString();
            }

            var line = text.Split('\n').FirstOrDefault(l => l.Contains(marker, StringComparison.Ordinal));
            if (line is not null)
            {
                return line;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        return "";
    }
}
