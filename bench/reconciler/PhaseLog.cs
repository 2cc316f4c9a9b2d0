using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace GitGateway.Reconciler.Bench;

/// <summary>
/// Every log entry of the control plane and the nodes with the moment it was written and its structured values:
/// the phases of a merge (fetched, rendered, published, applied on a node) are read from these marks.
/// </summary>
internal sealed class PhaseLog : ILoggerProvider
{
    private const string Applied = "plan {Hash} from {Source} applied";

    private readonly ConcurrentQueue<Mark> _marks = new();
    private TaskCompletionSource _applied = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a node next logs that it applied a plan (take it before looking, so no mark is missed).</summary>
    public Task NextApplied => Volatile.Read(ref _applied).Task;

    public ILogger CreateLogger(string categoryName) => new Writer(this, categoryName.StartsWith("GitGateway.", StringComparison.Ordinal));

    /// <summary>The first entry after <paramref name="since"/> whose template starts with <paramref name="template"/> and names <paramref name="commit"/>.</summary>
    public Mark? Find(string template, string commit, long since, int skip = 0) => _marks
        .Where(m => m.At >= since && m.Template.StartsWith(template, StringComparison.Ordinal) && m.Text.Contains(commit, StringComparison.Ordinal))
        .Skip(skip)
        .Cast<Mark?>()
        .FirstOrDefault();

    /// <summary>The last <paramref name="count"/> entries, to say why a round did not finish.</summary>
    public IEnumerable<string> Tail(int count) => _marks.TakeLast(count).Select(m => m.Text);

    public void Dispose()
    {
    }

    internal sealed record Mark(long At, string Template, string Text, IReadOnlyDictionary<string, object?> Values);

    private sealed class Writer(PhaseLog log, bool ours) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => ours && logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? pairs.ToDictionary(p => p.Key, p => p.Value) : [];
            var template = values.GetValueOrDefault("{OriginalFormat}") as string ?? "";
            log._marks.Enqueue(new Mark(Stopwatch.GetTimestamp(), template, formatter(state, exception), values));
            if (template.StartsWith(Applied, StringComparison.Ordinal))
            {
                Interlocked.Exchange(ref log._applied, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            }
        }
    }
}
