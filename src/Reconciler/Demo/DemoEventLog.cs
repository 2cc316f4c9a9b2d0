using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace GitGateway.Reconciler.Demo;

/// <summary>
/// The control plane's events as its console prints them, kept for <c>gitgateway demo --self-check</c> to check that
/// a newcomer sees each kind: fetched, rendered, refused with <c>file:line</c>, applied revision to N nodes in T ms.
/// A logger provider beside the console's, so it reads the same messages (GitGateway's own, Information and up).
/// </summary>
internal sealed partial class DemoEventLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _messages = new();

    /// <summary>Each kind of event the README promises, and a pattern its console line matches.</summary>
    public static IReadOnlyList<(string Kind, Regex Pattern)> Kinds { get; } =
    [
        ("fetched", FetchedLine()),
        ("rendered", RenderedLine()),
        ("refused with file:line", RefusedLine()),
        ("applied", AppliedLine()),
    ];

    public IReadOnlyCollection<string> Messages => _messages;

    /// <summary>The kinds of event not logged so far.</summary>
    public IReadOnlyList<string> Missing() => [.. Kinds.Where(k => !_messages.Any(m => k.Pattern.IsMatch(m))).Select(k => k.Kind)];

    public ILogger CreateLogger(string categoryName) =>
        categoryName.StartsWith("GitGateway.", StringComparison.Ordinal) ? new Recorder(_messages) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public void Dispose()
    {
    }

    [GeneratedRegex(@"^Fetched \S+ at [0-9a-f]{40}\b")]
    private static partial Regex FetchedLine();

    [GeneratedRegex(@"^Rendered [0-9a-f]+ in \d+ ms: \d+ listeners, \d+ errors$")]
    private static partial Regex RenderedLine();

    [GeneratedRegex(@"^Refused .*\S+\.ya?ml:\d+:\d+: error \w+: ")]
    private static partial Regex RefusedLine();

    [GeneratedRegex(@"^Applied revision \d+ to \d+/\d+ nodes in \d+ ms$")]
    private static partial Regex AppliedLine();

    private sealed class Recorder(ConcurrentQueue<string> messages) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel) && messages.Count < 10_000)
            {
                messages.Enqueue(formatter(state, exception));
            }
        }
    }
}
