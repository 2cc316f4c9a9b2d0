namespace GitGateway.Proxy.Discovery;

/// <summary>What a <see cref="KubeWatchLoop{T}"/> feeds: the whole state after a list, then each change.</summary>
internal interface IWatchSink<in T>
{
    void Reset(IEnumerable<T> items);

    /// <summary>An ADDED, MODIFIED or DELETED event (bookmarks and errors stay in the loop).</summary>
    void Apply(WatchChange type, T item);
}
