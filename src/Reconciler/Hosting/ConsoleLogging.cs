namespace GitGateway.Reconciler.Hosting;

/// <summary>
/// The control plane's console log: one line per event with the repository's scope, or (<c>--log-format json</c>)
/// one JSON object per event for a log shipper. Kestrel's per-request lines would bury the reconcile log, so
/// ASP.NET Core logs only its problems.
/// </summary>
internal static class ConsoleLogging
{
    public static void Configure(ILoggingBuilder logging, bool json)
    {
        logging.ClearProviders();
        if (json)
        {
            logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.UseUtcTimestamp = true;
            });
        }
        else
        {
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.IncludeScopes = true;
                o.TimestampFormat = "HH:mm:ss ";
            });
        }

        logging.SetMinimumLevel(LogLevel.Information);
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);
        logging.AddFilter("Quartz", LogLevel.Warning);
    }
}
