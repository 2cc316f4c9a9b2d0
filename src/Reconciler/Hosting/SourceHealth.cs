namespace GitGateway.Reconciler.Hosting;

/// <summary>
/// How fetching a repository's remote goes: the last error (unreachable, refused credentials, a refused or changed
/// URL; already free of credentials) and since when, and when the last fetch succeeded with which target head.
/// Written by the reconcile loop only; read by <c>/v1/status</c>.
/// </summary>
internal sealed class SourceHealth(TimeProvider time)
{
    private volatile Snapshot _current = new(null, null, null, null);

    public Snapshot Current => _current;

    /// <summary>Records a good fetch; returns true when it ends a failure.</summary>
    public bool Succeeded(string? head)
    {
        var recovered = _current.Error is not null;
        _current = new Snapshot(null, null, time.GetUtcNow(), head ?? _current.LastGoodRevision);
        return recovered;
    }

    /// <summary>Records a failed fetch; returns true when the error is new (not the same as the last one).</summary>
    public bool Failed(string error)
    {
        var previous = _current;
        var isNew = previous.Error != error;
        _current = previous with { Error = error, FailingSince = previous.FailingSince ?? time.GetUtcNow() };
        return isNew;
    }

    /// <summary>Age of the last good fetch in whole seconds, or null before the first one.</summary>
    public long? LastGoodAgeSeconds() =>
        _current.LastGoodFetch is { } at ? (long)(time.GetUtcNow() - at).TotalSeconds : null;

    internal sealed record Snapshot(string? Error, DateTimeOffset? FailingSince, DateTimeOffset? LastGoodFetch, string? LastGoodRevision);
}
