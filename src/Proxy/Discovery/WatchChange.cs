namespace GitGateway.Proxy.Discovery;

/// <summary>
/// The kind of one watch event (https://kubernetes.io/docs/reference/using-api/api-concepts/#watch-bookmarks): the
/// node's own, since the client it uses (KubernetesClient.Aot) has no watch of its own.
/// </summary>
internal enum WatchChange
{
    Added,
    Modified,
    Deleted,

    /// <summary>Only moves the resourceVersion on: the object carries nothing else.</summary>
    Bookmark,
}
